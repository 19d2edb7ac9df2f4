"""Find legal files (LICENSE, COPYING, NOTICE, use policies) and identify their licenses."""

from __future__ import annotations

import posixpath
import re

from osaid.evidence.license_scope import license_file_role
from osaid.sources.interface import (
    MAX_TEXT_BYTES,
    Detector,
    Evidence,
    EvidenceKind,
    FileEntry,
    ReleaseTree,
    Span,
)

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
    r"^(use_?policy|acceptable_?use\w*|responsible_?use\w*|prohibited_?use\w*|aup)"
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
        return out
