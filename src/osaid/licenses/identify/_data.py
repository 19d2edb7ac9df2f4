"""The packaged data files that `build_index` writes, read and checked in one way."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

from osaid.errors import DataError

REBUILD = "rebuild it with python -m osaid.licenses.identify.build_index"


def read_data(resource: str, what: str) -> bytes:
    """The bytes of ``data/<resource>``; a DataError naming `what` when it is missing."""
    try:
        return resources.files("osaid.licenses.identify").joinpath("data", resource).read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise DataError(f"{what} {resource} is missing from the package") from exc


def check_built_for(
    resource: str, what: str, header: Mapping[str, Any], expected: Mapping[str, Any]
) -> None:
    """A DataError when a data file's header records other versions than this code's (the
    file was built by another version of the package)."""
    wrong = sorted(k for k, v in expected.items() if header.get(k) != v)
    if wrong:
        raise DataError(f"{what} {resource} was built for another {', '.join(wrong)}; {REBUILD}")
