"""The one table that turns errors into messages and exit codes.

Exit codes: 0 evaluated (and every --require met), 1 a --require not met, 2 bad input or
usage, 3 internal or runtime error (a bug, or a source that cannot be read), 4 a source that
is unreachable now (network down, Hub or git host unavailable, offline and not cached, gated:
worth retrying, never a verdict). Set OSAID_DEBUG=1 to see tracebacks.
"""

from __future__ import annotations

import os
import sys
import traceback
from enum import IntEnum

from osaid.errors import DataError, InputError, OsaidError, UnknownIdError
from osaid.sources.interface import SourceError, SourceUnavailableError


class ExitCode(IntEnum):
    OK = 0
    REQUIREMENT_NOT_MET = 1
    USAGE = 2
    INTERNAL = 3
    SOURCE_UNAVAILABLE = 4


_TABLE: tuple[tuple[type[BaseException], ExitCode, str], ...] = (
    (InputError, ExitCode.USAGE, ""),
    (UnknownIdError, ExitCode.USAGE, ""),
    (DataError, ExitCode.INTERNAL, "osaid's packaged data is broken (please report): "),
    (SourceUnavailableError, ExitCode.SOURCE_UNAVAILABLE, "cannot reach the release: "),
    (SourceError, ExitCode.INTERNAL, "cannot read the release: "),
    (OsaidError, ExitCode.INTERNAL, ""),
)


def message_for(exc: BaseException) -> tuple[ExitCode, str]:
    for kind, code, prefix in _TABLE:
        if isinstance(exc, kind):
            return code, prefix + str(exc)
    return ExitCode.INTERNAL, (
        f"internal error: {type(exc).__name__}: {exc} (set OSAID_DEBUG=1 for a traceback)"
    )


def report(exc: BaseException) -> ExitCode:
    code, message = message_for(exc)
    if os.environ.get("OSAID_DEBUG"):
        traceback.print_exception(exc, file=sys.stderr)
    print(f"osaid: error: {message}", file=sys.stderr)
    return code
