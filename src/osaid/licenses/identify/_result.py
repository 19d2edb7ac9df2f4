"""What identification returns: one license found in a text, and what a file holds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from osaid.licenses.identify._differences import Difference


class Described(Protocol):
    """What a match says about the license it found (an indexed license)."""

    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str | None: ...
    @property
    def family(self) -> str: ...
    @property
    def scancode_key(self) -> str | None: ...
    @property
    def source(self) -> str: ...


class MatchKind(StrEnum):
    EXACT = "exact"
    APPROXIMATE = "approximate"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class LicenseMatch:
    """One license found in a text."""

    id: str
    name: str
    version: str | None
    family: str
    kind: str
    """``spdx``, ``exception``, ``ai`` or ``policy`` (an acceptable-use policy)."""
    scancode_key: str | None
    match: MatchKind
    score: float
    """1.0 for an exact match; for an approximate one, shingle ``coverage × density``."""
    coverage: float
    """Share of the license's shingles found in the region."""
    density: float
    """Share of the region's shingles that belong to the license."""
    start_line: int
    end_line: int
    needs_review: bool
    alternatives: tuple[str, ...] = ()
    """Other ids that fit: ids with the same text (told apart by a notice), close runners-up,
    and for an approximate AI-model license the other versions of its family."""
    source: str = ""
    """Where the template comes from (the SPDX page, the AI license's URL)."""
    expression: str | None = None
    """The SPDX expression this match stands for: the id, ``id WITH exception``, or what an
    ``SPDX-License-Identifier:`` line says; None for an approximate match."""
    exception: str | None = None
    """The SPDX exception found with the license, if any."""
    form: str = "text"
    """``text`` (the license text), ``notice`` (a standard license notice) or
    ``identifier`` (an ``SPDX-License-Identifier:`` line)."""
    differences: tuple[Difference, ...] = ()
    """For an approximate match: the words that differ from the template (added, missing,
    changed), replaceable and omittable parts aside."""
    notes: tuple[str, ...] = ()
    """Why an id was chosen: a notice that decided -or-later, a deprecated id replaced."""

    @classmethod
    def of(
        cls,
        ident: str,
        about: Described,
        kind: str,
        lines: tuple[int, int],
        *,
        match: MatchKind = MatchKind.EXACT,
        score: float = 1.0,
        coverage: float = 1.0,
        density: float = 1.0,
        needs_review: bool = False,
        **rest: Any,
    ) -> LicenseMatch:
        """A match reported as `ident`, described by `about`, on `lines` (first, last); an
        exact one unless `match` says otherwise. `rest`: the fields with defaults."""
        return cls(
            id=ident,
            name=about.name,
            version=about.version,
            family=about.family,
            kind=kind,
            scancode_key=about.scancode_key,
            match=match,
            score=score,
            coverage=coverage,
            density=density,
            start_line=lines[0],
            end_line=lines[1],
            needs_review=needs_review,
            source=about.source,
            **rest,
        )


@dataclass(frozen=True)
class FileResult:
    """What `identify_file` found in one file."""

    path: str
    matches: tuple[LicenseMatch, ...] = ()
    note: str | None = None
    """Why a file was not (fully) read: a symbolic link, binary, too large, unreadable."""
    bytes_read: int = 0

    @property
    def match(self) -> MatchKind:
        """``exact`` when every match is exact, ``approximate`` when any is not, else unknown."""
        if not self.matches:
            return MatchKind.UNKNOWN
        if all(m.match is MatchKind.EXACT for m in self.matches):
            return MatchKind.EXACT
        return MatchKind.APPROXIMATE

    @property
    def needs_review(self) -> bool:
        return any(m.needs_review for m in self.matches)

    @property
    def expression(self) -> str | None:
        """The licenses that need no review, as one SPDX expression (``A AND B``)."""
        return expression_of(self.matches)


def expression_of(matches: tuple[LicenseMatch, ...]) -> str | None:
    """``AND`` of the expressions of the matches that need no review (None if there are none)."""
    parts = [m.expression for m in matches if m.expression and not m.needs_review]
    parts = list(dict.fromkeys(parts))
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return " AND ".join(f"({p})" if " OR " in p else p for p in parts)
