"""The Data Information rubric on handwritten cards and datasheets, and a real 2022 card."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from osaid.evidence.card import parse_card
from osaid.evidence.data_information import (
    ITEMS,
    DataInformationDetector,
    ItemStatus,
    assess_data_information,
    data_documents,
)
from osaid.evidence.docs import DocsDetector
from osaid.manifest.model import Coverage
from osaid.sources.evidence import EvidenceKind
from osaid.sources.interface import MAX_TEXT_BYTES, FileEntry, ReleaseInfo, ReleaseTree, SourceError


class MemoryTree(ReleaseTree):
    """A release held in memory, for tests."""

    def __init__(self, files: dict[str, str], url: str | None = None) -> None:
        self._data = {p: v.encode() for p, v in files.items()}
        self.info = ReleaseInfo(kind="directory", location="mem", url=url)

    def files(self) -> list[FileEntry]:
        return [FileEntry(path=p, size=len(v)) for p, v in sorted(self._data.items())]

    def read_bytes(self, path: str, start: int = 0, length: int = MAX_TEXT_BYTES) -> bytes:
        if path not in self._data:
            raise SourceError(f"no file {path}")
        return self._data[path][start : start + length]


OPEN_CARD = """\
---
license: apache-2.0
datasets:
- example-org/open-corpus
---

# Open-1B

A small open language model.

## Training Data

The model was pre-trained on Open Corpus, 2.1 trillion tokens of English web pages crawled
from Common Crawl snapshots (2019-2023), code from GitHub and books from Project Gutenberg.
It can be downloaded from https://huggingface.co/datasets/example-org/open-corpus.

### Data Selection

Documents were sampled with mixture weights of 60% web, 25% code and 15% books.

### Preprocessing

We removed near-duplicates with MinHash, filtered pages with a fastText quality classifier
and masked personal information with regular expressions.

## Evaluation

Trained on 8 GPUs.
"""


def _assess(files: dict[str, str]):  # type: ignore[no-untyped-def]
    tree = MemoryTree(files, url="https://huggingface.co/example-org/open-1b/blob/abc")
    return tree, assess_data_information(tree, tree.files(), None)


def test_open_card_items() -> None:
    _, report = _assess({"README.md": OPEN_CARD})
    status = {i.id: i.status for i in report.items}
    assert status == {
        "provenance": ItemStatus.FOUND,
        "scope-characteristics": ItemStatus.FOUND,
        "obtained-selected": ItemStatus.FOUND,
        "labeling": ItemStatus.MISSING,
        "processing-filtering": ItemStatus.FOUND,
        "unshareable-data": ItemStatus.MISSING,
        "public-data-listing": ItemStatus.FOUND,
        "obtainable-data-listing": ItemStatus.MISSING,
    }
    assert report.overall is ItemStatus.NEEDS_REVIEW
    provenance = report.item("provenance")
    first = provenance.quotes[0]
    assert first.path == "README.md"
    assert first.how.startswith('heading "Training Data"')
    assert first.text.startswith("The model was pre-trained on Open Corpus")
    assert len(first.text) <= 300
    assert (first.start_line, first.end_line) == (11, 24)
    assert first.location == "https://huggingface.co/example-org/open-1b/blob/abc/README.md#L11"
    processing = report.item("processing-filtering").quotes[0]
    assert processing.how == 'heading "Preprocessing" (data processing and filtering methods)'
    assert processing.text.startswith("We removed near-duplicates")
    selection = report.item("obtained-selected").quotes[0]
    assert "mixture weights" in selection.text
    listing = report.item("public-data-listing")
    assert {d["id"] for d in listing.datasets} == {"example-org/open-corpus"}
    assert listing.quotes[0].start_line == 3
    # The "Evaluation" section is not about data: "Trained on" there is not provenance.
    assert all(q.start_line < 26 for q in provenance.quotes)


def test_datasheet_and_data_dir() -> None:
    datasheet = """\
# Datasheet for the Clinic Notes corpus

## Motivation

Built to train a triage model.

## Composition

120,000 de-identified notes from three hospitals, 2015-2020, in English and Spanish.

## Collection Process

Notes were exported from the hospitals' record systems under a data-use agreement.

## Labeling

Two nurses annotated each note with an urgency level; disagreements went to a physician.

## Distribution

The notes are patient records and cannot be shared; their schema is in schema.md.
"""
    licensed = """\
# Licensed news

We licensed 40,000 articles from a news agency (available for purchase at
https://news.example.com/licensing).
"""
    _, report = _assess(
        {
            "README.md": "# Triage model\n\nNo data section here.\n",
            "DATASHEET.md": datasheet,
            "data/news/README.md": licensed,
        }
    )
    assert report.documents == ("README.md", "DATASHEET.md", "data/news/README.md")
    status = {i.id: i.status for i in report.items}
    assert status["labeling"] is ItemStatus.FOUND
    assert status["unshareable-data"] is ItemStatus.FOUND
    assert status["obtainable-data-listing"] is ItemStatus.FOUND
    assert status["scope-characteristics"] is ItemStatus.FOUND
    assert status["obtained-selected"] is ItemStatus.FOUND
    labeling = report.item("labeling").quotes[0]
    assert labeling.path == "DATASHEET.md" and labeling.text.startswith("Two nurses annotated")
    unshareable = report.item("unshareable-data").quotes[0]
    assert "cannot be shared" in unshareable.text
    obtainable = report.item("obtainable-data-listing").quotes[0]
    assert obtainable.path == "data/news/README.md"


def test_nothing_found() -> None:
    _, report = _assess({"README.md": "# Model\n\nA model. Use it.\n", "train.py": "x = 1\n"})
    assert report.found == []
    assert len(report.missing) == len(ITEMS)
    (summary,) = report.to_evidence()
    assert summary.kind is EvidenceKind.DATA_INFORMATION
    assert summary.data["item"] == "substantially-equivalent"
    assert summary.data["status"] == "needs-review"
    assert summary.data["missing"] == [i.id for i in ITEMS]


def test_no_card_at_all() -> None:
    tree = MemoryTree({"weights.bin": "x"})
    report = assess_data_information(tree, tree.files(), None)
    assert report.documents == () and report.found == []


def test_to_evidence() -> None:
    _, report = _assess({"README.md": OPEN_CARD})
    evidence = report.to_evidence()
    assert all(e.kind is EvidenceKind.DATA_INFORMATION for e in evidence)
    components = {e.component for e in evidence}
    assert components == {"data-description", "public-data-listing"}
    coverages = {e.data["coverage"] for e in evidence if e.path}
    valid = {c.value for c in Coverage} | {None}
    assert coverages <= valid
    assert {"provenance", "scope", "obtained", "processing"} <= coverages
    for e in evidence:
        if e.path:
            assert e.span is not None and e.span.start_line is not None
            assert len(e.data["quote"]) <= 300
    summary = evidence[-1]
    assert summary.data["status"] == "needs-review"
    assert "filtering" in summary.data["covers"]
    detector = DataInformationDetector()
    tree = MemoryTree({"README.md": OPEN_CARD})
    assert len(detector.detect(tree, tree.files())) == len(evidence)


def test_data_documents_selection() -> None:
    files = [
        FileEntry("README.md", 10),
        FileEntry("DATA_CARD.md", 10),
        FileEntry("data/README.md", 10),
        FileEntry("docs/training_data.md", 10),
        FileEntry("docs/usage.md", 10),
        FileEntry("data/train.jsonl", 10),
        FileEntry("datasheet", 10),
        FileEntry("data/big.md", MAX_TEXT_BYTES + 1),
    ]
    paths = [f.path for f in data_documents(files, "README.md")]
    assert paths == ["DATA_CARD.md", "data/README.md", "datasheet", "docs/training_data.md"]


def test_data_cards_are_named_alike_for_both_detectors() -> None:
    # A file the docs detector reports as a data card is one the rubric reads as a data card.
    names = ["data-card.md", "Dataset_Card.md", "DATASHEET.txt", "data_statement.md"]
    others = ["my_datasheet.md", "metadata-card.md", "data.md"]
    tree = MemoryTree(dict.fromkeys(names + others, "# Data\n"))
    reported = {
        e.path for e in DocsDetector().detect(tree, tree.files()) if e.component == "data-card"
    }
    assert reported == set(names)
    cards = data_documents([FileEntry(n, 10) for n in names + others])
    assert [f.path for f in cards][: len(names)] == names


def test_a_placeholder_describes_nothing() -> None:
    # huggingface/smollm's text/data/decontamination/README.md
    text = "# Decontamination\n\nTODO: add code.\nPlaceholder here: https://github.com/x/y\n"
    tree = MemoryTree({"README.md": "# M\n", "data/decontamination/README.md": text})
    result = assess_data_information(tree, tree.files(), None)
    assert result.item("processing-filtering").status is ItemStatus.MISSING
    real = text.replace(
        "TODO: add code.\nPlaceholder here: https://github.com/x/y",
        "We removed samples with 13-gram overlaps against test sets.",
    )
    tree = MemoryTree({"README.md": "# M\n", "data/decontamination/README.md": real})
    assert (
        assess_data_information(tree, tree.files(), None).item("processing-filtering").status
        is ItemStatus.FOUND
    )


def test_a_document_about_the_evaluation_data_is_not_read_for_the_training_data() -> None:
    # openai/whisper's data/README.md; its model-card.md holds the training data's description.
    evaluation = (
        "This directory supplements the paper with more details on how we prepared the data "
        "for evaluation.\n\n## LibriSpeech\n\nWe used the test-clean split, collected from "
        "audiobooks and filtered for quality.\n"
    )
    card = (
        "# Whisper\n\n## Training Data\n\nThe models are trained on 680,000 hours of audio "
        "and the corresponding transcripts collected from the internet.\n"
    )
    tree = MemoryTree({"README.md": "# M\n", "data/README.md": evaluation})
    report = assess_data_information(tree, tree.files(), None)
    assert report.found == []
    assert (
        "data/README.md: about the evaluation data, not read for the training data" in report.notes
    )
    tree = MemoryTree({"README.md": "# M\n", "data/README.md": evaluation, "model-card.md": card})
    (quote,) = assess_data_information(tree, tree.files(), None).item("provenance").quotes
    assert quote.path == "model-card.md"


def test_a_how_to_heading_is_not_about_the_training_data() -> None:
    # google-research/bert: "Fine-tuning with BERT > SQuAD 1.1" tells how to fine-tune it.
    card = (
        "# BERT\n\n## Fine-tuning with BERT\n\n### SQuAD 1.1\n\nThe Stanford Question Answering "
        "Dataset (SQuAD) is a popular question answering benchmark dataset, labeled by crowdworkers.\n"
    )
    tree = MemoryTree({"README.md": card})
    assert assess_data_information(tree, tree.files(), None).found == []
    named = card.replace("Fine-tuning with BERT", "Fine-tuning data")
    tree = MemoryTree({"README.md": named})
    assert "labeling" in assess_data_information(tree, tree.files(), None).found


def test_real_2022_card(data_dir: Path) -> None:
    """bert-base-uncased's real front matter from the dump (the dump has no card bodies: the
    body below is a handwritten summary of that card's training-data section)."""
    with gzip.open(data_dir / "hf" / "hf_models_2022-02.jsonl.gz", "rt") as fh:
        row = next(r for r in map(json.loads, fh) if r["modelId"] == "bert-base-uncased")
    front = row["card_front_matter_yaml"]
    body = (
        "# BERT base model (uncased)\n\n"
        "## Training data\n\n"
        "Pretrained on BookCorpus, about 11,000 unpublished books, and English Wikipedia\n"
        "without lists, tables and headers.\n\n"
        "## Training procedure\n\n"
        "### Preprocessing\n\n"
        "Texts are lowercased and tokenized with WordPiece (30,000-token vocabulary).\n"
    )
    text = f"---\n{front}\n---\n{body}"
    card = parse_card(text)
    assert [d for d, _ in card.datasets] == ["bookcorpus", "wikipedia"]
    tree = MemoryTree({"README.md": text})
    report = assess_data_information(tree, tree.files(), card)
    assert report.found == [
        "provenance",
        "scope-characteristics",
        "processing-filtering",
        "public-data-listing",
    ]
    assert {d["id"] for d in report.item("public-data-listing").datasets} == {
        "bookcorpus",
        "wikipedia",
    }
    provenance = report.item("provenance").quotes[0]
    assert provenance.how == 'heading "Training data" (provenance of the data)'
    assert card.lines[provenance.start_line - 1] == "## Training data"


# The shape of QwenLM/Qwen @ 2df8e8a's tech_memo.md, abridged.
TECH_MEMO = """\
# Introducing Qwen-7B

## Pretraining

### Data

Our training data includes a mix of data from publicly available sources, consisting mainly
of web documents and code files. The final data underwent global fuzzy deduplication.

### Evaluation

#### Natural language processing

We compared the translation capabilities of pre-trained models on WMT22.
"""


def test_a_technical_report_in_markdown_is_read_for_its_data_sections() -> None:
    files = [FileEntry("README.md", 10), FileEntry("tech_memo.md", 10)]
    assert [f.path for f in data_documents(files, "README.md")] == ["tech_memo.md"]
    _, report = _assess({"README.md": "# Qwen\n", "tech_memo.md": TECH_MEMO})
    processing = report.item("processing-filtering")
    assert processing.status is ItemStatus.FOUND
    # "Natural language processing" among the evaluation results is not data processing.
    assert [q.how for q in processing.quotes] == ['phrase "deduplication" in section "Data"']
