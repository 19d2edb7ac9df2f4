"""Helpers shared by tests in several folders (the tests folder is on sys.path).

Oracles are parsed from the public reference material copied into tests/data (see its
README for where each file comes from), never typed in.
"""

from __future__ import annotations

import importlib.util
import io
import json
import math
import re
import struct
import zipfile
from pathlib import Path

import yaml

from osaid.freedoms import Freedom
from osaid.votes.tally import Tier

DATA = Path(__file__).resolve().parent / "data"
"""Reference data the tests read: MOT records, the OSAI index, Hub dumps, real repositories,
OSI's votes and outcomes."""

_HEADINGS = {
    "Required": Tier.REQUIRED,
    "Likely Required": Tier.LIKELY_REQUIRED,
    "Maybe Required": Tier.MAYBE,
    "Likely Not Required": Tier.LIKELY_NOT_REQUIRED,
    "Not Required": Tier.NOT_REQUIRED,
}


def seed_summary(data: Path = DATA) -> dict[str, Tier]:
    """OSI's "Recommendations summary 2/21/24": component name -> tier."""
    out: dict[str, Tier] = {}
    tier: Tier | None = None
    for raw in (data / "osi/recommendations-2024-02-21.md").read_text().splitlines():
        line = raw.strip()
        if line.startswith("## "):
            tier = _HEADINGS[line[3:].strip()]
        elif line.startswith("- ") and tier is not None:
            out[line[2:].strip()] = tier
    return out


def domain_vote_table(data: Path = DATA) -> dict[str, dict[Freedom, int]]:
    """OSI's net-vote table (component | total | study | use | modify | share)."""
    out: dict[str, dict[Freedom, int]] = {}
    for line in (data / "osi/net-votes-2024-02-21.md").read_text().splitlines():
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


def osi_validation_outcomes(data: Path = DATA) -> dict[str, tuple[str, bool | None]]:
    """OSI's validation outcomes: slug -> (pass|fail, license-only failure or None)."""
    raw = yaml.safe_load((data / "osi/validation-outcomes.yaml").read_text())
    return {
        slug: (o["status"], o.get("license_only") if o["status"] == "fail" else None)
        for slug, o in raw["outcomes"].items()
    }


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


def _ustr(s: str) -> bytes:
    b = s.encode()
    return b"X" + struct.pack("<I", len(b)) + b


def _int_tuple(values: list[int]) -> bytes:
    return b"(" + b"".join(b"J" + struct.pack("<i", v) for v in values) + b"t"


def torch_state_pickle(tensors: dict[str, tuple[str, list[int]]]) -> bytes:
    """The data.pkl torch.save writes for a state dict, built opcode by opcode (protocol 2)."""
    out = b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01("
    for i, (name, (storage, shape)) in enumerate(tensors.items()):
        stride = [math.prod(shape[k + 1 :]) for k in range(len(shape))]
        pid = (
            b"("
            + _ustr("storage")
            + f"ctorch\n{storage}\n".encode()
            + _ustr(str(i))
            + _ustr("cpu")
            + b"J"
            + struct.pack("<i", math.prod(shape))
            + b"tQ"
        )
        out += _ustr(name) + b"ctorch._utils\n_rebuild_tensor_v2\n("
        out += pid + b"K\x00" + _int_tuple(shape) + _int_tuple(stride) + b"\x89"
        out += b"ccollections\nOrderedDict\n)RtR"
    return out + b"u."


def torch_zip_bytes(data_pkl: bytes, storages: list[bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("archive/data.pkl", data_pkl)
        for i, raw in enumerate(storages):
            zf.writestr(f"archive/data/{i}", raw)
        zf.writestr("archive/version", "3\n")
        zf.writestr("archive/byteorder", "little")
    return buf.getvalue()


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """A release directory holding `files` (path -> text)."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root
