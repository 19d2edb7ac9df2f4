"""The registry and review service behind `osaid serve` (see docs/registry.md).

Layers, each importing only those above it in this list:

* `errors`, `models`, `db`, `migrate`: the database and its tables;
* `passwords`, `ratelimit`: credentials and rate limits;
* `services`: every read and write the pages and the API perform;
* `state`: the settings and the process state one app shares between requests;
* `auth`: sessions, CSRF, the signed-in user; `middleware`: headers and the response cache;
* `web`: what the API and the pages share (cached responses);
* `api` (REST under /api/v1) and `pages` (HTML);
* `app`: `create_app`.
"""
