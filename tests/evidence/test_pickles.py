"""Static pickle scan: flags dangerous imports without ever unpickling."""

from __future__ import annotations

import io
import math
import pickle
import pickletools
import struct
import zipfile
from collections import OrderedDict
from pathlib import Path

import pytest

from osaid.evidence import pickle_opcodes
from osaid.evidence.pickle_opcodes import classify_import, scan_pickle
from osaid.evidence.pickles import PICKLE_NOTE, PickleDetector
from osaid.sources.archives import ArchiveTree
from osaid.sources.evidence import Evidence, EvidenceKind
from osaid.sources.local import LocalTree


def malicious_reduce(module: str, name: str, marker: Path) -> bytes:
    """GLOBAL module name + REDUCE with a shell command that would create `marker`."""
    return f"c{module}\n{name}\n(Vtouch {marker}\ntR.".encode()


def stack_global_exec(code: str, memo: bool) -> bytes:
    """Protocol 4: builtins.exec through STACK_GLOBAL (optionally via memo lookups)."""

    def short(s: str) -> bytes:
        return b"\x8c" + bytes([len(s)]) + s.encode()

    if memo:
        head = short("builtins") + b"\x94" + short("exec") + b"\x94" + b"h\x00h\x01"
    else:
        head = short("builtins") + short("exec")
    return b"\x80\x04" + head + b"\x93" + short(code) + b"\x85R."


def _ustr(s: str) -> bytes:
    b = s.encode()
    return b"X" + struct.pack("<I", len(b)) + b


def torch_state_pickle(shape: list[int]) -> bytes:
    stride = [math.prod(shape[k + 1 :]) for k in range(len(shape))]
    tup = b"(" + b"".join(b"J" + struct.pack("<i", d) for d in shape) + b"t"
    stup = b"(" + b"".join(b"J" + struct.pack("<i", d) for d in stride) + b"t"
    pid = b"(" + _ustr("storage") + b"ctorch\nFloatStorage\n" + _ustr("0") + _ustr("cpu")
    pid += b"J" + struct.pack("<i", math.prod(shape)) + b"tQ"
    return (
        b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01("
        + _ustr("w")
        + b"ctorch._utils\n_rebuild_tensor_v2\n("
        + pid
        + b"K\x00"
        + tup
        + stup
        + b"\x89ccollections\nOrderedDict\n)RtRu."
    )


def torch_zip(data_pkl: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("archive/data.pkl", data_pkl)
        zf.writestr("archive/data/0", b"\0" * 16)
        zf.writestr("archive/version", "3\n")
    return buf.getvalue()


def _detect(tree: LocalTree | ArchiveTree) -> list[Evidence]:
    return PickleDetector().detect(tree, tree.files())


# ---- scan_pickle ------------------------------------------------------------------------


def test_malicious_pickle_is_flagged_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    data = malicious_reduce("os", "system", marker)
    ops = [op.name for op, _arg, _pos in pickletools.genops(data)]
    assert ops == ["GLOBAL", "MARK", "UNICODE", "TUPLE", "REDUCE", "STOP"]  # a real payload
    scan = scan_pickle(data)
    assert scan.dangerous == ["os.system"]
    assert scan.severity == "high"
    assert not marker.exists()


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("posix", "system"),
        ("nt", "system"),
        ("subprocess", "Popen"),
        ("subprocess", "check_output"),
        ("builtins", "eval"),
        ("builtins", "exec"),
        ("builtins", "__import__"),
        ("builtins", "getattr"),
        ("__builtin__", "eval"),
        ("sys", "exit"),
        ("socket", "create_connection"),
        ("shutil", "rmtree"),
        ("runpy", "_run_code"),
        ("importlib", "import_module"),
        ("importlib.util", "spec_from_file_location"),
        ("os.path", "join"),
    ],
)
def test_dangerous_imports(tmp_path: Path, module: str, name: str) -> None:
    marker = tmp_path / "PWNED"
    scan = scan_pickle(malicious_reduce(module, name, marker))
    assert f"{module}.{name}" in scan.dangerous
    assert scan.severity == "high"
    assert classify_import(f"{module}.{name}") == "dangerous"
    assert not marker.exists()


@pytest.mark.parametrize("memo", [False, True])
def test_stack_global_with_and_without_memo(memo: bool) -> None:
    scan = scan_pickle(stack_global_exec("import os; os.system('id')", memo))
    assert scan.dangerous == ["builtins.exec"]


def test_harmless_pickles_are_clean() -> None:
    scan = scan_pickle(pickle.dumps({"a": [1, 2.5, "x", None, (True, b"b")]}, protocol=4))
    assert scan.imports == []
    assert scan.severity is None
    assert scan.pickles == 1
    od = scan_pickle(pickle.dumps(OrderedDict(a=1), protocol=2))
    assert od.imports == ["collections.OrderedDict"]
    assert od.severity is None


def test_torch_state_dict_is_safe_and_yields_shapes() -> None:
    scan = scan_pickle(torch_state_pickle([2, 3]))
    assert scan.severity is None
    assert "torch._utils._rebuild_tensor_v2" in scan.imports
    assert "torch.FloatStorage" in scan.imports
    assert scan.tensor_shapes == [(2, 3)]
    assert [(s.dtype, s.numel) for s in scan.storages] == [("float32", 6)]


def test_unknown_import_is_medium() -> None:
    data = b"\x80\x02cmypackage.models\nCustomNet\n)\x81."
    scan = scan_pickle(data)
    assert scan.unknown == ["mypackage.models.CustomNet"]
    assert scan.dangerous == []
    assert scan.severity == "medium"


def test_fallback_without_picklescan(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pickle_opcodes, "_picklescan_dangerous", lambda data: None)
    scan = scan_pickle(malicious_reduce("os", "system", tmp_path / "m"))
    assert scan.scanner == "pickletools"
    assert scan.dangerous == ["os.system"]


def test_picklescan_is_merged_when_installed(tmp_path: Path) -> None:
    pytest.importorskip("picklescan")
    # webbrowser.open is on picklescan's list; our own list has it too.
    scan = scan_pickle(malicious_reduce("webbrowser", "open", tmp_path / "m"))
    assert "picklescan" in scan.scanner
    assert scan.dangerous == ["webbrowser.open"]


def test_garbage_and_truncated_streams_do_not_raise() -> None:
    assert scan_pickle(b"\xff\xfe not a pickle").severity is None
    truncated = scan_pickle(b"cos\nsystem\n(Vtouch /tmp/x\n", truncated=True)
    assert truncated.dangerous == ["os.system"]
    assert truncated.error is not None
    assert truncated.truncated


# ---- PickleDetector ---------------------------------------------------------------------


def _risks(evs: list[Evidence], path: str) -> dict[str, Evidence]:
    return {e.data["issue"]: e for e in evs if e.path == path}


def test_detector_flags_malicious_torch_zip_without_running_it(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    (tmp_path / "pytorch_model.bin").write_bytes(
        torch_zip(malicious_reduce("subprocess", "call", marker))
    )
    (tmp_path / "clean.pt").write_bytes(torch_zip(torch_state_pickle([4])))
    evs = _detect(LocalTree(tmp_path))
    assert all(e.kind == EvidenceKind.RISK for e in evs)
    bad = _risks(evs, "pytorch_model.bin")
    assert bad["pickle-format"].data["message"] == PICKLE_NOTE
    assert bad["pickle-format"].data["severity"] == "low"
    assert bad["pickle-imports"].data["severity"] == "high"
    assert bad["pickle-imports"].data["dangerous"] == ["subprocess.call"]
    assert bad["pickle-imports"].data["member"] == "archive/data.pkl"
    clean = _risks(evs, "clean.pt")
    assert set(clean) == {"pickle-format"}
    assert not marker.exists()


def test_detector_raw_pickles_and_object_npy(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    (tmp_path / "model.pkl").write_bytes(malicious_reduce("os", "system", marker))
    (tmp_path / "legacy.pth").write_bytes(b"\x80\x02" + malicious_reduce("posix", "system", marker))
    header = repr({"descr": "|O", "fortran_order": False, "shape": (1,)}).encode()
    header += b" " * (-(10 + len(header) + 1) % 64) + b"\n"
    npy = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header
    (tmp_path / "arr.npy").write_bytes(npy + malicious_reduce("os", "system", marker))
    (tmp_path / "model.safetensors").write_bytes(struct.pack("<Q", 2) + b"{}")
    (tmp_path / "notes.txt").write_text("cos\nsystem\n")
    evs = _detect(LocalTree(tmp_path))
    assert {e.path for e in evs} == {"model.pkl", "legacy.pth", "arr.npy"}
    for path in ("model.pkl", "legacy.pth", "arr.npy"):
        assert _risks(evs, path)["pickle-imports"].data["severity"] == "high"
    assert not marker.exists()


def test_detector_scans_pickles_inside_release_archives(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("weights/model.pkl", malicious_reduce("os", "system", marker))
    (tmp_path / "release.zip").write_bytes(buf.getvalue())
    evs = _detect(ArchiveTree(LocalTree(tmp_path)))
    assert _risks(evs, "release.zip/weights/model.pkl")["pickle-imports"].data["dangerous"] == [
        "os.system"
    ]
    assert not marker.exists()


def test_bin_files_that_are_not_pickles_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"GGUF\x03\x00\x00\x00")
    (tmp_path / "x.pkl").write_bytes(b"")
    assert _detect(LocalTree(tmp_path)) == []
