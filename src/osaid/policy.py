"""User policies for CI gates: what to evaluate, what must pass, what else fails the build.

This module parses policies and gates reports; `osaid.check` runs a check under one.

A policy is the `[tool.osaid]` table of a `pyproject.toml`, or the top level of an
`osaid.toml` (found by walking up from the target, else from the working directory; or
named with `--policy FILE`)::

    [tool.osaid]
    definitions = ["osaid-1.0", "mof", "osai-index"]   # what to evaluate
    require = ["osaid-1.0", "mof>=2", "osai-index>=0.75"]  # what must pass
    fail_on = ["unknown", "conflict"]                   # what else fails the gate

    [tool.osaid.open_data_terms]                        # the open data terms allowlist
    add = ["ODbL-1.0"]        # extra license ids (or: replace = [...], remove = [...])

Requirement grammar (whitespace is ignored)::

    requirement := DEFINITION                  the definition's status is pass
                 | MOF ">=" CLASS              MOF class CLASS or better (I is best):
                                               CLASS is 1, 2, 3 or I, II, III; MOF is mof
                                               or mof-normalized
                 | INDEX ">=" NUMBER           the index score is at least NUMBER; INDEX is
                                               osai-index (mean, 0..1) or osai-index-legacy
                                               (sum, 0..14)

`fail_on` values: `unknown` (a verdict is unknown; scored index definitions excluded: use a
score requirement), `needs-review` (a requirement needs human review), `conflict` (the
release's own files disagree, or the declared facts disagree with the artifacts), `fail` (any
evaluated definition fails, scored index definitions excluded).

Errors are one line naming the file, the line and the field (`InputError`, exit code 2).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from osaid.errors import InputError
from osaid.licenses.catalog import OpenDataPolicy, OpenDataTerm
from osaid.licenses.context import LicenseContext, default_context
from osaid.licenses.interface import LicenseId

if TYPE_CHECKING:
    from osaid.evaluation.evaluate import Report

__all__ = [
    "FailOn",
    "GateResult",
    "OpenDataTermsPolicy",
    "Policy",
    "PolicyRequirement",
    "apply_policy_to_check",
    "find_policy_file",
    "gate",
    "load_policy",
    "parse_requirement",
    "required_definitions",
]

POLICY_FILES = ("osaid.toml", "pyproject.toml")
FailOn = Literal["unknown", "needs-review", "conflict", "fail"]
_SCORED = ("osai-index", "osai-index-legacy")
_MOF = ("mof", "mof-normalized")
_ROMAN = {"I": 1, "II": 2, "III": 3, "1": 1, "2": 2, "3": 3}
_REQ = re.compile(r"^\s*([a-z0-9][a-z0-9.\-]*)\s*(?:>=\s*([^\s]+)\s*)?$", re.IGNORECASE)
_AUDIT_KINDS = ("license-mismatch", "claimed-not-found", "found-but-declared-absent")


# ---- requirements ------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyRequirement:
    text: str
    definition: str
    kind: Literal["pass", "mof-class", "score"]
    threshold: float | None = None
    """The worst MOF class accepted (1..3), or the lowest score accepted."""


def parse_requirement(text: str) -> PolicyRequirement:
    """Parse `osaid-1.0`, `mof>=2`, `mof>=II`, `osai-index>=0.6`; ValueError when invalid."""
    from osaid.definitions.loader import DEFINITION_IDS

    m = _REQ.match(text)
    if m is None:
        raise ValueError(f"{text!r} is not DEFINITION, mof>=CLASS or INDEX>=SCORE")
    definition, bound = m.group(1), m.group(2)
    if definition not in DEFINITION_IDS:
        raise ValueError(f"unknown definition {definition!r} (known: {', '.join(DEFINITION_IDS)})")
    if bound is None:
        return PolicyRequirement(text.strip(), definition, "pass")
    if definition in _MOF:
        klass = _ROMAN.get(bound.upper())
        if klass is None:
            raise ValueError(f"{text!r}: a MOF class is 1, 2, 3 or I, II, III")
        return PolicyRequirement(text.strip(), definition, "mof-class", float(klass))
    if definition in _SCORED:
        try:
            score = float(bound)
        except ValueError:
            raise ValueError(f"{text!r}: {bound!r} is not a number") from None
        top = 14.0 if definition == "osai-index-legacy" else 1.0
        if not 0.0 <= score <= top:
            raise ValueError(f"{text!r}: the {definition} score runs from 0 to {top:g}")
        return PolicyRequirement(text.strip(), definition, "score", score)
    raise ValueError(f"{text!r}: only mof and the index definitions take >=; write {definition}")


def required_definitions(requirements: list[str]) -> list[str]:
    """The definitions that requirement expressions need evaluated."""
    return list(dict.fromkeys(parse_requirement(r).definition for r in requirements))


# ---- the policy file ---------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OpenDataTermsPolicy(_Strict):
    """Changes to the open data / documentation terms allowlist."""

    add: list[str] = []
    remove: list[str] = []
    replace: list[str] | None = None
    """When given, the allowlist is exactly these ids (then add and remove must be empty)."""

    @field_validator("add", "remove", "replace")
    @classmethod
    def _known(cls, value: list[str] | None) -> list[str] | None:
        from osaid.licenses.knowledge import knowledge

        for lid in value or []:
            if not knowledge().is_known(lid):
                raise ValueError(f"{lid!r} is not a license id osaid knows (SPDX or catalog)")
        return value


class _PolicyTable(_Strict):
    definitions: list[str] | None = None
    require: list[str] = []
    fail_on: list[FailOn] = []
    open_data_terms: OpenDataTermsPolicy | list[str] | None = None

    @field_validator("definitions")
    @classmethod
    def _definitions(cls, value: list[str] | None) -> list[str] | None:
        from osaid.definitions.loader import DEFINITION_IDS

        for d in value or []:
            if d not in DEFINITION_IDS:
                raise ValueError(f"unknown definition {d!r} (known: {', '.join(DEFINITION_IDS)})")
        return value

    @field_validator("require")
    @classmethod
    def _require(cls, value: list[str]) -> list[str]:
        for r in value:
            parse_requirement(r)
        return value


@dataclass(frozen=True)
class Policy:
    definitions: tuple[str, ...]
    requirements: tuple[PolicyRequirement, ...] = ()
    fail_on: tuple[str, ...] = ()
    open_data_terms: OpenDataTermsPolicy | None = None
    file: str = ""

    @property
    def require(self) -> tuple[str, ...]:
        return tuple(r.text for r in self.requirements)

    def with_requirements(self, extra: list[str]) -> Policy:
        """The policy plus requirements given elsewhere (e.g. `--require` on the command line)."""
        parsed = [parse_requirement(r) for r in extra]
        known = {r.text for r in self.requirements}
        merged = (*self.requirements, *(r for r in parsed if r.text not in known))
        return Policy(self.definitions, merged, self.fail_on, self.open_data_terms, self.file)

    @property
    def evaluate(self) -> list[str]:
        """Every definition to evaluate: the policy's and those its requirements need."""
        return list(dict.fromkeys([*self.definitions, *(r.definition for r in self.requirements)]))

    def with_definitions(self, definitions: list[str]) -> Policy:
        """The policy evaluating these definitions instead (`--definition` on the command line)."""
        return Policy(
            tuple(definitions), self.requirements, self.fail_on, self.open_data_terms, self.file
        )

    def license_context(self) -> LicenseContext:
        """The license context the policy's checks are judged under: the packaged open data
        terms, changed as `[tool.osaid.open_data_terms]` says."""
        base = default_context()
        terms = self.open_data_terms
        if terms is None:
            return base
        allowlist = base.open_data_terms
        if terms.replace is not None:
            kept: list[OpenDataTerm] = []
            ids = list(terms.replace)
        else:
            kept = [t for t in allowlist.terms if t.id not in set(terms.remove)]
            ids = [i for i in terms.add if i not in {t.id for t in kept}]
        added = tuple(
            OpenDataTerm(LicenseId(i), f"added by the policy {self.file}", self.file) for i in ids
        )
        return LicenseContext(
            OpenDataPolicy(
                id=f"policy {self.file}",
                version=allowlist.version if terms.replace is None else "user",
                description=f"{allowlist.description} Changed by {self.file}.",
                terms=(*kept, *added),
                date=allowlist.date,
                sources=allowlist.sources,
                file=self.file,
            )
        )


def _line_of(text: str, table: tuple[str, ...], path: tuple[str | int, ...]) -> int | None:
    keys = tuple(p for p in path if isinstance(p, str))
    lines = text.splitlines()
    for n in range(len(keys), -1, -1):
        want = table + keys[:n]
        current: tuple[str, ...] = ()
        for i, raw in enumerate(lines, 1):
            s = raw.split("#", 1)[0].strip()
            header = re.match(r"^\[\s*([^\[\]]+?)\s*\]$", s)
            if header:
                current = tuple(k.strip().strip("\"'") for k in header.group(1).split("."))
                if current == want:
                    return i
                continue
            assign = re.match(r"^([A-Za-z0-9_.\-\"' ]+?)\s*=", s)
            if assign:
                key = tuple(k.strip().strip("\"'") for k in assign.group(1).split("."))
                if current + key == want and n > 0:
                    return i
    return None


def _fail(
    file: str, text: str, table: tuple[str, ...], path: tuple[str | int, ...], msg: str
) -> InputError:
    field_name = ".".join(str(p) for p in (*table, *path)) or None
    return InputError(msg, file=file, line=_line_of(text, table, path), field=field_name)


def load_policy(path: Path) -> Policy:
    """Read and validate a policy file (`osaid.toml`, or `pyproject.toml`'s `[tool.osaid]`)."""
    from osaid.definitions.loader import DEFAULT_DEFINITIONS

    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("policy file not found", file=name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read policy file ({exc})", file=name) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InputError(
            f"invalid TOML: {message}", file=name, line=int(m.group(1)) if m else None
        ) from None
    table: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        table = ("tool", "osaid")
        raw = data.get("tool", {}).get("osaid")
        if raw is None:
            raise InputError("no [tool.osaid] table", file=name)
    else:
        raw = data
    if not isinstance(raw, dict):
        raise _fail(name, text, table, (), "expected a table")
    try:
        parsed = _PolicyTable.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in ("list[str]",)))
        kind = err["type"]
        if kind == "extra_forbidden":
            message = "unknown field"
        elif kind == "literal_error":
            message = f"{err.get('input')!r} is not one of: unknown, needs-review, conflict, fail"
        else:
            message = str(err["msg"]).removeprefix("Value error, ")
        loc = tuple(p for p in loc if not (isinstance(p, str) and p == "OpenDataTermsPolicy"))
        raise _fail(name, text, table, loc, message) from None
    terms = parsed.open_data_terms
    if isinstance(terms, list):
        terms = OpenDataTermsPolicy(add=terms)
    if terms is not None and terms.replace is not None and (terms.add or terms.remove):
        raise _fail(
            name, text, table, ("open_data_terms", "replace"), "replace excludes add and remove"
        )
    return Policy(
        definitions=tuple(parsed.definitions or DEFAULT_DEFINITIONS),
        requirements=tuple(parse_requirement(r) for r in parsed.require),
        fail_on=tuple(dict.fromkeys(parsed.fail_on)),
        open_data_terms=terms,
        file=name,
    )


def _has_osaid_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True  # let load_policy report it
    return isinstance(data.get("tool"), dict) and "osaid" in data["tool"]


def find_policy_file(start: Path) -> Path | None:
    """The nearest `osaid.toml`, or `pyproject.toml` with a `[tool.osaid]` table, walking up."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / "osaid.toml"
        if candidate.is_file():
            return candidate
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _has_osaid_table(candidate):
            return candidate
    return None


def apply_policy_to_check(
    target: str, policy_path: Path | None, *, cwd: Path | None = None
) -> tuple[list[str], list[str], Policy | None]:
    """What `osaid check TARGET` should do under a policy.

    Returns (definitions to evaluate, requirement expressions, the policy); ([], [], None)
    when no policy applies. `policy_path` is `--policy FILE`; without it the policy is found
    by walking up from the target (when it is a local path), else from `cwd`."""
    path = policy_path
    if path is None:
        local = Path(target)
        path = find_policy_file(local if local.exists() else (cwd or Path.cwd()))
    if path is None:
        return [], [], None
    policy = load_policy(path)
    return policy.evaluate, list(policy.require), policy


# ---- the gate ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GateResult:
    passed: bool
    reasons: tuple[str, ...] = ()
    """One line per requirement not met or `fail_on` condition found."""


def _conflicts(report: Report) -> list[str]:
    from osaid.sources.evidence import EvidenceKind

    system = report.system
    out = [
        f"conflict in the release: {e.data.get('declared_in')} declares {e.data.get('declared')!r}"
        f" but {e.data.get('detected_in')} is {e.data.get('detected')}"
        for e in system.evidence
        if e.kind is EvidenceKind.CONFLICT
    ]
    for ref in system.manifest.artifacts:
        out.extend(
            f"declared facts disagree with the artifacts: {note}"
            for note in system.notes
            if any(note.startswith(f"{ref}: {kind}:") for kind in _AUDIT_KINDS)
        )
    return out


def gate(report: Report, policy: Policy) -> GateResult:
    """Whether a report passes the policy, and every reason it does not."""
    from osaid.evaluation.result import Status

    by_id = {r.definition: r for r in report.results}
    name = report.system.name
    reasons: list[str] = []
    for req in policy.requirements:
        result = by_id.get(req.definition)
        if result is None:
            reasons.append(f"{req.text}: {req.definition} was not evaluated")
            continue
        if req.kind == "pass" and result.status is not Status.PASS:
            hint = " (on legal terms only)" if result.license_only_failure else ""
            reasons.append(
                f"{req.text}: {name} is {result.status.value} under {req.definition}{hint}"
            )
        elif req.kind == "mof-class":
            klass = result.mof_class or 0
            if not 1 <= klass <= int(req.threshold or 0):
                got = f"class {klass}" if klass else "no class"
                reasons.append(f"{req.text}: {name} has {got} under {req.definition}")
        elif req.kind == "score":
            score = result.score if result.score is not None else 0.0
            if score < (req.threshold or 0.0):
                reasons.append(
                    f"{req.text}: {name} scores {score:.4g} under {req.definition} "
                    f"({result.score_basis})"
                )
    verdicts = [r for r in report.results if r.definition not in _SCORED]
    if "unknown" in policy.fail_on:
        reasons.extend(
            f"fail_on unknown: {r.definition} cannot decide for {name}"
            for r in verdicts
            if r.status is Status.UNKNOWN
        )
    if "fail" in policy.fail_on:
        reasons.extend(
            f"fail_on fail: {name} fails {r.definition}"
            for r in verdicts
            if r.status is Status.FAIL
        )
    if "needs-review" in policy.fail_on:
        reasons.extend(
            f"fail_on needs-review: {r.definition}: {', '.join(r.needs_review)}"
            for r in report.results
            if r.needs_review
        )
    if "conflict" in policy.fail_on:
        reasons.extend(f"fail_on conflict: {c}" for c in _conflicts(report))
    return GateResult(not reasons, tuple(dict.fromkeys(reasons)))
