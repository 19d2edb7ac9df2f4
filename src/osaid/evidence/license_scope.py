"""Which license applies to which file of a release: the role and the scope of each license file.

A license file applies to a part of the release, named by where it is and what it is called:

* its **role**: `LICENSE-MODEL`, `MODEL_LICENSE`, `LICENSE-WEIGHTS`, `WEIGHT_DIFF_LICENSE` and
  every file under `model_licenses/` govern the **parameters**, wherever they are published;
  `LICENSE-CODE` the code; `DATA_LICENSE` the data; `LICENSE`, `COPYING` everything in their
  directory that no more specific file covers;
* its **scope**: the directory it is in, and everything below it, except
* **vendored trees** (`third_party/`, `vendor/`, `dependencies/`, `external/`, git
  submodules …): a dependency copied into the release keeps its own license and never takes the
  release's, nor gives its own to the release's files. A vendored tree without a license file of
  its own has an unknown license, not the release's.

`LicenseScopes.for_path` answers "under which terms is this file?" with the license file it
came from, so a verdict can cite it. Licenses identified only approximately stay candidates
(`LicenseHit.candidates`): they are never silently taken, and never dropped.
"""

from __future__ import annotations

import configparser
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from osaid.sources.evidence import Evidence, EvidenceKind
from osaid.sources.interface import FileEntry, ReleaseTree

__all__ = [
    "VENDOR_DIRS",
    "LicenseHit",
    "LicenseRole",
    "LicenseScopes",
    "gitmodule_paths",
    "license_file_role",
    "vendored_roots",
]


class LicenseRole(StrEnum):
    RELEASE = "release"
    """Everything in its directory that no more specific license file covers."""
    CODE = "code"
    PARAMETERS = "parameters"
    DATA = "data"
    DOCUMENTATION = "documentation"


VENDOR_DIRS = frozenset(
    {
        "third_party",
        "third-party",
        "thirdparty",
        "3rdparty",
        "vendor",
        "vendored",
        "dependencies",
        "deps",
        "external",
        "externals",
        "extern",
        "submodules",
    }
)
"""Directory names under which each subdirectory is a copied-in dependency."""

_ROLE_WORDS: tuple[tuple[LicenseRole, re.Pattern[str]], ...] = (
    (
        LicenseRole.PARAMETERS,
        re.compile(
            r"(^|[-_. ])(models?|weights?|weight[-_]?diff|checkpoints?|params|parameters)([-_. ]|$)"
        ),
    ),
    (LicenseRole.CODE, re.compile(r"(^|[-_. ])(code|software|source)([-_. ]|$)")),
    (LicenseRole.DATA, re.compile(r"(^|[-_. ])(data|datasets?|corpus)([-_. ]|$)")),
    (LicenseRole.DOCUMENTATION, re.compile(r"(^|[-_. ])(docs?|documentation)([-_. ]|$)")),
)
_PARAMETER_DIRS = re.compile(r"(^|/)(model|weight)s?[-_]licen[cs]es?/")


def license_file_role(path: str) -> LicenseRole:
    """The part of a release a license file governs, from its name and folder."""
    low = path.lower()
    if _PARAMETER_DIRS.search(low):
        return LicenseRole.PARAMETERS
    stem = re.sub(r"licen[cs]es?|copying", " ", posixpath.basename(low))
    for role, pattern in _ROLE_WORDS:
        if pattern.search(stem):
            return role
    return LicenseRole.RELEASE


def gitmodule_paths(tree: ReleaseTree, files: Sequence[FileEntry]) -> list[str]:
    """Paths of the git submodules declared in `.gitmodules` (read as INI, never executed)."""
    if not any(f.path == ".gitmodules" for f in files):
        return []
    text = tree.read_text(".gitmodules", 256 * 1024) or ""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    out = []
    for section in parser.sections():
        path = parser.get(section, "path", fallback="").strip().strip("/")
        if path and ".." not in path.split("/"):
            out.append(path)
    return sorted(set(out))


def vendored_roots(paths: Iterable[str], submodules: Iterable[str] = ()) -> list[str]:
    """Directories that are copied-in dependencies: each child of a vendor directory, and each
    git submodule. Deepest first."""
    roots = set(submodules)
    for path in paths:
        parts = path.split("/")[:-1]
        for i, part in enumerate(parts):
            if part.lower() in VENDOR_DIRS and i + 1 < len(parts):
                roots.add("/".join(parts[: i + 2]))
                break
    return sorted(roots, key=lambda r: (-r.count("/"), r))


@dataclass(frozen=True)
class LicenseHit:
    """The terms a file is under, and where that comes from."""

    expression: str | None
    """The licenses identified exactly (AND), or None."""
    candidates: tuple[str, ...] = ()
    """Licenses identified only approximately: the text is one of these, to be reviewed."""
    files: tuple[str, ...] = ()
    """The license files that say so."""
    unidentified: tuple[str, ...] = ()
    """License files that govern the file but whose text was not identified."""
    vendored_in: str | None = None
    """The vendored tree the file belongs to, if any."""
    note: str = ""

    @property
    def known(self) -> bool:
        return self.expression is not None or bool(self.candidates) or bool(self.unidentified)


@dataclass(frozen=True)
class _Scope:
    directory: str
    role: LicenseRole
    evidence: Evidence
    expression: str | None
    candidates: tuple[str, ...]


def _scope_of(ev: Evidence) -> _Scope:
    exact: list[str] = []
    candidates: list[str] = []
    for match in ev.data.get("licenses") or []:
        if match.get("needs_review"):
            candidates.extend([match["id"], *match.get("alternatives", [])])
        else:
            exact.append(match.get("expression") or match["id"])
    expression = " AND ".join(dict.fromkeys(exact)) or None
    return _Scope(
        directory=str(ev.data.get("scope", posixpath.dirname(ev.path))),
        role=LicenseRole(ev.data.get("applies_to", license_file_role(ev.path))),
        evidence=ev,
        expression=expression,
        candidates=tuple(c for c in dict.fromkeys(candidates) if c not in exact),
    )


def _within(path: str, directory: str) -> bool:
    return not directory or path == directory or path.startswith(directory + "/")


@dataclass(frozen=True)
class LicenseScopes:
    """Every license file of a release, by role and directory, and the vendored trees."""

    scopes: tuple[_Scope, ...]
    vendored: tuple[str, ...] = ()
    _by_depth: tuple[_Scope, ...] = field(default=(), repr=False)

    @classmethod
    def from_evidence(
        cls, evidence: Iterable[Evidence], vendored: Iterable[str] = ()
    ) -> LicenseScopes:
        scopes = tuple(_scope_of(e) for e in evidence if e.kind is EvidenceKind.LICENSE_FILE)
        ordered = tuple(sorted(scopes, key=lambda s: (-len(s.directory), s.evidence.path)))
        return cls(scopes, tuple(vendored), ordered)

    def vendored_root(self, path: str) -> str | None:
        return next((r for r in self.vendored if _within(path, r)), None)

    def for_path(self, path: str, role: LicenseRole = LicenseRole.CODE) -> LicenseHit:
        """The license of one file: the nearest license file above it whose role covers it;
        inside a vendored tree, only that tree's own license files count."""
        if role is LicenseRole.PARAMETERS:
            hit = self.parameters()
            if hit.known:
                return hit
        root = self.vendored_root(path)
        for scope in self._by_depth:
            if not _within(path, scope.directory):
                continue
            if root is not None and not _within(scope.directory, root):
                break  # the release's own license files never cover a vendored tree
            if root is None and self.vendored_root(scope.evidence.path) is not None:
                continue
            if scope.role is not LicenseRole.RELEASE and scope.role is not role:
                continue
            if scope.expression is None and not scope.candidates:
                if (
                    role is LicenseRole.PARAMETERS
                    and scope.evidence.data.get("licenses") is not None
                ):
                    # The text that governs the weights was read and not identified: it is to
                    # be read by a person, not skipped for a license further up.
                    return LicenseHit(None, unidentified=(scope.evidence.path,), vendored_in=root)
                continue
            return LicenseHit(
                scope.expression, scope.candidates, (scope.evidence.path,), vendored_in=root
            )
        if root is not None:
            return LicenseHit(
                None,
                vendored_in=root,
                note=f"{root} is a vendored tree with no license file of its own",
            )
        return LicenseHit(None)

    def parameters(self) -> LicenseHit:
        """Every parameter license of the release (`LICENSE-MODEL`, `model_licenses/*` …)."""
        found = [
            s
            for s in self.scopes
            if s.role is LicenseRole.PARAMETERS and self.vendored_root(s.evidence.path) is None
        ]
        exact = [s.expression for s in found if s.expression]
        candidates = [c for s in found for c in s.candidates]
        # A parameter license whose text is not identified is not dropped: it is to be read.
        unread = [
            s.evidence.path
            for s in found
            if not s.expression and not s.candidates and s.evidence.data.get("licenses") is not None
        ]
        if not exact and not candidates and not unread:
            return LicenseHit(None)
        return LicenseHit(
            " AND ".join(_group(e) for e in dict.fromkeys(exact)) or None,
            tuple(dict.fromkeys(candidates)),
            tuple(s.evidence.path for s in found),
            tuple(unread),
        )

    def of_role(self, role: LicenseRole, directory: str = "") -> LicenseHit:
        """The license file of a role at exactly `directory` (the release root by default)."""
        for scope in self.scopes:
            if (
                scope.role is role
                and scope.directory == directory
                and (scope.expression or scope.candidates)
            ):
                return LicenseHit(scope.expression, scope.candidates, (scope.evidence.path,))
        return LicenseHit(None)


def _group(expression: str) -> str:
    return f"({expression})" if " " in expression else expression
