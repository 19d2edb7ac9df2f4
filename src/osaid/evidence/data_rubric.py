"""The Data Information rubric as data: its items and where it looks (`data/data-information.yaml`).

Each item of OSAID 1.0's Data Information (1)-(3), and the FAQ's unshareable data, with the
headings and phrases that recognise it; and the patterns that say where the phrases of a
document other than a data card count: under a data or training heading, not under one about
something else (a how-to, the model, its evaluation), never in a passage that only promises
text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from osaid._yaml import load_yaml
from osaid.errors import DataError
from osaid.evidence.card import Section
from osaid.manifest.model import Coverage

__all__ = [
    "CONTEXT",
    "DATA_CONTEXT",
    "ITEMS",
    "Context",
    "ItemSpec",
    "about_data",
    "is_placeholder",
]


@dataclass(frozen=True)
class ItemSpec:
    """One item of the rubric and how it is recognised."""

    id: str
    title: str
    requirement: str
    """Where OSAID 1.0 asks for it."""
    component: str
    coverage: tuple[Coverage, ...]
    headings: re.Pattern[str] | None
    phrases: re.Pattern[str] | None


def _rx(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern, re.IGNORECASE) if pattern else None


@dataclass(frozen=True)
class Context:
    """Where the rubric looks: the patterns of `data/data-information.yaml` besides its items."""

    data: re.Pattern[str]
    """Headings under which other documents' phrases are searched (data, training …)."""
    other: re.Pattern[str] | None
    """Innermost headings about something else even under a data heading (a how-to, the model,
    its evaluation)."""
    howto: re.Pattern[str] | None
    """Headings that tell how to run something ("Fine-tuning with BERT"): no data context of
    their own unless they name the data."""
    placeholder: re.Pattern[str] | None
    """Passages that only promise text ("TODO: add code")."""
    evaluation_document: re.Pattern[str] | None
    """Openings of documents about the evaluation data."""


def _load_rubric() -> tuple[tuple[ItemSpec, ...], Context]:
    """The rubric's items and patterns, from `data/data-information.yaml`."""
    name = "data/data-information.yaml"
    text = resources.files("osaid.evidence").joinpath(name).read_text("utf-8")
    raw = load_yaml(text, file=f"osaid/evidence/{name}").data
    try:
        items = tuple(
            ItemSpec(
                id=str(r["id"]),
                title=str(r["title"]),
                requirement=str(r["requirement"]),
                component=str(r["component"]),
                coverage=tuple(Coverage(c) for c in r["coverage"]),
                headings=_rx(r["headings"]),
                phrases=_rx(r["phrases"]),
            )
            for r in raw["items"]
        )
        data = _rx(raw["data_context"])
        if data is None:
            raise DataError(f"osaid/evidence/{name}: data_context is empty")
        context = Context(
            data=data,
            other=_rx(raw.get("other_context")),
            howto=_rx(raw.get("howto_context")),
            placeholder=_rx(raw.get("placeholder")),
            evaluation_document=_rx(raw.get("evaluation_document")),
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise DataError(f"osaid/evidence/{name}: {exc!r}") from exc
    return items, context


ITEMS, CONTEXT = _load_rubric()
"""The rubric (OSAID 1.0 Data Information (1)–(3) and the FAQ's unshareable data) and where it
looks."""
DATA_CONTEXT = CONTEXT.data
_DATA_WORDS = re.compile(r"\b(data|datasets?|corpus|corpora)\b", re.IGNORECASE)


def about_data(enclosing: list[Section]) -> bool:
    """Whether a paragraph in the sections `enclosing` (outermost first) may speak of the
    model's data: one of them has a data heading, and the innermost is not about something
    else (a README's "Finetuning > Profiling of Memory and Speed" tells how to fine-tune it
    yourself, not what it was trained on; a report's "Pretraining > Evaluation" its results)."""
    if not any(_data_heading(s.title) for s in enclosing):
        return False
    inner = enclosing[-1].title
    other = CONTEXT.other
    return not (other is not None and other.search(inner) and not DATA_CONTEXT.search(inner))


def _data_heading(title: str) -> bool:
    """A heading about data or training, not one that tells how to run something ("Fine-tuning
    with BERT > SQuAD 1.1" in google-research/bert is a how-to) unless it names the data."""
    if not DATA_CONTEXT.search(title):
        return False
    howto = CONTEXT.howto
    return howto is None or not howto.search(title) or _DATA_WORDS.search(title) is not None


def is_placeholder(text: str) -> bool:
    return CONTEXT.placeholder is not None and CONTEXT.placeholder.match(text) is not None
