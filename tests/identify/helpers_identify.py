"""Shared helpers of the license-identification tests (not a test module).

Texts come from the copy of the SPDX License List XML in ``tests/data`` (see its
PROVENANCE.md): the plain test texts SPDX checks its templates against, and renderings of the
templates made here with the standard library alone, independently of the package's own XML
reader, so that a bug in one does not hide a bug in the other.
"""

from __future__ import annotations

import random
import re
import textwrap
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

XML = Path(__file__).resolve().parents[1] / "data" / "spdx-license-list-XML"
NS = "{http://www.spdx.org/license}"


def xml_path(spdx_id: str) -> Path:
    p = XML / "src" / f"{spdx_id}.xml"
    return p if p.exists() else XML / "src" / "exceptions" / f"{spdx_id}.xml"


@cache
def all_ids() -> tuple[str, ...]:
    paths = sorted((XML / "src").glob("*.xml")) + sorted((XML / "src" / "exceptions").glob("*.xml"))
    return tuple(p.stem for p in paths)


@cache
def meta(spdx_id: str) -> dict[str, object]:
    root = ET.parse(xml_path(spdx_id)).getroot()
    el = next(c for c in root if c.tag in (f"{NS}license", f"{NS}exception"))
    return {
        "deprecated": el.get("deprecatedVersion") is not None,
        "obsoleted_by": [(o.text or "").strip() for o in el.iter(f"{NS}obsoletedBy")],
        "exception": el.tag == f"{NS}exception",
        "alts": [
            (a.get("name", ""), a.get("match", ""), "".join(a.itertext()))
            for a in el.iter(f"{NS}alt")
        ],
    }


def spdx_text(spdx_id: str) -> str:
    """SPDX's own test text for an id (test/simpleTestForGenerator)."""
    return (XML / "test" / "simpleTestForGenerator" / f"{spdx_id}.txt").read_text(
        encoding="utf-8", errors="replace"
    )


AI_TEMPLATES = Path(__file__).resolve().parents[2] / "src/osaid/licenses/data/ai-templates"


def ai_template_paths() -> list[Path]:
    """osaid's own templates of AI-model licenses (written in the same XML format)."""
    return sorted(AI_TEMPLATES.glob("*.xml"))


def template_meta(path: Path) -> dict[str, object]:
    root = ET.parse(path).getroot()
    el = next(c for c in root if c.tag in (f"{NS}license", f"{NS}exception"))
    return {
        "id": el.get("licenseId", ""),
        "alts": [
            (a.get("name", ""), a.get("match", ""), "".join(a.itertext()))
            for a in el.iter(f"{NS}alt")
        ],
    }


def render_xml(spdx_id: str | Path, values: dict[str, str] | None = None) -> str:
    """The template's text: default (or given) replaceable parts, omittable parts included.
    `spdx_id` is an id of the SPDX list or the path of a template file."""
    path = spdx_id if isinstance(spdx_id, Path) else xml_path(spdx_id)
    root = ET.parse(path).getroot()
    el = next(c for c in root if c.tag in (f"{NS}license", f"{NS}exception"))
    text_el = el.find(f"{NS}text")
    assert text_el is not None
    out: list[str] = []

    def walk(e: ET.Element) -> None:
        tag = e.tag.replace(NS, "")
        if tag == "alt":
            name = e.get("name", "")
            value = values[name] if values and name in values else "".join(e.itertext())
            out.append(value if e.get("spacing") == "none" else f" {value} ")
        elif tag in ("p", "item", "list", "br"):
            out.append("\n\n" if tag == "p" else "\n")
            out.append(e.text or "")
            for c in e:
                walk(c)
            out.append("\n")
        elif tag == "bullet":
            out.append("\n" + "".join(e.itertext()).strip() + " ")
        else:
            out.append(e.text or "")
            for c in e:
                walk(c)
        if e is not text_el:
            out.append(e.tail or "")

    walk(text_el)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", "".join(out))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


STATEMENT = re.compile(r"^\W*(copyright\W*(\(c\)|©|\d{4}|\[|<|\{)|\(c\)\s*\d{4}|©)", re.I)


def change_copyright(text: str) -> str:
    new = "Copyright (c) 2031 Somebody Else <else@example.org>"
    lines = text.split("\n")
    # Only a notice at the top: a copyright line inside a license (the FSF's in the GPL) is
    # part of its text.
    for i, line in enumerate(lines[:3]):
        if STATEMENT.match(line):
            lines[i] = new
            return "\n".join(lines)
    return f"{new}\n\n{text}"


def rewrap(text: str, width: int = 57) -> str:
    paras = re.split(r"\n\s*\n", text)
    return "\n\n".join(textwrap.fill(" ".join(p.split()), width) for p in paras if p.split())


HEADER = (
    "Model card appendix\n===================\n\nThe weights in this folder are released under\n"
    "the terms reproduced below. Please read them before use.\n\n"
)
FOOTER = "\n\nQuestions: write to the maintainers. Checksums are in SHA256SUMS.\n"


def with_header(text: str) -> str:
    return HEADER + text + FOOTER


def random_prose(seed: int, words: int = 400) -> str:
    rng = random.Random(seed)
    vocab = (
        "the a river mountain quietly bright yellow engine seven dog cat bakes bread under "
        "over window garden train station laughs sings table coffee morning evening rain "
        "because although whenever museum painting violin orbit planet salt pepper"
    ).split()
    out = []
    for i in range(words):
        out.append(rng.choice(vocab))
        if i % 12 == 11:
            out.append(".\n")
    return " ".join(out)
