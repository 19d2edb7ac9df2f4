"""The Data Information rubric of OSAID 1.0: which required disclosures the docs contain.

OSAID 1.0 requires, for the training data, (1) "the complete description of all data used for
training, including (if used) of unshareable data, disclosing the provenance of the data, its
scope and characteristics, how the data was obtained and selected, the labeling procedures,
and data processing and filtering methodologies"; (2) "a listing of all publicly available
training data and where to obtain it"; (3) "a listing of all training data obtainable from
third parties and where to obtain it, including for fee". The FAQ adds the four kinds of data
(open, public, obtainable, unshareable) and a description of unshareable data.

`assess_data_information` looks for each item in the model card, in data cards / datasheets
(DATASHEET*, DATA_CARD*, DATASET_CARD*, README/Markdown files under `data/` or `datasets/`)
and in other docs whose names speak of data or training, and reports each item `found` (with
up to three quotes of at most ~300 characters, each with its file and line span) or `missing`.

The heuristics are deterministic (no ML); their patterns are data, in
`data/data-information.yaml`:

* a section whose heading matches an item's `headings` pattern discloses that item; the quote
  is the start of its text and the span the whole section;
* a paragraph that matches an item's `phrases` pattern discloses it, when the paragraph is in
  a data card, or under a heading that matches `data_context` in another document;
* the public-data listing is found when Hub dataset ids (front matter `datasets:`, links to
  huggingface.co/datasets/…) or links in data sections say where public data can be had;
* the OSAID test — whether "a skilled person can build a substantially equivalent system" —
  is never decided: it is always `needs-review`, with the found and missing items laid out.

"found" means a passage addresses the item, not that the disclosure is complete or true.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from osaid.evidence.card import ModelCard, Section, excerpt, find_card, parse_card
from osaid.evidence.card_refs import section_title, training_dataset_refs
from osaid.evidence.data_rubric import (
    CONTEXT,
    DATA_CONTEXT,
    ITEMS,
    ItemSpec,
    about_data,
    is_placeholder,
)
from osaid.evidence.docs import DATA_CARD_NAME
from osaid.evidence.links import (
    classify_dataset_link,
    clause_around,
    extract_links,
    sentence_around,
)
from osaid.manifest.model import Coverage
from osaid.sources.evidence import Detector, Evidence, EvidenceKind, LineRange
from osaid.sources.interface import MAX_TEXT_BYTES, FileEntry, ReleaseTree, SourceError

__all__ = [
    "DATA_CONTEXT",
    "ITEMS",
    "DataInformationDetector",
    "DataInformationReport",
    "DataItem",
    "ItemSpec",
    "ItemStatus",
    "Quote",
    "assess_data_information",
    "data_documents",
]

MAX_QUOTES = 3
"""Most quotes kept per item."""

MAX_DOCS = 30
"""Most documents read besides the model card."""


class ItemStatus(StrEnum):
    FOUND = "found"
    MISSING = "missing"
    NEEDS_REVIEW = "needs-review"


_DATA_DIR = re.compile(r"(?i)(^|/)(data|datasets?|corpus|corpora|data[_-]?cards?)/")
_DOC_NAME = re.compile(
    r"(?i)(^|[/_-])(data|dataset|datasets|training|pretraining|corpus|preprocess\w*|filter\w*)"
    r"[^/]*\.(md|markdown|rst|txt)$"
)
_MODEL_CARD = re.compile(r"(?i)^model[-_]?card\.(md|markdown)$")
"""A model card beside the README (openai/whisper's model-card.md, with its Training Data)."""
_DOC_SUFFIX = re.compile(r"(?i)\.(md|markdown|rst|txt)$")
_REPORT_NAME = re.compile(
    r"(?i)(^|/)[\w.-]*(paper|report|technical|tech[_-]?memo|whitepaper)[\w.-]*\.(md|markdown|rst)$"
)
"""A paper or technical report in text: its data sections describe the data (QwenLM/Qwen's
tech_memo.md, "## Pretraining / ### Data")."""
_URL = re.compile(r"https?://[^\s)\]>\"'`]+")
_LISTING_HOSTS = re.compile(
    r"(?i)//(www\.)?(huggingface\.co/datasets|commoncrawl\.org|data\.commoncrawl|dumps\.wikimedia|"
    r"zenodo\.org|kaggle\.com/datasets|github\.com|gitlab\.com|archive\.org|figshare|"
    r"dataverse|openslr|ldc\.upenn\.edu|catalog\.ldc|data\.|[\w.-]*dataset)"
)


@dataclass(frozen=True)
class Quote(LineRange):
    """A passage that discloses an item, and where it is."""

    path: str
    start_line: int
    end_line: int
    text: str
    how: str
    location: str = ""


@dataclass(frozen=True)
class DataItem:
    """One rubric item and what was found for it."""

    id: str
    title: str
    requirement: str
    component: str
    coverage: tuple[Coverage, ...]
    status: ItemStatus
    quotes: tuple[Quote, ...] = ()
    datasets: tuple[dict[str, str], ...] = ()
    """For the public-data listing: {"id", "url", "source"} of each listed dataset."""


@dataclass(frozen=True)
class DataInformationReport:
    """The rubric's result for one release."""

    items: tuple[DataItem, ...]
    documents: tuple[str, ...]
    """The files that were read (the model card first)."""
    overall: ItemStatus = ItemStatus.NEEDS_REVIEW
    overall_note: str = (
        "Whether a skilled person could build a substantially equivalent system from this "
        "information is a human judgment (OSAID 1.0; the FAQ leaves 'substantially "
        "equivalent' undefined); the items found and missing are laid out for review."
    )
    notes: tuple[str, ...] = field(default_factory=tuple)

    def item(self, item_id: str) -> DataItem:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    @property
    def found(self) -> list[str]:
        return [i.id for i in self.items if i.status is ItemStatus.FOUND]

    @property
    def missing(self) -> list[str]:
        return [i.id for i in self.items if i.status is ItemStatus.MISSING]

    def to_evidence(self) -> list[Evidence]:
        """`data-information` evidence: one per quote of a found item, and one summary."""
        out: list[Evidence] = []
        for it in self.items:
            for q in it.quotes:
                data: dict[str, Any] = {
                    "item": it.id,
                    "title": it.title,
                    "status": it.status.value,
                    "coverage": it.coverage[0].value if it.coverage else None,
                    "covers": [c.value for c in it.coverage],
                    "quote": q.text,
                }
                if it.datasets:
                    data["datasets"] = [dict(d) for d in it.datasets]
                out.append(
                    Evidence(
                        kind=EvidenceKind.DATA_INFORMATION,
                        path=q.path,
                        how=q.how,
                        component=it.component,
                        span=q.span,
                        data=data,
                        location=q.location or q.path,
                    )
                )
        out.append(
            Evidence(
                kind=EvidenceKind.DATA_INFORMATION,
                path="",
                how="Data Information rubric (OSAID 1.0 items (1)-(3)); heading and phrase heuristics",
                component="data-description",
                data={
                    "item": "substantially-equivalent",
                    "status": self.overall.value,
                    "note": self.overall_note,
                    "found": self.found,
                    "missing": self.missing,
                    "covers": sorted(
                        {
                            c.value
                            for i in self.items
                            if i.status is ItemStatus.FOUND
                            for c in i.coverage
                        }
                    ),
                    "documents": list(self.documents),
                },
            )
        )
        return out


# ---- finding documents ---------------------------------------------------------------------


def data_documents(files: list[FileEntry], card_path: str | None = None) -> list[FileEntry]:
    """Data cards, datasheets and data/training docs of a release, data cards first."""
    cards: list[FileEntry] = []
    docs: list[FileEntry] = []
    for f in files:
        if f.path == card_path or f.lfs or f.symlink or f.size > MAX_TEXT_BYTES:
            continue
        name = f.path.rsplit("/", 1)[-1]
        if DATA_CARD_NAME.match(name) and (_DOC_SUFFIX.search(name) or "." not in name):
            cards.append(f)
        elif _DATA_DIR.search(f.path) and _DOC_SUFFIX.search(name) and f.path.count("/") <= 4:
            cards.append(f)
        elif _DOC_NAME.search(f.path) or _REPORT_NAME.search(f.path) or _MODEL_CARD.match(name):
            docs.append(f)
    return (cards + docs)[:MAX_DOCS]


def _is_data_card(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return bool(DATA_CARD_NAME.match(name) or _DATA_DIR.search(path))


# ---- matching ------------------------------------------------------------------------------


@dataclass
class _Doc:
    card: ModelCard
    whole_is_data: bool
    location: str


def _paragraphs(card: ModelCard) -> list[tuple[int, int]]:
    """(start, end) 1-based line ranges of the body's paragraphs (no headings, no code)."""
    heading_lines = {s.start_line for s in card.sections}
    out: list[tuple[int, int]] = []
    start: int | None = None
    fence = False
    lines = card.lines
    for n in range(card.body_start_line, len(lines) + 1):
        line = lines[n - 1]
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
            if start is not None:
                out.append((start, n - 1))
                start = None
            continue
        boundary = (
            fence or not stripped or n in heading_lines or re.fullmatch(r"[=\-~^]{3,}", stripped)
        )
        if boundary:
            if start is not None:
                out.append((start, n - 1))
                start = None
        elif start is None:
            start = n
    if start is not None:
        out.append((start, len(lines)))
    return out


def _innermost(sections: tuple[Section, ...], line: int) -> list[Section]:
    """Sections containing `line`, outermost first."""
    return [s for s in sections if s.start_line <= line <= s.end_line]


def _heading_quotes(spec: ItemSpec, doc: _Doc, tree: ReleaseTree) -> list[Quote]:
    if spec.headings is None:
        return []
    out: list[Quote] = []
    for section in doc.card.sections:
        if not spec.headings.search(section.title):
            continue
        if spec.id == "provenance" and not (
            doc.whole_is_data or DATA_CONTEXT.search(section.title)
        ):
            continue
        if not (
            doc.whole_is_data
            or DATA_CONTEXT.search(section.title)
            or about_data(_innermost(doc.card.sections, section.start_line))
        ):
            continue  # "Natural language processing" among a report's evaluation results
        body = doc.card.section_text(section)
        if not body or is_placeholder(body):
            continue
        out.append(
            Quote(
                path=doc.card.path,
                start_line=section.start_line,
                end_line=section.end_line,
                text=excerpt(body),
                how=f'heading "{section.title}" ({spec.title.lower()})',
                location=tree.location_of(doc.card.path, section.start_line),
            )
        )
    return out


def _phrase_quotes(spec: ItemSpec, doc: _Doc, tree: ReleaseTree) -> list[Quote]:
    if spec.phrases is None:
        return []
    out: list[Quote] = []
    for start, end in _paragraphs(doc.card):
        text = doc.card.text_of(start, end)
        m = spec.phrases.search(text)
        if not m or is_placeholder(text):
            continue
        enclosing = _innermost(doc.card.sections, start)
        if not doc.whole_is_data and not about_data(enclosing):
            continue
        where = f'section "{enclosing[-1].title}"' if enclosing else "the document"
        out.append(
            Quote(
                path=doc.card.path,
                start_line=start,
                end_line=end,
                text=excerpt(text),
                how=f'phrase "{m.group(0)}" in {where}',
                location=tree.location_of(doc.card.path, start),
            )
        )
    return out


def _listing(docs: list[_Doc], tree: ReleaseTree) -> tuple[list[Quote], list[dict[str, str]]]:
    quotes: list[Quote] = []
    datasets: dict[str, dict[str, str]] = {}
    for doc in docs:
        card = doc.card
        if card.datasets:
            lines = [ln for _, ln in card.datasets if ln]
            first = min(lines) if lines else card.field_lines.get("datasets", 1)
            last = max(lines) if lines else first
            ids = [d for d, _ in card.datasets]
            for ident in ids:
                datasets.setdefault(
                    ident.lower(),
                    {
                        "id": ident,
                        "url": f"https://huggingface.co/datasets/{ident}",
                        "source": "front-matter",
                    },
                )
            quotes.append(
                Quote(
                    path=card.path,
                    start_line=card.field_lines.get("datasets", first),
                    end_line=last,
                    text=excerpt("datasets: " + ", ".join(ids)),
                    how="`datasets:` in the front matter (Hugging Face Hub dataset ids)",
                    location=tree.location_of(card.path, first),
                )
            )
        for ident, url, line, role, why in training_dataset_refs(card):
            if role != "training":
                continue  # an evaluation set, a file, a test repository: not training data
            datasets.setdefault(ident.lower(), {"id": ident, "url": url, "source": "link"})
            quotes.append(
                Quote(
                    path=card.path,
                    start_line=line,
                    end_line=line,
                    text=excerpt(card.lines[line - 1]),
                    how=f"huggingface.co/datasets link: {why}",
                    location=tree.location_of(card.path, line),
                )
            )
        for start, end in _paragraphs(card):
            enclosing = _innermost(card.sections, start)
            if not doc.whole_is_data and not about_data(enclosing):
                continue
            text = card.text_of(start, end)
            urls = _training_urls(card, start, end)
            if not urls:
                continue
            for u in urls:
                datasets.setdefault(u.lower(), {"id": u, "url": u, "source": "link"})
            quotes.append(
                Quote(
                    path=card.path,
                    start_line=start,
                    end_line=end,
                    text=excerpt(text),
                    how="links to where data can be obtained, in a data section",
                    location=tree.location_of(card.path, start),
                )
            )
    return quotes, list(datasets.values())


def _training_urls(card: ModelCard, start: int, end: int) -> list[str]:
    """Links to data hosts in lines start..end whose words say they hold training data."""
    out = []
    for link in extract_links(list(card.lines[start - 1 : end]), first_line=start):
        url = link.url.rstrip(".,;:")
        if not _LISTING_HOSTS.search(url) or "huggingface.co/datasets" in url:
            continue
        line = card.lines[link.line - 1]
        role, _ = classify_dataset_link(
            url,
            clause_around(line, link.start, link.end),
            sentence_around(line, link.start, link.end),
            section_title(card, link.line),
        )
        if role == "training":
            out.append(url)
    return out


def _dedup(quotes: list[Quote]) -> tuple[Quote, ...]:
    seen: set[tuple[str, int]] = set()
    out: list[Quote] = []
    for q in quotes:
        key = (q.path, q.start_line)
        if key in seen or any(k.path == q.path and k.text.startswith(q.text[:80]) for k in out):
            continue
        seen.add(key)
        out.append(q)
        if len(out) == MAX_QUOTES:
            break
    return tuple(out)


# ---- the assessment ------------------------------------------------------------------------


def _about_evaluation(doc: ModelCard) -> bool:
    """Whether a document's opening paragraph says it is about the evaluation data."""
    if CONTEXT.evaluation_document is None:
        return False
    paragraphs = _paragraphs(doc)
    if not paragraphs:
        return False
    start, end = paragraphs[0]
    return CONTEXT.evaluation_document.search(doc.text_of(start, end)) is not None


def _read_document(tree: ReleaseTree, path: str, notes: list[str]) -> ModelCard | None:
    """A text document parsed as a card, or None when it is binary or cannot be read (the
    reason is added to `notes`)."""
    try:
        text = tree.read_text(path)
    except SourceError as exc:
        notes.append(f"{path}: not readable ({exc})")
        return None
    return None if text is None else parse_card(text, path)


def assess_data_information(
    tree: ReleaseTree, files: list[FileEntry], card: ModelCard | None
) -> DataInformationReport:
    """Look for each rubric item in the model card and the data docs of the release.

    When `card` is None, the card at the release root (if any) is read and parsed here."""
    notes: list[str] = []
    if card is None:
        entry = find_card(files)
        if entry is not None:
            card = _read_document(tree, entry.path, notes)
    docs: list[_Doc] = []
    if card is not None:
        docs.append(_Doc(card=card, whole_is_data=False, location=tree.url_for(card.path)))
    for f in data_documents(files, card.path if card else None):
        doc = _read_document(tree, f.path, notes)
        if doc is not None and _about_evaluation(doc):
            notes.append(f"{f.path}: about the evaluation data, not read for the training data")
        elif doc is not None:
            docs.append(
                _Doc(card=doc, whole_is_data=_is_data_card(f.path), location=tree.url_for(f.path))
            )
    items: list[DataItem] = []
    for spec in ITEMS:
        datasets: list[dict[str, str]] = []
        if spec.id == "public-data-listing":
            quotes, datasets = _listing(docs, tree)
        else:
            quotes = [q for d in docs for q in _heading_quotes(spec, d, tree)]
            quotes += [q for d in docs for q in _phrase_quotes(spec, d, tree)]
        kept = _dedup(quotes)
        items.append(
            DataItem(
                id=spec.id,
                title=spec.title,
                requirement=spec.requirement,
                component=spec.component,
                coverage=spec.coverage,
                status=ItemStatus.FOUND if kept else ItemStatus.MISSING,
                quotes=kept,
                datasets=tuple(datasets),
            )
        )
    return DataInformationReport(
        items=tuple(items),
        documents=tuple(d.card.path for d in docs),
        notes=tuple(notes),
    )


class DataInformationDetector(Detector):
    """`data-information` evidence from the rubric (see `assess_data_information`)."""

    name = "data-information"

    def detect(self, tree: ReleaseTree, files: list[FileEntry]) -> list[Evidence]:
        return assess_data_information(tree, files, None).to_evidence()
