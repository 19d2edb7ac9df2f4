"""Errors of the registry services; the web layers map them to HTTP statuses.

Bad input raises `osaid.errors.InputError` (422 in the API); the rest are below.
"""

from __future__ import annotations


class RegistryError(Exception):
    """Base class of the registry's own errors."""

    status_code = 400

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotFound(RegistryError):
    """The system, submission, user or definition does not exist (404)."""

    status_code = 404


class PermissionDenied(RegistryError):
    """The user's role does not allow the action (403; 401 in the API when anonymous)."""

    status_code = 403


class Conflict(RegistryError):
    """The write conflicts with existing rows: a second ballot, a taken username (409)."""

    status_code = 409


class RateLimited(RegistryError):
    """Too many attempts; retry after `retry_after` seconds (429)."""

    status_code = 429

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after
