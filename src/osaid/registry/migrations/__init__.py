"""Alembic migrations of the registry (run through osaid.registry.migrate)."""
