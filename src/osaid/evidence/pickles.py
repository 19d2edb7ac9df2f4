"""Risk evidence for pickle files: what loading them would import. Nothing is unpickled.

Every pickle stream in a release (raw pickles, the `.pkl` members of zip-based PyTorch files,
object arrays in `.npy`/`.npz`) is walked statically (`osaid.evidence.pickle_opcodes`):

* imports that run commands or code are `risk` evidence of severity "high";
* imports outside the allowlist of plain PyTorch and NumPy state dicts are "medium";
* every pickle-format weight file also gets a "low" note: loading it can execute code;
  safetensors cannot.
"""

from __future__ import annotations

import os
import zipfile
from typing import Any

from osaid.evidence.headers import ZIP_MAGIC, parse_npy_header
from osaid.evidence.pickle_opcodes import (
    MAX_PICKLES_PER_ZIP,
    PICKLE_MAX_BYTES,
    PickleScan,
    read_zip_member,
    scan_pickle,
)
from osaid.sources.archive_members import open_reader
from osaid.sources.evidence import Detector, Evidence, EvidenceKind
from osaid.sources.interface import FileEntry, ReleaseTree, SourceError

MAX_NPZ_MEMBERS = 256
"""Most `.npy` members of one `.npz` checked for object arrays."""
PICKLE_SUFFIXES = frozenset({".pkl", ".pickle", ".joblib"})
"""Files that are pickles by name."""
TORCH_SUFFIXES = frozenset({".bin", ".pt", ".pth", ".ckpt"})
"""Files that are PyTorch (zip or raw pickle) when their magic bytes say so."""
PICKLE_NOTE = "pickle: executing code on load is possible; prefer safetensors"

# ---- which files are pickles ------------------------------------------------------------


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def pickle_kind(tree: ReleaseTree, entry: FileEntry, head: bytes | None = None) -> str | None:
    """ "torch-zip", "pickle", "npy-object", "npz" or None, from the name and magic bytes."""
    suffix = _suffix(entry.path)
    if suffix not in PICKLE_SUFFIXES | TORCH_SUFFIXES | {".npy", ".npz"}:
        return None
    if entry.size == 0:
        return None
    if head is None:
        head = tree.read_bytes(entry.path, 0, 256)
    if suffix == ".npz":
        return "npz" if head.startswith(ZIP_MAGIC) else None
    if suffix == ".npy":
        header = parse_npy_header(head)
        return "npy-object" if header is not None and header.get("object") else None
    if head.startswith(ZIP_MAGIC):
        return "torch-zip" if suffix in TORCH_SUFFIXES else "pickle-zip"
    if head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        return "pickle"
    if suffix in PICKLE_SUFFIXES:
        return "pickle"  # protocol 0/1 pickles have no magic; the scan will tell
    return None


def zip_pickle_members(tree: ReleaseTree, entry: FileEntry) -> list[tuple[str, int]]:
    """The `.pkl` members (name, size) of a zip-based file, from its central directory."""
    with zipfile.ZipFile(open_reader(tree, entry)) as zf:
        return [
            (info.filename, info.file_size)
            for info in zf.infolist()
            if info.filename.endswith(".pkl") and not info.is_dir()
        ][:MAX_PICKLES_PER_ZIP]


def scan_torch_zip(tree: ReleaseTree, entry: FileEntry) -> list[tuple[str, PickleScan]]:
    """Scan every `.pkl` member (data.pkl, constants.pkl…) of a zip-based PyTorch file."""
    out = []
    for member, size in zip_pickle_members(tree, entry):
        data = read_zip_member(tree, entry, member, PICKLE_MAX_BYTES)
        out.append((member, scan_pickle(data, truncated=size > PICKLE_MAX_BYTES)))
    return out


def scan_raw_pickle(tree: ReleaseTree, entry: FileEntry) -> PickleScan:
    """Scan the bounded prefix of a raw pickle file (all consecutive pickles in it)."""
    data = tree.read_bytes(entry.path, 0, PICKLE_MAX_BYTES)
    return scan_pickle(data, truncated=entry.size > len(data))


def _scan_npy_object(data: bytes) -> PickleScan | None:
    header = parse_npy_header(data)
    if header is None or not header.get("object"):
        return None
    body = data[int(header["header_bytes"]) :]
    return scan_pickle(body, truncated=len(data) >= PICKLE_MAX_BYTES)


class PickleDetector(Detector):
    """Risk evidence for pickle-format files: a note for each, and flagged imports."""

    name = "pickles"

    def detect(self, tree: ReleaseTree, files: list[FileEntry]) -> list[Evidence]:
        out: list[Evidence] = []
        for entry in files:
            if entry.lfs or entry.symlink is not None and entry.size == 0:
                continue
            try:
                out.extend(self._one(tree, entry))
            except (SourceError, OSError, zipfile.BadZipFile, EOFError, ValueError) as exc:
                if _suffix(entry.path) in PICKLE_SUFFIXES | TORCH_SUFFIXES:
                    out.append(
                        _evidence(
                            tree,
                            entry.path,
                            "pickle scan",
                            "low",
                            "pickle-unreadable",
                            f"could not be scanned: {exc}",
                        )
                    )
        return out

    def _one(self, tree: ReleaseTree, entry: FileEntry) -> list[Evidence]:
        kind = pickle_kind(tree, entry)
        if kind is None:
            return []
        scans: list[tuple[str | None, PickleScan]] = []
        if kind in ("torch-zip", "pickle-zip"):
            scans.extend(scan_torch_zip(tree, entry))
        elif kind == "pickle":
            scans.append((None, scan_raw_pickle(tree, entry)))
        elif kind == "npy-object":
            data = tree.read_bytes(entry.path, 0, PICKLE_MAX_BYTES)
            found = _scan_npy_object(data)
            if found is not None:
                scans.append((None, found))
        elif kind == "npz":
            with zipfile.ZipFile(open_reader(tree, entry)) as zf:
                names = [i.filename for i in zf.infolist() if i.filename.endswith(".npy")]
            for member in names[:MAX_NPZ_MEMBERS]:
                data = read_zip_member(tree, entry, member, PICKLE_MAX_BYTES)
                found = _scan_npy_object(data)
                if found is not None:
                    scans.append((member, found))
            if not scans:
                return []
        if kind == "pickle" and scans and scans[0][1].pickles == 0 and not scans[0][1].imports:
            return []  # not a pickle after all (a .pkl that does not parse)
        out: list[Evidence] = []
        all_imports = sorted({i for _, s in scans for i in s.imports})
        note = _evidence(
            tree,
            entry.path,
            f"file format ({kind})",
            "low",
            "pickle-format",
            PICKLE_NOTE,
            format=kind,
            imports=all_imports,
        )
        out.append(note)
        for member_name, scan in scans:
            severity = scan.severity
            if severity is None:
                continue
            what = ", ".join((scan.dangerous or scan.unknown)[:8])
            message = (
                f"pickle imports {what}: loading it would run that code"
                if scan.dangerous
                else f"pickle imports {what}, outside the allowlist of tensor pickles"
            )
            out.append(
                _evidence(
                    tree,
                    entry.path,
                    f"pickle opcode scan ({scan.scanner})",
                    severity,
                    "pickle-imports",
                    message,
                    member=member_name,
                    imports=scan.imports,
                    dangerous=scan.dangerous,
                    unknown=scan.unknown,
                    bytes_scanned=scan.bytes_scanned,
                    truncated=scan.truncated,
                    parse_error=scan.error,
                )
            )
        return out


def _evidence(
    tree: ReleaseTree,
    path: str,
    how: str,
    severity: str,
    issue: str,
    message: str,
    **facts: Any,
) -> Evidence:
    return Evidence(
        kind=EvidenceKind.RISK,
        path=path,
        how=how,
        data={"severity": severity, "issue": issue, "message": message, **facts},
        location=tree.url_for(path),
    )
