"""Helpers shared by tests in several folders (the tests folder is on sys.path).

Oracles are parsed from the public reference material in ../shared, never typed in.
"""

from __future__ import annotations

import importlib.util
import json
import re
import struct
from pathlib import Path

from osaid.freedoms import Freedom
from osaid.votes.tally import Tier

SHARED = Path(__file__).resolve().parents[2] / "shared"

_HEADINGS = {
    "Required": Tier.REQUIRED,
    "Likely Required": Tier.LIKELY_REQUIRED,
    "Maybe Required": Tier.MAYBE,
    "Likely Not Required": Tier.LIKELY_NOT_REQUIRED,
    "Not Required": Tier.NOT_REQUIRED,
}


def seed_summary(shared: Path = SHARED) -> dict[str, Tier]:
    """OSI's "Recommendations summary 2/21/24", parsed out of the seed slides."""
    (seed,) = shared.glob("seeds/001_*.txt")
    text = seed.read_text()
    block = text[text.index("Recommendations summary 2/21/24") :]
    block = block[: block.index("# Collaborative development")]
    out: dict[str, Tier] = {}
    tier: Tier | None = None
    for raw in block.splitlines():
        line = raw.strip()
        heading = re.fullmatch(r"- \*\*(.+)\*\*", line)
        if heading:
            tier = _HEADINGS[heading.group(1)]
        elif line.startswith("- ") and tier is not None:
            out[line[2:].strip()] = tier
    return out


def domain_vote_table(shared: Path = SHARED) -> dict[str, dict[Freedom, int]]:
    """The net-vote table of DOMAIN.md §3 (component | total | study | use | modify | share)."""
    out: dict[str, dict[Freedom, int]] = {}
    for line in (shared / "reference/DOMAIN.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 6 or not re.fullmatch(r"−?\d+", cells[1]):
            continue
        study, use, modify, share = (int(c.replace("−", "-")) for c in cells[2:])
        total = int(cells[1].replace("−", "-"))
        assert study + use + modify + share == total, cells
        out[cells[0]] = {
            Freedom.STUDY: study,
            Freedom.USE: use,
            Freedom.MODIFY: modify,
            Freedom.SHARE: share,
        }
    assert len(out) == 18
    return out


def license_text(key: str) -> str:
    """A license text from ScanCode's packaged license data (a test dependency)."""
    spec = importlib.util.find_spec("licensedcode")
    assert spec is not None and spec.submodule_search_locations
    for base in spec.submodule_search_locations:
        path = Path(base) / "data" / "licenses" / f"{key}.LICENSE"
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            # .LICENSE files start with a YAML header between --- lines
            return text.split("---", 2)[2] if text.startswith("---") else text
    raise FileNotFoundError(key)


def sparse_safetensors(path: Path, shapes: dict[str, list[int]]) -> None:
    """A safetensors file with a real header whose data is never written (sparse)."""
    header: dict[str, object] = {}
    offset = 0
    for name, shape in shapes.items():
        n = 4
        for d in shape:
            n *= d
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + n]}
        offset += n
    raw = json.dumps(header).encode()
    with path.open("wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw)
        f.truncate(8 + len(raw) + offset)
