"""Find legal files (LICENSE, COPYING, NOTICE, use policies) and identify their licenses."""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace

from osaid.evidence.license_scope import license_file_role
from osaid.sources.evidence import Detector, Evidence, EvidenceKind, Span
from osaid.sources.interface import MAX_TEXT_BYTES, FileEntry, ReleaseTree

_LICENSE = re.compile(
    # Words may be joined by spaces too: "Tongyi Qianwen LICENSE AGREEMENT".
    r"^([a-z0-9]+[-_ ])*(licen[cs]es?|copying|unlicen[cs]e)([-_. ][\w. -]*)?(\.(md|txt|rst))?$"
)
_NOT_LEGAL_SUFFIXES = frozenset(
    ".py .pyc .js .ts .json .yaml .yml .toml .cfg .ini .sh .c .h .cc .cpp .go .rs .java .rb "
    ".html .css .ipynb .png .jpg .svg .csv .jsonl .tsv .xml".split()
)
_LICENSE_DIR = re.compile(r"(^|/)licen[cs]es?/[^/]+\.(md|txt|rst)$")
_NOTICE = re.compile(r"^notice([\w.-]*)?(\.(md|txt))?$")
_POLICY = re.compile(
    r"^(use_?policy|usage_?policy|acceptable_?use\w*|responsible_?use\w*|prohibited_?use\w*|aup)"
    r"([\w.-]*)?(\.(md|txt|pdf))?$"
)


def classify_legal_file(path: str) -> EvidenceKind | None:
    name = posixpath.basename(path).lower()
    if posixpath.splitext(name)[1] in _NOT_LEGAL_SUFFIXES:
        return None
    if _POLICY.match(name):
        return EvidenceKind.USE_POLICY
    if _NOTICE.match(name):
        return EvidenceKind.NOTICE
    if _LICENSE.match(name) or _LICENSE_DIR.search(path.lower()):
        return EvidenceKind.LICENSE_FILE
    return None


class LegalDetector(Detector):
    """Legal files by name, their licenses identified from the text (bounded read)."""

    name = "legal-files"

    def detect(self, tree: ReleaseTree, files: list[FileEntry]) -> list[Evidence]:
        from osaid.licenses.identify import identify_bytes

        out: list[Evidence] = []
        kinds: dict[str, set[str]] = {}
        for entry in files:
            if entry.symlink is not None and entry.archive is None:
                continue
            kind = classify_legal_file(entry.path)
            if kind is None:
                continue
            location = tree.url_for(entry.path)
            scope = posixpath.dirname(entry.path)
            role = license_file_role(entry.path).value
            if entry.lfs or entry.size > 4 * MAX_TEXT_BYTES:
                out.append(
                    Evidence(
                        kind,
                        entry.path,
                        "legal file name; not read (too large)",
                        data={"scope": scope, "applies_to": role},
                        location=location,
                    )
                )
                continue
            data = tree.read_bytes(entry.path, 0, MAX_TEXT_BYTES)
            matches = identify_bytes(data) if kind is not EvidenceKind.NOTICE else ()
            kinds[entry.path] = {m.kind for m in matches if not m.needs_review}
            found = [
                {
                    "id": m.id,
                    "expression": m.expression or m.id,
                    "name": m.name,
                    "match": m.match.value,
                    "score": round(m.score, 4),
                    "needs_review": m.needs_review,
                    "alternatives": list(m.alternatives),
                    "start_line": m.start_line,
                    "end_line": m.end_line,
                }
                for m in matches
            ]
            accepted = [m.expression or m.id for m in matches if not m.needs_review]
            span = (
                Span(
                    start_line=min(m.start_line for m in matches),
                    end_line=max(m.end_line for m in matches),
                )
                if matches
                else None
            )
            out.append(
                Evidence(
                    kind,
                    entry.path,
                    "legal file name; license identified from its text"
                    if found
                    else "legal file name; no known license text found",
                    span=span,
                    data={
                        "scope": scope,
                        "applies_to": role,
                        "licenses": found,
                        "expression": " AND ".join(dict.fromkeys(accepted)) or None,
                    },
                    location=location,
                )
            )
        return _model_licenses_beside_the_release(out, kinds)


def _model_licenses_beside_the_release(
    found: list[Evidence], kinds: dict[str, set[str]]
) -> list[Evidence]:
    """License files whose names say nothing of what they govern are the release's; but one
    that holds only AI-model licenses, beside another of the same folder that holds a license
    of another kind, governs the model (QwenLM/Qwen: LICENSE is Apache-2.0 for the code, the
    two Tongyi Qianwen agreements are the models'). Alone, an AI-model license stays the
    release's: it then governs the code too (a Llama repository's LICENSE)."""

    def unnamed(e: Evidence) -> bool:
        return e.kind is EvidenceKind.LICENSE_FILE and e.data.get("applies_to") == "release"

    model = {"ai", "policy"}  # an AI-model license, maybe with its use policy
    model_only = {
        e.path
        for e in found
        if unnamed(e) and "ai" in kinds.get(e.path, set()) and kinds[e.path] <= model
    }
    others = {
        str(e.data["scope"]) for e in found if unnamed(e) and kinds.get(e.path, set()) - model
    }
    return [
        replace(
            e,
            how=f"{e.how}; an AI-model license beside the release's own: the model's",
            data={**e.data, "applies_to": "parameters"},
        )
        if e.path in model_only and e.data["scope"] in others
        else e
        for e in found
    ]
