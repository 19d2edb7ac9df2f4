"""The published scale of a release: parameters from its weights headers, training tokens from
its model card — the inputs of the training-compute estimate (`osaid.evaluation.compute`).

Parameters are counted, never read from prose: the sum of the tensor elements in the final
model parameters' headers (a sharded checkpoint through its index). Tokens are read from the
card's own sentences that say how many tokens the model was trained on or saw; when the card
states more than one different figure (several models, several stages) osaid takes none and
says so, because choosing would be a guess.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from typing import Any

from osaid.evidence.card import ModelCard
from osaid.evidence.card_refs import line_evidence
from osaid.sources.evidence import Evidence, EvidenceKind
from osaid.sources.interface import ReleaseTree

__all__ = ["TOKEN_PATTERN", "parse_token_count", "scale_from_evidence", "token_evidence"]

_UNITS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "trillion": 1e12,
}
TOKEN_PATTERN = re.compile(
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<unit>trillion|billion|million|thousand"
    r"|bn|[kmbt])?\s*(?:\([^)]{0,12}\)\s*)?(?:training\s+|text\s+|pre-?training\s+)?tokens\b",
    re.IGNORECASE,
)
"""A token count: `1.5T tokens`, `2 trillion tokens`, `299,892,736,000 tokens`, `1 trillion
(1T) tokens`."""
_TRAINED = re.compile(
    r"\b(train(?:ed|ing)?|pre-?train(?:ed|ing)?|saw|seen|sees|see)\b", re.IGNORECASE
)
_RANGE = re.compile(r"\d(?:\.\d+)?\s*[a-z]*\s*(?:or|to|-|–)\s*$", re.IGNORECASE)
"""`4T or 5T tokens`, `1-2T tokens`: a range is not one figure."""
_NOT_TRAINING = re.compile(
    r"\b(context|window|length|sequence|batch|per\s+(?:step|batch|second)|vocab|"
    r"max(?:imum)?|generat|output|input|prompt|every|each\s+step)\b",
    re.IGNORECASE,
)


def parse_token_count(number: str, unit: str | None) -> float:
    value = float(number.replace(",", ""))
    return value * _UNITS.get((unit or "").casefold(), 1.0)


def _statements(card: ModelCard) -> list[tuple[float, int, str]]:
    out = []
    in_code = False
    for i, line in enumerate(card.lines, start=1):
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code or not _TRAINED.search(line):
            continue
        for match in TOKEN_PATTERN.finditer(line):
            before = line[max(0, match.start() - 60) : match.start()]
            if _NOT_TRAINING.search(before) or _NOT_TRAINING.search(match.group(0)):
                continue
            if _RANGE.search(before):
                continue
            value = parse_token_count(match.group("number"), match.group("unit"))
            if value < 1e8:  # a context length or a batch, not a training run
                continue
            start = max(0, match.start() - 80)
            if start:  # begin the quote at a word
                start = line.find(" ", start) + 1 or start
            end = line.find(" ", match.end() + 20)
            quote = line[start : end if end != -1 else len(line)].strip()
            out.append((value, i, quote))
    return out


def token_evidence(card: ModelCard, tree: ReleaseTree) -> list[Evidence]:
    """One piece of evidence per sentence of the card that states the training tokens."""
    return [
        line_evidence(
            card,
            tree,
            EvidenceKind.TRAINING_SCALE,
            "model card states the training tokens",
            line,
            {"training_tokens": value, "quote": quote},
        )
        for value, line, quote in _statements(card)
    ]


def _parameter_figure(evidence: Iterable[Evidence]) -> dict[str, Any] | None:
    weights = [
        e
        for e in evidence
        if e.kind in (EvidenceKind.WEIGHTS, EvidenceKind.CHECKPOINT)
        and e.component == "model-parameters-final"
        and isinstance(e.data.get("parameters"), int)
        and e.data["parameters"] > 0
        and not e.data.get("shard_of")
        and e.data.get("parameters_complete", True)
    ]
    if not weights:
        return None
    # Several formats of one model count the same; several models: the largest decides.
    best = max(weights, key=lambda e: (e.data["parameters"], e.path))
    count = int(best.data["parameters"])
    others = sorted({posixpath.dirname(e.path) for e in weights} - {posixpath.dirname(best.path)})
    figure: dict[str, Any] = {
        "value": float(count),
        "source": best.location or best.path,
        "quote": f"{best.how} of {best.path}: {count:,} parameters",
    }
    return {"figure": figure, "other_folders": others}


def scale_from_evidence(evidence: list[Evidence]) -> dict[str, Any]:
    """The manifest's `scale:` section as the evidence states it (empty when it says nothing)."""
    scale: dict[str, Any] = {}
    notes = []
    params = _parameter_figure(evidence)
    if params is not None:
        scale["parameters"] = params["figure"]
        if params["other_folders"]:
            notes.append(
                "the release holds weights in several folders; the largest model's count is used"
            )
    statements = [e for e in evidence if e.kind is EvidenceKind.TRAINING_SCALE]
    values = sorted({float(e.data["training_tokens"]) for e in statements})
    if len(values) == 1:
        e = statements[0]
        scale["training_tokens"] = {
            "value": values[0],
            "source": e.location or e.path,
            "quote": str(e.data["quote"])[:500],
        }
    elif values:
        shown = ", ".join(f"{v:,.0f}" for v in values[:5])
        notes.append(
            f"the model card states {len(values)} different training token counts ({shown}); "
            "osaid does not choose one"
        )
    if notes:
        scale["notes"] = "; ".join(notes)
    return scale
