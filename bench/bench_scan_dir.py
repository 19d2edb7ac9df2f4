"""Scan a large local release: 10,000 files, 200 GB of sparse weights.

Targets: listing + every weights/pickle/archive detector in ≤ 2 s wall and ≤ 50 MB read.

The release is generated in a temporary directory (removed afterwards): 40 safetensors shards
of 5 GB each (valid headers of 400 tensors, then `os.truncate` to the full size: sparse, no
real disk use), their index, a few pickle-format and GGUF files, a release zip, and ~9,950
small code, config and text files in nested folders.

How bytes are measured:

* in-process: `rchar` from `/proc/self/io` (bytes passed through read syscalls, page cache
  or not: an upper bound on what the scan read; it counts the sparse holes it reads as zeros
  too) before and after the scan, beside `LocalTree.bytes_read` (bytes osaid's reads returned);
* the `osaid check DIR --format json` subprocess (when `osaid.evidence.scan` exists): the CLI
  runs under a tiny wrapper that prints its own `/proc/self/io` from an `atexit` hook, so the
  figure is the whole process's, interpreter start-up and module imports included.

    python bench/bench_scan_dir.py [--files 10000] [--shards 40] [--keep]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from osaid.evidence.pickles import PickleDetector
from osaid.evidence.weights import WeightsDetector
from osaid.sources.archives import ArchiveDetector, ArchiveTree
from osaid.sources.local import LocalTree

TARGET_S = 2.0
TARGET_BYTES = 50 * 1024 * 1024
SHARD_SIZE = 5 * 1024**3


def _proc_io() -> dict[str, int]:
    try:
        with open("/proc/self/io") as fh:
            return {k: int(v) for k, v in (line.split(":") for line in fh)}
    except OSError:
        return {}


def _safetensors_header(n_tensors: int, layer0: int) -> bytes:
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for i in range(n_tensors):
        shape = [4096, 4096] if i % 4 else [4096]
        n = math.prod(shape) * 2
        name = f"model.layers.{layer0 + i // 8}.mlp.w{i % 8}.weight"
        header[name] = {"dtype": "BF16", "shape": shape, "data_offsets": [offset, offset + n]}
        offset += n
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw


def generate(root: Path, n_files: int, n_shards: int) -> int:
    """Write the release; returns the number of files."""
    count = 0
    weight_map: dict[str, str] = {}
    for s in range(n_shards):
        name = f"model-{s + 1:05d}-of-{n_shards:05d}.safetensors"
        head = _safetensors_header(400, s * 50)
        for tensor in json.loads(head[8:]):
            if tensor != "__metadata__":
                weight_map[tensor] = name
        with open(root / name, "wb") as fh:
            fh.write(head)
            fh.truncate(SHARD_SIZE)
        count += 1
    index = {"metadata": {"total_size": n_shards * SHARD_SIZE}, "weight_map": weight_map}
    (root / "model.safetensors.index.json").write_text(json.dumps(index))
    (root / "config.json").write_text(json.dumps({"model_type": "llama", "hidden_size": 4096}))
    (root / "training_args.bin").write_bytes(b"\x80\x02}q\x00.")
    (root / "checkpoint-1000").mkdir()
    (root / "checkpoint-1000" / "optimizer.pt").write_bytes(b"\x80\x02}q\x00.")
    gguf = b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 20) + b"general.architecture"
    gguf += struct.pack("<IQ", 8, 5) + b"llama"
    with open(root / "model.Q4_K_M.gguf", "wb") as fh:
        fh.write(gguf)
        fh.truncate(4 * 1024**3)
    with zipfile.ZipFile(root / "source.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(50):
            zf.writestr(f"src/module_{i}.py", f"def f{i}():\n    return {i}\n" * 20)
    count += 6
    i = 0
    while count < n_files:
        folder = root / "src" / f"pkg{i // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = i % 4
        if kind == 0:
            (folder / f"mod{i}.py").write_text(f"# module {i}\n" + "x = 1\n" * (i % 200))
        elif kind == 1:
            (folder / f"data{i}.json").write_text(json.dumps({"i": i, "v": list(range(i % 60))}))
        elif kind == 2:
            (folder / f"notes{i}.txt").write_text("note " * (i % 300))
        else:
            (folder / f"README{i}.md").write_text(f"# Package {i}\n\nSome text.\n" * (i % 30))
        i += 1
        count += 1
    return count


def scan_in_process(root: Path) -> tuple[float, int, int, int, int]:
    """Listing + all detectors; (seconds, rchar, tree bytes, files, evidence)."""
    before = _proc_io()
    start = time.perf_counter()
    local = LocalTree(root)
    tree = ArchiveTree(local)
    files = tree.files()
    evidence = []
    for detector in (WeightsDetector(), PickleDetector(), ArchiveDetector()):
        evidence.extend(detector.detect(tree, files))
    elapsed = time.perf_counter() - start
    after = _proc_io()
    rchar = after.get("rchar", 0) - before.get("rchar", 0)
    return elapsed, rchar, local.bytes_read, len(files), len(evidence)


_WRAPPER = """
import atexit, sys
def _report():
    with open('/proc/self/io') as fh:
        sys.stderr.write('PROC_IO ' + fh.read().replace('\\n', ' ') + '\\n')
atexit.register(_report)
sys.argv = ['osaid', 'check', sys.argv[1], '--format', 'json']
from osaid.cli.main import run
run()
"""


def scan_cli(root: Path) -> tuple[float, int, int] | None:
    """Whole `osaid check DIR --format json`; (seconds, rchar, exit code), if available."""
    if importlib.util.find_spec("osaid.evidence.scan") is None:
        return None
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(root)], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    rchar = 0
    for line in proc.stderr.splitlines():
        if line.startswith("PROC_IO "):
            found = re.search(r"\brchar:\s*(\d+)", line)
            rchar = int(found.group(1)) if found else 0
    return elapsed, rchar, proc.returncode


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--shards", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the generated release")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="osaid-bench-"))
    try:
        t0 = time.perf_counter()
        n = generate(root, args.files, args.shards)
        apparent = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
        print(
            f"generated {n} files, {apparent / 1024**3:.0f} GiB apparent "
            f"({args.shards} sparse 5 GiB shards + a 4 GiB GGUF) in {time.perf_counter() - t0:.1f} s at {root}"
        )
        scan_in_process(root)  # warm the page cache and imports
        elapsed, rchar, tree_bytes, files, evidence = scan_in_process(root)
        ok = elapsed <= TARGET_S and rchar <= TARGET_BYTES
        print(
            f"listing + weights/pickles/archives detectors: {elapsed:.3f} s wall "
            f"(target ≤ {TARGET_S} s: {_verdict(elapsed <= TARGET_S)}); "
            f"read {rchar / 1e6:.1f} MB by /proc/self/io rchar, {tree_bytes / 1e6:.1f} MB by "
            f"LocalTree.bytes_read (target ≤ 50 MiB: "
            f"{_verdict(rchar <= TARGET_BYTES)}); {files} files, {evidence} evidence"
        )
        cli = scan_cli(root)
        if cli is None:
            print("osaid check DIR --format json: skipped (osaid.evidence.scan not available)")
        else:
            c_elapsed, c_rchar, code = cli
            ok = ok and c_elapsed <= TARGET_S and c_rchar <= TARGET_BYTES
            print(
                f"osaid check DIR --format json (subprocess, exit {code}): {c_elapsed:.3f} s "
                f"wall (target ≤ {TARGET_S} s: {_verdict(c_elapsed <= TARGET_S)}); read "
                f"{c_rchar / 1e6:.1f} MB by its own /proc/self/io rchar, start-up included "
                f"(target ≤ 50 MiB: {_verdict(c_rchar <= TARGET_BYTES)})"
            )
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
