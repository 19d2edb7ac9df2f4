"""The registry and review service behind `osaid serve` (see docs/registry.md).

Layers: `db` (engine and sessions), `models` (the ORM), `services` (every read and write the
pages and the API perform), `auth` (accounts, sessions, CSRF, rate limits, API tokens),
`api` (REST under /api/v1) and `app` (`create_app`).
"""
