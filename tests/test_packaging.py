"""Every data file of the package is shipped in the wheel (package-data patterns)."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_file_matches_a_package_data_pattern() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["osaid"]
    package = ROOT / "src" / "osaid"
    data_files = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert len(data_files) > 30
    # setuptools' "*" does not cross "/", like fnmatch on a path split into parts
    unshipped = [
        f
        for f in data_files
        if not any(
            len(Path(f).parts) == len(Path(p).parts) and fnmatch.fnmatch(f, p) for p in patterns
        )
    ]
    assert not unshipped
