"""The packaged templates (``data/templates.bin``), read one record at a time on first use."""

from __future__ import annotations

import json
import zlib
from functools import cache
from importlib import resources
from typing import Any

from osaid.errors import DataError
from osaid.licenses.identify._template import Template
from osaid.licenses.identify._words import WORDS_VERSION

RESOURCE = "templates.bin"
MAGIC = b"OSAIDTP1"


class Templates:
    """Lazy access to the compiled templates: only the small header is parsed at start."""

    def __init__(self, raw: bytes) -> None:
        if raw[:8] != MAGIC:
            raise DataError(f"{RESOURCE} has a wrong magic number")
        n = int.from_bytes(raw[8:12], "little")
        head: dict[str, Any] = json.loads(raw[12 : 12 + n])
        if head.get("words_version") != WORDS_VERSION:
            raise DataError(
                f"{RESOURCE} was built for another version of the word rules; rebuild it with"
                " python -m osaid.licenses.identify.build_index"
            )
        self._raw = raw
        self._base = 12 + n
        self._records: dict[str, list[int]] = head["records"]
        self._cache: dict[str, Template] = {}

    def __contains__(self, key: str) -> bool:
        return key in self._records

    def elements(self, key: str) -> list[Any]:
        off, length = self._records[key]
        start = self._base + off
        data: list[Any] = json.loads(zlib.decompress(self._raw[start : start + length]))
        return data

    def get(self, key: str) -> Template:
        t = self._cache.get(key)
        if t is None:
            t = self._cache[key] = Template.from_elements(key, self.elements(key))
        return t


@cache
def get_templates() -> Templates:
    try:
        raw = resources.files("osaid.licenses.identify").joinpath("data", RESOURCE).read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise DataError(f"license templates {RESOURCE} are missing from the package") from exc
    return Templates(raw)
