"""Safe YAML reading with line numbers and limits.

Every YAML document osaid reads (manifests, MOT records, packaged data) goes through
`load_yaml`. It uses PyYAML's safe composer (the C one when available), then builds plain
Python values itself so that it can

* remember the line of every mapping key and sequence item (for one-line error messages),
* refuse documents whose aliases expand past a node budget ("billion laughs"),
* refuse files that are too large, empty, binary or not UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from osaid.errors import InputError

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C parser when libyaml is there

MAX_BYTES = 4 * 1024 * 1024
"""Largest YAML file we read; real manifests and MOT records are a few kilobytes."""

MAX_NODES = 200_000
"""Largest number of values a document may expand to, counting every alias expansion."""

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed document and the line (1-based) where each value starts."""

    data: Any
    file: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """Line of the value at `path`, or of its nearest parent we know."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get(())


def read_text_file(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a small UTF-8 text file, refusing large, empty and binary files."""
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", file=name) from None
    if path.is_dir():
        raise InputError("is a directory, expected a file", file=name)
    if size > max_bytes:
        raise InputError(f"file is {size} bytes, larger than the {max_bytes}-byte limit", file=name)
    raw = path.read_bytes()[: max_bytes + 1]
    if not raw.strip():
        raise InputError("file is empty", file=name)
    if b"\x00" in raw:
        raise InputError("file is binary, expected YAML or JSON text", file=name)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError("file is not valid UTF-8", file=name, line=line) from None


def load_yaml_file(path: Path) -> YamlDocument:
    """Read and parse one YAML file."""
    return load_yaml(read_text_file(path), file=str(path))


def load_yaml(text: str, *, file: str = "<string>") -> YamlDocument:
    """Parse one YAML document from `text`."""
    if len(text) > MAX_BYTES:
        raise InputError(f"document larger than the {MAX_BYTES}-byte limit", file=file)
    if not text.strip():
        raise InputError("document is empty", file=file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"invalid YAML: {problem}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", file=file) from None
    if node is None:
        raise InputError("document is empty", file=file)
    builder = _Builder(file)
    data = builder.build(node, ())
    return YamlDocument(data=data, file=file, lines=builder.lines)


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.budget = MAX_NODES
        self._scalars = yaml.SafeLoader("")

    def _spend(self, node: yaml.Node) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise InputError(
                f"document expands to more than {MAX_NODES} values (YAML alias bomb?)",
                file=self.file,
                line=node.start_mark.line + 1,
            )

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self._spend(node)
        if len(path) < 64:
            self.lines.setdefault(path, node.start_mark.line + 1)
        elif len(path) > 200:
            raise InputError(
                "document nests too deeply", file=self.file, line=node.start_mark.line + 1
            )
        if isinstance(node, yaml.ScalarNode):
            try:
                value = self._scalars.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                raise InputError(
                    f"invalid value: {exc}", file=self.file, line=node.start_mark.line + 1
                ) from None
            # Dates stay text: manifests and records are also read as JSON.
            return value.isoformat() if isinstance(value, (date, datetime)) else value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return dict(self._pairs(node, path))
        raise InputError("unsupported YAML node", file=self.file, line=node.start_mark.line + 1)

    def _pairs(self, node: yaml.MappingNode, path: Path_) -> Iterator[tuple[Any, Any]]:
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise InputError(
                    "YAML merge keys ('<<') are not supported",
                    file=self.file,
                    line=key_node.start_mark.line + 1,
                )
            key = self.build(key_node, (*path, "\0key"))
            if isinstance(key, (list, dict)):
                raise InputError(
                    "mapping keys must be scalars",
                    file=self.file,
                    line=key_node.start_mark.line + 1,
                )
            if key in seen:
                raise InputError(
                    f"duplicate key {key!r}", file=self.file, line=key_node.start_mark.line + 1
                )
            seen.add(key)
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            yield key, self.build(value_node, (*path, key))
