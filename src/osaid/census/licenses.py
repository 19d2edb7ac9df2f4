"""License findings for the census: one lookup row per distinct license string.

A Hub dump holds millions of models but only a few thousand distinct license strings
(`license:` tags, card `license`, `license_name`, `license_link`). The knowledge base
(`osaid.licenses.knowledge`) judges each distinct string once; the engines join the result.

Each string is judged twice: under the open-terms framework (what OSAID asks of parameters)
and under the EU AI Act's `free-open-source-licence` framework (Art. 53(2), recital 102: no
restriction beyond attribution and comparable distribution terms).

Restriction kinds become bits of an integer mask so that SQL and numpy can OR them along the
lineage; `NOT_OPEN` marks a license that fails the open-terms framework without a
machine-readable restriction (e.g. CC-BY-ND-4.0), `NOT_FOSL` one that fails the Act's
framework that way. Both masks travel through the lineage as one integer (`lineage_mask`):
the Act's bits sit `ACT_SHIFT` bits above OSAID's, so one OR propagates both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import pyarrow as pa  # type: ignore[import-untyped]

from osaid.definitions.interface import LegalFramework
from osaid.licenses.interface import RestrictionKind
from osaid.licenses.knowledge import (
    SPECIAL_NOASSERTION,
    SPECIAL_NONE,
    Judgement,
    LegalOutcome,
    knowledge,
)

__all__ = [
    "ACT_SHIFT",
    "KIND_BITS",
    "KIND_NAMES",
    "LOOKUP_SCHEMA",
    "NON_COMMERCIAL_MASK",
    "NOT_FOSL",
    "NOT_OPEN",
    "OSAID_BITS",
    "judge_string",
    "kinds_of",
    "kinds_table",
    "lookup_table",
]

NOT_OPEN = "not-open-terms"
NOT_FOSL = "not-free-open-source-licence"
KIND_NAMES: tuple[str, ...] = (*(k.value for k in RestrictionKind), NOT_OPEN, NOT_FOSL)
KIND_BITS: dict[str, int] = {name: 1 << i for i, name in enumerate(KIND_NAMES)}
ACT_SHIFT = 32
"""The Act's mask sits this many bits above OSAID's in the lineage's one integer."""
OSAID_BITS = (1 << ACT_SHIFT) - 1
"""OSAID's bits of that integer (`KIND_NAMES` must stay under 32 names: a test checks it)."""
NON_COMMERCIAL_MASK = (
    KIND_BITS[RestrictionKind.NON_COMMERCIAL.value] | KIND_BITS[RestrictionKind.RESEARCH_ONLY.value]
)

LOOKUP_SCHEMA = pa.schema(
    [
        pa.field("raw", pa.string()),
        pa.field("expr", pa.string()),
        pa.field("outcome", pa.string()),
        pa.field("mask", pa.int64()),
        pa.field("informative", pa.bool_()),
        pa.field("label", pa.string()),
        pa.field("act_outcome", pa.string()),
        pa.field("act_mask", pa.int64()),
    ]
)
"""`raw`: the string as found; `expr`: canonical SPDX-style expression or null; `outcome`:
met / not-met / unknown under the open-terms framework; `mask`: restriction bits when
not-met; `informative`: names a license (not `other`, `unknown`, a bare link…); `label`: a
short display name (the expression, or the Hub's family label); `act_outcome`, `act_mask`:
the same under the AI Act's free-and-open-source-licence framework."""

# Links that name a license by their address (license_link of `license: other` cards).
_LINK_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"apache\.org/licenses/license-2\.0", re.I), "apache-2.0"),
    (re.compile(r"opensource\.org/licenses/mit", re.I), "mit"),
    (re.compile(r"creativecommons\.org/licenses/by-nc-sa/4\.0", re.I), "cc-by-nc-sa-4.0"),
    (re.compile(r"creativecommons\.org/licenses/by-nc/4\.0", re.I), "cc-by-nc-4.0"),
    (re.compile(r"creativecommons\.org/licenses/by-sa/4\.0", re.I), "cc-by-sa-4.0"),
    (re.compile(r"creativecommons\.org/licenses/by/4\.0", re.I), "cc-by-4.0"),
    (re.compile(r"llama-?2", re.I), "llama2"),
    (re.compile(r"llama-?3[._]?3", re.I), "llama3.3"),
    (re.compile(r"llama-?3[._]?2", re.I), "llama3.2"),
    (re.compile(r"llama-?3[._]?1", re.I), "llama3.1"),
    (re.compile(r"ai\.google\.dev/gemma/terms", re.I), "gemma"),
)


def _link_name(text: str) -> str | None:
    if not re.match(r"(?i)^(https?://|\.?/|[\w.-]+\.(md|txt)$|license)", text):
        return None
    for pattern, name in _LINK_PATTERNS:
        if pattern.search(text):
            return name
    return ""


def _mask(judgement: Judgement, expr: str | None, fallback: str) -> int:
    """Restriction bits of a failing judgement (`fallback`'s bit when none is listed); 0 when
    the license is met or unknown, and for `NONE` (no license is not a restriction)."""
    mask = 0
    if judgement.outcome is LegalOutcome.NOT_MET and expr != SPECIAL_NONE:
        for _, restriction in judgement.restrictions:
            mask |= KIND_BITS[restriction.kind.value]
        if mask == 0:
            mask = KIND_BITS[fallback]
    return mask


Row = tuple[str | None, str, int, bool, str, str, int]


@cache
def judge_string(raw: str) -> Row:
    """(expr, outcome, mask, informative, label, act_outcome, act_mask) for one license
    string; cached."""
    kb = knowledge()
    text = raw.strip()
    link = _link_name(text)
    if link == "":
        unknown = LegalOutcome.UNKNOWN.value
        return None, unknown, 0, False, "link (unread)", unknown, 0
    if link:
        text = link
    judgement = kb.judge(text, LegalFramework.OPEN_TERMS)
    act = kb.judge(text, LegalFramework.FREE_OPEN_SOURCE_LICENCE)
    expr = judgement.normalized.expression
    outcome = judgement.outcome.value
    informative = (
        expr is not None and expr != SPECIAL_NOASSERTION and not judgement.normalized.unknown
    )
    hf = kb._hf_tags.get(text.casefold())
    if hf is not None and hf.id is None:
        label = hf.display
    elif expr is None or not informative:
        label = f"{text} (unrecognised)" if text.casefold() not in ("other", "unknown") else text
    else:
        label = expr
    return (
        expr,
        outcome,
        _mask(judgement, expr, NOT_OPEN),
        informative,
        label,
        act.outcome.value,
        _mask(act, expr, NOT_FOSL),
    )


def lookup_table(strings: Iterable[str | None]) -> pa.Table:
    """The lookup rows (LOOKUP_SCHEMA) for the distinct non-empty strings given."""
    rows: dict[str, Row] = {}
    for raw in strings:
        if raw is None or not raw.strip() or raw in rows:
            continue
        rows[raw] = judge_string(raw)
    keys = list(rows)
    columns: dict[str, pa.Array] = {"raw": pa.array(keys, pa.string())}
    for i, field in enumerate(list(LOOKUP_SCHEMA)[1:]):
        columns[field.name] = pa.array([rows[k][i] for k in keys], field.type)
    return pa.table(columns, schema=LOOKUP_SCHEMA)


def kinds_of(mask: int) -> list[str]:
    return [name for name in KIND_NAMES if mask & KIND_BITS[name]]


def kinds_table(masks: Iterable[int]) -> pa.Table:
    """(mask, names) for each distinct mask value given, and for 0."""
    values = sorted({0, *(int(m) for m in masks)})
    return pa.table(
        {
            "mask": pa.array(values, pa.int64()),
            "names": pa.array([kinds_of(m) for m in values], pa.list_(pa.string())),
        }
    )
