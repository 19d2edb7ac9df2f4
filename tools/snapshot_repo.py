"""Snapshot a git repository into test data: its text files and a listing of the whole tree.

    python tools/snapshot_repo.py GIT_DIR COMMIT OUT_DIR [--exclude PREFIX ...] [--max-bytes N]
        [--limit PREFIX=N ...]

Writes into OUT_DIR every blob of COMMIT that is text (no NUL byte in its first 8 KiB, not an
image or notebook; small NumPy arrays are kept too) and at most `--max-bytes` long (default 200,000), and `OUT_DIR/.files.tsv`
with one "size<TAB>path" line per blob of the whole tree, so tests can recreate what was left
out as sparse files of the same size. Paths under an `--exclude` prefix are listed but never
written; under a `--limit` prefix only files of at most N bytes are written (to keep large
generated configurations out). Nothing of the repository is executed: blobs are read with `git cat-file`.
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

_ARRAY_SUFFIXES = (".npy", ".npz")
"""Small array files are kept even though they are binary: they are what a scanner must classify."""
_SKIP_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".pdf", ".ipynb", ".mp4")


def _git(git_dir: str, *args: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", git_dir, *args], check=True, capture_output=True
    ).stdout


def snapshot(
    git_dir: str,
    commit: str,
    out: Path,
    exclude: list[str],
    max_bytes: int,
    limits: dict[str, int],
) -> int:
    listing = _git(git_dir, "ls-tree", "-r", "-l", "-z", commit).split(b"\0")
    # A blob the mirror does not hold (a large file of a partial clone) has no size: "BAD".
    rows: list[tuple[int | None, str, str, str]] = []
    for raw in listing:
        if not raw:
            continue
        meta, path = raw.decode().split("\t", 1)
        mode, kind, sha, size = meta.split()
        if kind != "blob":
            continue
        rows.append((int(size) if size.isdigit() else None, path, sha, mode))
    written = 0
    out.mkdir(parents=True, exist_ok=True)
    for size, path, sha, mode in rows:
        if size is None or mode == "120000" or size > max_bytes:
            continue
        if path.lower().endswith(_SKIP_SUFFIXES):
            continue
        if any(path.startswith(prefix) for prefix in exclude):
            continue
        if any(path.startswith(prefix) and size > n for prefix, n in limits.items()):
            continue
        data = _git(git_dir, "cat-file", "blob", sha)
        if b"\0" in data[:8192] and not path.lower().endswith(_ARRAY_SUFFIXES):
            continue
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    with (out / ".files.tsv").open("w", encoding="utf-8") as fh:
        for size, path, _, _ in sorted(rows, key=lambda r: r[1]):
            fh.write(f"{'BAD' if size is None else size}\t{path}\n")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("git_dir")
    parser.add_argument("commit")
    parser.add_argument("out", type=Path)
    parser.add_argument("--exclude", action="append", default=[])
    parser.add_argument("--max-bytes", type=int, default=200_000)
    parser.add_argument("--limit", action="append", default=[], metavar="PREFIX=N")
    args = parser.parse_args()
    limits = {k: int(v) for k, v in (item.rsplit("=", 1) for item in args.limit)}
    n = snapshot(args.git_dir, args.commit, args.out, args.exclude, args.max_bytes, limits)
    print(f"{n} files written to {args.out}")


if __name__ == "__main__":
    main()
