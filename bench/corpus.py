"""Generate the license-identification benchmark corpus into a directory.

    python bench/corpus.py OUT_DIR [--licenses 200] [--seed 2024]

* ``variants/``: `--licenses` SPDX ids drawn at random (fixed seed) from the non-deprecated
  ids that have a plain test text in the SPDX License List XML (``test/simpleTestForGenerator``,
  copies of the licenses as published, not the templates' default text), each in five
  variants: ``original``, ``copyright`` (the copyright line replaced, or one added),
  ``rewrap`` (every paragraph re-flowed to another width), ``markdown`` (a Markdown quote or
  an HTML page) and ``header`` (a README-like header and a footer around the text).
  200 × 5 = 1,000 files.
* ``templates/``: every license and exception of the XML rendered with its default text.
* ``manifest.json``: for every file its expected id (and the ids also accepted: a license
  that SPDX says shares its text, a deprecated id's replacement), family, variant and group.

Texts are read from the committed copy of the XML (``tests/data/spdx-license-list-XML``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

from osaid.licenses.identify._index import get_index
from osaid.licenses.identify.build_index import spdx_family

VARIANTS = ("original", "copyright", "rewrap", "markdown", "header")

HEADERS = [
    (
        "Project Aurora - licensing information\n"
        "======================================\n\n"
        "The source code, model weights and documentation in this repository are made\n"
        "available under the terms reproduced below. Third-party components keep their own\n"
        "terms; see the NOTICE file next to each of them.\n",
        "\n---\nQuestions about this file? Open an issue on the project tracker or write to\n"
        "legal@aurora.example.org. Last reviewed 2024-05-02.\n",
    ),
    (
        "# LICENSE\n\nThis distribution of the Kestrel toolkit (version 3.2.1) is released\n"
        "under the following license. Please read it carefully before using, copying or\n"
        "redistributing the files.\n",
        "\nEnd of license terms.\n\nKestrel is maintained by a small group of volunteers.\n"
        "Thanks to everyone who sent patches, bug reports and translations.\n",
    ),
    (
        "README - weights/checkpoint-7b\n\nThe files in this folder were exported from our\n"
        "training run of March 2024. Their use is governed by the agreement below.\n",
        "\nChecksums (sha256) of the released files are listed in SHA256SUMS.\n"
        "For the training data statement see DATA.md.\n",
    ),
]


STATEMENT = r"^\W*(copyright\W*(\(c\)|©|\d{4}|\[|<|\{)|\(c\)\s*\d{4}|©)"
"""A copyright statement line (not a sentence that starts with the word "copyright")."""


def change_copyright(text: str, rng: random.Random) -> str:
    owner = rng.choice(["Example Corp.", "Jane Q. Developer", "The Aurora Authors"])
    year = rng.choice(["2019", "2021-2023", "2024"])
    new = f"Copyright (c) {year} {owner}"
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if re.match(STATEMENT, line, flags=re.IGNORECASE):
            lines[i] = new
            return "\n".join(lines)
    return f"{new}\n\n{text}"


def rewrap(text: str, rng: random.Random) -> str:
    width = rng.choice([50, 62, 72, 90, 110])
    paragraphs = re.split(r"\n\s*\n", text)
    out = []
    for para in paragraphs:
        words = para.split()
        if words:
            out.append(textwrap.fill(" ".join(words), width=width, break_on_hyphens=False))
    return "\n\n".join(out) + "\n"


def add_header(text: str, rng: random.Random) -> str:
    head, foot = rng.choice(HEADERS)
    return f"{head}\n{text.strip()}\n{foot}"


def variant(text: str, kind: str, rng: random.Random) -> str:
    if kind == "original":
        return text
    if kind == "copyright":
        return change_copyright(text, rng)
    if kind == "rewrap":
        return rewrap(text, rng)
    return add_header(text, rng)


XML = Path(__file__).resolve().parents[1] / "tests" / "data" / "spdx-license-list-XML"


def spdx_texts() -> dict[str, str]:
    """SPDX id → SPDX's own plain test text (tests/data), for ids that are not deprecated."""
    from osaid.licenses.identify._xml import read_sources

    out: dict[str, str] = {}
    for s in read_sources(XML / "src"):
        f = XML / "test" / "simpleTestForGenerator" / f"{s.id}.txt"
        if not s.deprecated and f.exists():
            out[s.id] = f.read_text(encoding="utf-8", errors="replace")
    return out


def markdown(text: str, rng: random.Random) -> str:
    """The text as a Markdown or HTML page would carry it."""
    paras = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    if rng.random() < 0.5:
        return "# License\n\n" + "\n\n".join(f"> {' '.join(p.split())}" for p in paras) + "\n"
    body = "".join(f"<p>{' '.join(p.split())}</p>\n" for p in paras)
    return f"<html><body><h1>License</h1>\n{body}</body></html>\n"


def safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9.+_-]", "_", name)


def generate(out: Path, *, licenses: int = 200, seed: int = 2024) -> list[dict[str, Any]]:
    """Write the corpus; return the manifest records.

    * ``variants/``: `licenses` SPDX ids drawn at random (fixed seed), SPDX's own test text of
      each (real copies, not the templates' default text) in five variants: original,
      changed copyright line, re-wrapped, Markdown/HTML, README header and footer;
    * ``templates/``: every license and exception of the XML rendered with its default text.
    """
    from osaid.licenses.identify._xml import read_sources, render

    rng = random.Random(seed)
    texts = spdx_texts()
    chosen = rng.sample(sorted(texts), min(licenses, len(texts)))
    index = get_index()
    same = {lic.id: list(lic.same_as) for lic in index.licenses if lic.kind != "notice"}
    manifest: list[dict[str, Any]] = []
    (out / "variants").mkdir(parents=True, exist_ok=True)
    for sid in sorted(chosen):
        text = texts[sid]
        for kind in VARIANTS:
            name = f"variants/{safe(sid)}__{kind}.txt"
            body = markdown(text, rng) if kind == "markdown" else variant(text, kind, rng)
            (out / name).write_text(body, encoding="utf-8")
            manifest.append(
                {
                    "file": name,
                    "id": sid,
                    "accept": [sid, *same.get(sid, [])],
                    "family": spdx_family(sid),
                    "variant": kind,
                    "group": "variants",
                }
            )
    (out / "templates").mkdir(parents=True, exist_ok=True)
    sources = read_sources(XML / "src")
    # What replaced a deprecated id, as the XML's first obsoletedBy says (GPL-2.0 by
    # GPL-2.0-only): the license of a deprecated "X-with-exception" id is X's current id.
    current = {
        s.id: s.obsoleted_by[0]
        for s in sources
        if s.deprecated and s.obsoleted_by and " " not in s.obsoleted_by[0]
    }
    for src in sources:
        name = f"templates/{safe(src.id)}.txt"
        (out / name).write_text(render(src.text), encoding="utf-8")
        firsts = [x.split()[0] for x in src.obsoleted_by]
        accept = [src.id, *same.get(src.id, []), *firsts, *(current.get(x, x) for x in firsts)]
        manifest.append(
            {
                "file": name,
                "id": src.id,
                "accept": accept,
                "family": spdx_family(src.id),
                "variant": "default",
                "group": "templates",
            }
        )
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--licenses", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    m = generate(args.out, licenses=args.licenses, seed=args.seed)
    groups: dict[str, int] = {}
    for r in m:
        groups[r["group"]] = groups.get(r["group"], 0) + 1
    print(f"wrote {len(m)} files to {args.out}: {groups}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
