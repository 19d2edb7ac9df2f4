"""The real repositories of tests/data/repos, recreated as whole trees for a scan.

Each folder holds the repository's text files at a fixed commit; `.files.tsv` lists every file
of the tree with its size. `recreate` copies the texts and makes every other listed file a
sparse file of its real size (zeros, never read past a header), so a scan sees the tree's real
shape: its images, archives and data files are there, with their sizes, but not their bytes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPOS_DIR = Path(__file__).resolve().parents[1] / "data" / "repos"
REPOS = sorted(p.name for p in REPOS_DIR.iterdir() if (p / ".files.tsv").is_file())


def listing(name: str) -> list[tuple[int | None, str]]:
    """(size or None when the source did not record it, path) for every file of the tree."""
    rows = []
    for line in (REPOS_DIR / name / ".files.tsv").read_text(encoding="utf-8").splitlines():
        size, _, path = line.partition("\t")
        rows.append((int(size) if size.isdigit() else None, path))
    return rows


def recreate(name: str, dest: Path) -> Path:
    shutil.copytree(REPOS_DIR / name, dest, ignore=shutil.ignore_patterns(".files.tsv"))
    for size, path in listing(name):
        target = dest / path
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as fh:
            fh.truncate(size or 0)
    return dest
