"""The packaged templates (``data/templates.bin``), read one record at a time on first use."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from osaid.errors import DataError
from osaid.licenses.identify._data import check_built_for, read_data
from osaid.licenses.identify._template import Template
from osaid.licenses.identify._words import WORDS_VERSION

RESOURCE = "templates.bin"
MAGIC = b"OSAIDTP3"


class Templates:
    """Lazy access to the compiled templates: only the small header is parsed at start."""

    def __init__(self, raw: bytes) -> None:
        if raw[:8] != MAGIC:
            raise DataError(f"{RESOURCE} has a wrong magic number")
        n = int.from_bytes(raw[8:12], "little")
        head: dict[str, Any] = json.loads(raw[12 : 12 + n])
        check_built_for(RESOURCE, "license templates", head, {"words_version": WORDS_VERSION})
        self._raw = raw
        self._base = 12 + n
        self._records: dict[str, list[int]] = head["records"]
        self._cache: dict[str, Template] = {}

    def __contains__(self, key: str) -> bool:
        return key in self._records

    def _packed(self, key: str) -> list[Any]:
        off, length, _ = self._records[key]
        start = self._base + off
        data: list[Any] = json.loads(self._raw[start : start + length])
        return data

    def elements(self, key: str) -> list[Any]:
        """The template's elements (`_template` describes them)."""
        return unpack(self._packed(key))

    def get(self, key: str) -> Template:
        t = self._cache.get(key)
        if t is None:
            size = self._records[key][2]
            t = self._cache[key] = Template.from_packed(key, self._packed(key), size)
        return t


def pack(elems: list[Any]) -> list[Any]:
    """Elements as stored: each run of words one string (JSON parses a few long strings much
    faster than many short ones)."""
    out: list[Any] = []
    for e in elems:
        if e[0] == "w":
            out.append(["w", " ".join(e[1]), e[2]])
        elif e[0] == "a":
            out.append(["a", e[1], e[2], " ".join(e[3]), e[4]])
        else:
            out.append(["o", e[1], pack(e[2])])
    return out


def unpack(elems: list[Any]) -> list[Any]:
    out: list[Any] = []
    for e in elems:
        if e[0] == "w":
            out.append(["w", e[1].split(" ") if e[1] else [], e[2]])
        elif e[0] == "a":
            out.append(["a", e[1], e[2], e[3].split(" ") if e[3] else [], e[4]])  # no follow
        else:
            out.append(["o", e[1], unpack(e[2])])
    return out


@cache
def get_templates() -> Templates:
    return Templates(read_data(RESOURCE, "license templates"))
