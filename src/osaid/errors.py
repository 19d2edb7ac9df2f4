"""The exception tree of osaid.

    OsaidError
     ├── InputError            bad user input: a file, a line, a field (exit 2)
     │    └── ManifestError     a manifest or MOT record that does not validate
     ├── UnknownIdError        an id (definition, catalog slug, license) that does not exist (exit 2)
     └── DataError             a packaged data file is broken: a bug in osaid (exit 3)

Domain code raises these and never prints or exits; the CLI maps them to messages and exit
codes in one table (`osaid.cli._errors`).
"""

from __future__ import annotations


class OsaidError(Exception):
    """Base class of every error osaid raises on purpose."""


class InputError(OsaidError):
    """Bad input from the user, located as precisely as we can."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f": {self.field}"
        return f"{where}: {self.message}"


class ManifestError(InputError):
    """A manifest or MOT record that cannot be read or does not validate."""


class UnknownIdError(OsaidError):
    """A definition id, catalog slug or other identifier that does not exist."""

    def __init__(self, kind: str, value: str, known: list[str] | None = None) -> None:
        self.kind = kind
        self.value = value
        self.known = known or []
        hint = f" (known: {', '.join(self.known)})" if self.known and len(self.known) <= 40 else ""
        super().__init__(f"unknown {kind} {value!r}{hint}")


class DataError(OsaidError):
    """A data file shipped inside the package is invalid."""
