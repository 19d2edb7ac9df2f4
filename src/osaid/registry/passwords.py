"""Passwords and API tokens: argon2id hashes (argon2-cffi's `PasswordHasher`, its default
parameters) and 256-bit random tokens (`osaid_…`) kept only as SHA-256."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password of anyone")


def set_password_hasher(hasher: PasswordHasher) -> None:
    """Replace the argon2 parameters (tests use cheap ones; production keeps the defaults)."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = hasher.hash("not a password of anyone")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; with no hash (no such account), False after the same
    work as a real check, so that timing does not tell which accounts exist."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return "osaid_" + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
