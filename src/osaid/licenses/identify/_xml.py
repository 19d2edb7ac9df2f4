"""Read SPDX License List XML files (and osaid's own templates, written in the same format).

Used when the index is built (`build_index`), never at run time. A license file is turned
into a `Source`: its metadata (id, name, OSI flag, deprecation, what replaced it) and its
text as a tree of `Node`s:

* plain text;
* `Alt`: replaceable text (``<alt match="regex">default</alt>``, guideline 2.4);
* `Opt`: omittable text: ``<optional>`` (2.5), ``<titleText>`` (11) and ``<copyrightText>``
  (10) — a title or copyright notice may be absent, and a different copyright notice is
  skipped by the matcher like any other;
* `Bullet`: a list marker (7), rendered in the default text, ignored when matching.

``<standardLicenseHeader>`` inside the text is ordinary text (it is part of the license's
appendix); the one outside the text is kept separately as the license's *notice*.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

NS = "{http://www.spdx.org/license}"


@dataclass(frozen=True)
class Alt:
    name: str
    match: str
    default: str
    spacing: str = ""
    """``none`` when the part joins the text around it without a space."""


@dataclass(frozen=True)
class Bullet:
    text: str


@dataclass(frozen=True)
class Opt:
    kind: str
    """``optional``, ``title`` or ``copyright``."""
    children: tuple[Node, ...]


Node = str | Alt | Opt | Bullet


@dataclass(frozen=True)
class Source:
    """One license or exception as its XML file describes it."""

    id: str
    name: str
    exception: bool
    osi_approved: bool
    deprecated: bool
    deprecated_version: str | None
    obsoleted_by: tuple[str, ...]
    text: tuple[Node, ...]
    notice: tuple[Node, ...] | None
    """The ``<standardLicenseHeader>`` outside the text, or (for a license whose header is in
    its appendix) the first one inside it."""
    cross_refs: tuple[str, ...] = ()
    list_version_added: str | None = None
    path: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    """Attributes osaid's own templates add (family, version, source URL)."""


def _tag(el: ET.Element) -> str:
    return el.tag[len(NS) :] if el.tag.startswith(NS) else el.tag


def _nodes(el: ET.Element, out: list[Node], headers: list[tuple[Node, ...]]) -> None:
    """Append the nodes of `el`'s content (not its tail)."""
    if el.text:
        out.append(el.text)
    for child in el:
        tag = _tag(child)
        if tag == "p":
            out.append("\n\n")
            _nodes(child, out, headers)
            out.append("\n\n")
        elif tag == "br":
            out.append("\n")
        elif tag in ("list",):
            out.append("\n")
            _nodes(child, out, headers)
            out.append("\n")
        elif tag == "item":
            out.append("\n")
            _nodes(child, out, headers)
            out.append("\n")
        elif tag == "bullet":
            out.append(Bullet("".join(child.itertext()).strip()))
            out.append(" ")
        elif tag == "alt":
            out.append(
                Alt(
                    child.get("name", ""),
                    child.get("match", ""),
                    "".join(child.itertext()),
                    child.get("spacing", ""),
                )
            )
        elif tag == "optional" and (joined := _joined_suffix(child, out)) is not None:
            out.append(joined)
        elif tag in ("optional", "titleText", "copyrightText"):
            inner: list[Node] = []
            _nodes(child, inner, headers)
            kind = {"optional": "optional", "titleText": "title", "copyrightText": "copyright"}[tag]
            out.append(" ")
            out.append(Opt(kind, tuple(inner)))
            out.append(" ")
        elif tag == "standardLicenseHeader":
            inner = []
            _nodes(child, inner, headers)
            headers.append(tuple(inner))
            out.extend(inner)
        else:
            # Unknown markup: keep its text, so that nothing of the license is lost.
            _nodes(child, out, headers)
        if child.tail:
            out.append(child.tail)


_WORD_END = re.compile(r"(\w+)$")


def _joined_suffix(child: ET.Element, out: list[Node]) -> Alt | None:
    """An omittable ending of the word before it (NTP-0's ``name<optional spacing="none">s
    </optional>``), as a replaceable part that is the word with or without the ending: the
    matcher compares whole words, and ``names`` is one word."""
    suffix = "".join(child.itertext())
    if child.get("spacing") != "none" or len(child) or not re.fullmatch(r"\w+", suffix):
        return None
    if not out or not isinstance(out[-1], str):
        return None
    m = _WORD_END.search(out[-1])
    if m is None:
        return None
    word = m.group(1)
    out[-1] = out[-1][: m.start()]
    return Alt(
        f"{word}{suffix}",
        f"{re.escape(word)}(?:{re.escape(suffix)})?",
        word + suffix,
    )


def read_source(path: Path) -> Source:
    """Parse one license XML file."""
    root = ET.parse(path).getroot()
    el = next((c for c in root if _tag(c) in ("license", "exception")), None)
    if el is None:
        raise ValueError(f"{path}: no <license> or <exception> element")
    text_el = el.find(f"{NS}text")
    if text_el is None:
        raise ValueError(f"{path}: no <text>")
    headers: list[tuple[Node, ...]] = []
    nodes: list[Node] = []
    _nodes(text_el, nodes, headers)
    notice: tuple[Node, ...] | None = None
    top = el.find(f"{NS}standardLicenseHeader")
    if top is not None:
        inner: list[Node] = []
        _nodes(top, inner, [])
        notice = tuple(inner)
    elif headers:
        notice = headers[0]
    obsoleted = tuple(
        (o.text or "").strip() for o in el.iter(f"{NS}obsoletedBy") if (o.text or "").strip()
    )
    extra = {k[len("osaid-") :]: v for k, v in el.attrib.items() if k.startswith("osaid-")}
    return Source(
        id=el.get("licenseId", ""),
        name=el.get("name", ""),
        exception=_tag(el) == "exception",
        osi_approved=el.get("isOsiApproved") == "true",
        deprecated=el.get("deprecatedVersion") is not None,
        deprecated_version=el.get("deprecatedVersion"),
        obsoleted_by=obsoleted,
        text=tuple(_merge(nodes)),
        notice=tuple(_merge(list(notice))) if notice else None,
        cross_refs=tuple((c.text or "").strip() for c in el.iter(f"{NS}crossRef")),
        list_version_added=el.get("listVersionAdded"),
        path=str(path),
        extra=extra,
    )


def _merge(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for n in nodes:
        if isinstance(n, str) and out and isinstance(out[-1], str):
            out[-1] += n
        else:
            out.append(n)
    return out


def read_sources(directory: Path) -> list[Source]:
    """Every ``*.xml`` in `directory` and its ``exceptions/`` folder, sorted by id."""
    paths = sorted(directory.glob("*.xml")) + sorted((directory / "exceptions").glob("*.xml"))
    return sorted((read_source(p) for p in paths), key=lambda s: (s.exception, s.id.lower()))


_BLANKS = re.compile(r"[ \t]*\n[ \t\n]*\n[ \t\n]*")


def _join_bullet(m: re.Match[str]) -> str:
    return "\n" + m.group(1) + " "


def render(
    nodes: tuple[Node, ...], *, optional: bool = True, alt: dict[str, str] | None = None
) -> str:
    """The text of a template: defaults for replaceable parts (or values from `alt`, by name),
    omittable parts included unless ``optional=False``, list markers kept."""
    parts: list[str] = []

    def walk(ns: tuple[Node, ...]) -> None:
        for n in ns:
            if isinstance(n, str):
                parts.append(n)
            elif isinstance(n, Bullet):
                parts.append("\x00" + n.text + "\x01")
            elif isinstance(n, Alt):
                value = alt[n.name] if alt is not None and n.name in alt else n.default
                # SPDX's tools treat a replaceable part as separate words unless it is
                # marked spacing="none".
                parts.append(value if n.spacing == "none" else f" {value} ")
            elif optional:
                walk(n.children)

    walk(nodes)
    text = "".join(parts)
    # A list marker and the text of its item go on one line.
    text = re.sub(r"\x00([^\x01]*)\x01\s*", _join_bullet, text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip() + "\n"
