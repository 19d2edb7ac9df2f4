"""Checks on the curated license data files that fail with the file, the line and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from osaid._yaml import Path_, YamlDocument, load_yaml_file
from osaid.errors import DataError, InputError


def read_data(path: Path) -> YamlDocument:
    try:
        return load_yaml_file(path)
    except InputError as exc:
        raise DataError(exc.one_line()) from None


def read_checked(
    path: Path, required: set[str], optional: set[str]
) -> tuple[Checker, dict[str, Any]]:
    """A data file's checker and its top-level mapping, whose fields are checked."""
    doc = read_data(path)
    chk = Checker(doc)
    root = chk.mapping(doc.data, ())
    chk.keys(root, (), required, optional)
    return chk, root


class Checker:
    """Type checks on a parsed document that fail with file, line and field."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc

    def fail(self, path: Path_, message: str) -> NoReturn:
        line = self.doc.line_of(path)
        where = self.doc.file + (f":{line}" if line is not None else "")
        field = ".".join(str(p) for p in path) or "<document>"
        raise DataError(f"{where}: {field}: {message}")

    def mapping(self, value: Any, path: Path_) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, f"expected a mapping, got {kind_of(value)}")
        for key in value:
            if not isinstance(key, str):
                self.fail(path, f"keys must be text, got {key!r}")
        return value

    def sequence(self, value: Any, path: Path_) -> list[Any]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list, got {kind_of(value)}")
        return value

    def keys(
        self, value: dict[str, Any], path: Path_, required: set[str], optional: set[str]
    ) -> None:
        for key in sorted(required - value.keys()):
            self.fail(path, f"missing required field {key!r}")
        for key in value:
            if key not in required and key not in optional:
                self.fail((*path, key), f"unknown field {key!r}")

    def text(self, value: Any, path: Path_, *, allow_empty: bool = False) -> str:
        if not isinstance(value, str):
            self.fail(path, f"expected text, got {kind_of(value)}")
        if not allow_empty and not value.strip():
            self.fail(path, "must not be empty")
        return value

    def opt_text(self, value: Any, path: Path_) -> str | None:
        return None if value is None else self.text(value, path)

    def texts(self, value: Any, path: Path_) -> tuple[str, ...]:
        if value is None:
            return ()
        items = self.sequence(value, path)
        return tuple(self.text(v, (*path, i)) for i, v in enumerate(items))

    def boolean(self, value: Any, path: Path_) -> bool:
        if not isinstance(value, bool):
            self.fail(path, f"expected true or false, got {kind_of(value)}")
        return value

    def url(self, value: Any, path: Path_) -> str:
        text = self.text(value, path)
        if not text.startswith(("https://", "http://")):
            self.fail(path, f"expected an http(s) URL, got {text!r}")
        return text


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return {dict: "a mapping", list: "a list", str: "text", bool: "a boolean"}.get(
        type(value), type(value).__name__
    )
