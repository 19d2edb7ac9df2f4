"""Model-card parsing: handwritten cards, and every real front matter of the 2022 Hub dump."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from osaid.evidence.card import ModelCard, excerpt, find_card, parse_card
from osaid.evidence.card_evidence import CardDetector
from osaid.sources.evidence import EvidenceKind
from osaid.sources.interface import MAX_TEXT_BYTES, FileEntry, ReleaseInfo, ReleaseTree, SourceError


class MemoryTree(ReleaseTree):
    """A release held in memory, for tests."""

    def __init__(self, files: dict[str, str | bytes], url: str | None = None) -> None:
        self._data = {p: v.encode() if isinstance(v, str) else v for p, v in files.items()}
        self.info = ReleaseInfo(kind="directory", location="mem", url=url)

    def files(self) -> list[FileEntry]:
        return [FileEntry(path=p, size=len(v)) for p, v in sorted(self._data.items())]

    def read_bytes(self, path: str, start: int = 0, length: int = MAX_TEXT_BYTES) -> bytes:
        if path not in self._data:
            raise SourceError(f"no file {path}")
        return self._data[path][start : start + length]


CARD = """\
---
license: other
license_name: example-community-license
license_link: https://example.org/license
language:
- en
- fr
tags:
- text-generation
- arxiv:2307.09288
datasets:
- allenai/dolma
- HuggingFaceFW/fineweb
base_model: meta-llama/Llama-2-7b-hf
base_model_relation: finetune
library_name: transformers
pipeline_tag: text-generation
new_version: example-org/model-v2
extra_gated_prompt: Accept the license to access the weights.
extra_gated_fields:
  Name: text
model-index:
- name: Example-7B
  results:
  - task:
      type: text-generation
      name: Text Generation
    dataset:
      name: MMLU (5-shot)
      type: cais/mmlu
      split: test
    metrics:
    - type: acc
      value: 45.3
      name: accuracy
      verified: false
    source:
      url: https://example.org/leaderboard
---

# Example-7B

Fine-tuned from Llama 2. Paper: [arXiv](https://arxiv.org/abs/2401.00001v2); see also
doi:10.5281/zenodo.1234567 and https://doi.org/10.48550/arXiv.2307.09288.

```python
# Not a heading
print("hi")
```

Training Data
-------------

Data from [FineWeb](https://huggingface.co/datasets/HuggingFaceFW/fineweb/viewer/default) and
https://huggingface.co/datasets/squad/tree/main. Code: https://github.com/example-org/trainer.git

## License

The Example Community License; see LICENSE.

<h2>Citation</h2>

```bibtex
@article{x}
```
"""


def test_front_matter_fields() -> None:
    card = parse_card(CARD)
    assert card.front_matter is not None and not card.notes
    assert card.front_matter_span is not None and card.front_matter_span.start_line == 1
    assert card.license == "other"
    assert card.license_name == "example-community-license"
    assert card.license_link == "https://example.org/license"
    assert card.field_lines["license"] == 2
    assert card.lines[card.field_lines["license"] - 1].startswith("license:")
    assert card.language == ("en", "fr")
    assert card.tags == ("text-generation", "arxiv:2307.09288")
    assert card.datasets == (("allenai/dolma", 12), ("HuggingFaceFW/fineweb", 13))
    assert card.base_models == (("meta-llama/Llama-2-7b-hf", 14),)
    assert card.base_model_relation == "finetune"
    assert card.library_name == "transformers"
    assert card.pipeline_tag == "text-generation"
    assert card.new_version == "example-org/model-v2"
    assert set(card.gating) == {"extra_gated_prompt", "extra_gated_fields"}
    (result,) = card.eval_results
    assert result.model == "Example-7B"
    assert result.dataset_type == "cais/mmlu" and result.dataset_split == "test"
    assert result.metric_type == "acc" and result.value == 45.3 and result.verified is False
    assert result.source_url == "https://example.org/leaderboard"
    assert result.line is not None and "type: acc" in card.lines[result.line - 1]


def test_sections_and_references() -> None:
    card = parse_card(CARD)
    titles = [(s.title, s.level) for s in card.sections]
    assert titles == [("Example-7B", 1), ("Training Data", 2), ("License", 2), ("Citation", 2)]
    training = card.sections[1]
    assert card.lines[training.start_line - 1] == "Training Data"
    assert "FineWeb" in card.section_text(training)
    assert card.lines[training.end_line - 1].startswith("https://huggingface.co/datasets/squad")
    assert card.license_text == "The Example Community License; see LICENSE."
    assert card.arxiv_ids == ["2307.09288", "2401.00001"]
    dois = [r.id for r in card.refs("doi")]
    assert dois == ["10.5281/zenodo.1234567", "10.48550/arXiv.2307.09288"]
    assert card.dataset_ids == ["allenai/dolma", "HuggingFaceFW/fineweb", "squad"]
    assert [r.id for r in card.refs("github")] == ["example-org/trainer"]
    # The heading inside the code fence is not a section.
    assert not card.find_sections("Not a heading")


def test_base_model_list_and_license_list() -> None:
    card = parse_card("---\nlicense: [mit, apache-2.0]\nbase_model:\n- a/b\n- c/d\n---\n")
    assert card.license == ("mit", "apache-2.0")
    assert card.base_models == (("a/b", 4), ("c/d", 5))
    assert card.sections == ()


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("---\nlicense: mit\nfoo: [\n---\n# T\n", "not valid YAML"),
        ("---\nlicense: mit\nlicense: apache-2.0\n---\n", "duplicate key"),
        ("---\n- a\n- b\n---\n", "not a mapping"),
        ("---\nlicense: mit\n", "not closed"),
        (
            "---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n---\n",
            "alias bomb",
        ),
    ],
)
def test_malformed_front_matter_is_a_note(text: str, note: str) -> None:
    card = parse_card(text)
    assert card.notes and note in card.notes[0]


def test_fallback_reads_license_line() -> None:
    card = parse_card(
        "\n---\nlicense: mit\ndatasets:\n- squad # main one\nwidget: [oops\n---\nBody\n"
    )
    assert card.front_matter_fallback
    assert card.license == "mit"
    assert card.field_lines["license"] == 3
    assert [d for d, _ in card.datasets] == ["squad"]


def test_no_front_matter_and_crlf() -> None:
    card = parse_card("# Title\r\n\r\nSee arxiv:2101.00001.\r\n")
    assert card.front_matter is None and card.front_matter_span is None
    assert card.sections[0].title == "Title"
    assert card.arxiv_ids == ["2101.00001"]
    assert card.body_start_line == 1


def test_excerpt() -> None:
    assert excerpt("a  b\n c") == "a b c"
    long = "word " * 200
    cut = excerpt(long)
    assert len(cut) <= 300 and cut.endswith("…")


def _dump(data_dir: Path) -> list[dict[str, Any]]:
    rows = []
    with gzip.open(data_dir / "hf" / "hf_models_2022-02.jsonl.gz", "rt") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("card_front_matter_yaml"):
                rows.append(row)
    return rows


def test_real_front_matters_never_crash(data_dir: Path) -> None:
    rows = _dump(data_dir)
    assert len(rows) > 10_000
    noted = fallback = licensed = 0
    for row in rows:
        text = f"---\n{row['card_front_matter_yaml']}\n---\n\n# {row['modelId']}\n"
        card = parse_card(text)
        noted += bool(card.notes)
        fallback += card.front_matter_fallback
        if isinstance(card.license, str):
            licensed += 1
            line = card.field_lines["license"]
            assert card.lines[line - 1].lstrip().startswith(("license", '"license', "'license"))
        for result in card.eval_results:
            assert result.line is None or 1 <= result.line <= len(card.lines)
    assert licensed > 7000
    assert 0 < noted < len(rows) * 0.03
    assert fallback >= 1


def test_real_card_tags_give_papers(data_dir: Path) -> None:
    row = next(r for r in _dump(data_dir) if r["modelId"] == "clips/mfaq")
    tags = row["tags"]
    card = parse_card(f"---\n{row['card_front_matter_yaml']}\n---\n", tags=tags)
    assert card.license == "apache-2.0"
    assert card.arxiv_ids == ["2109.12870"]
    assert card.datasets[0][0] == "clips/mfaq"


def test_card_detector() -> None:
    tree = MemoryTree(
        {"README.md": CARD, "LICENSE": "x"}, url="https://huggingface.co/o/m/blob/abc"
    )
    evidence = CardDetector().detect(tree, tree.files())
    kinds = [e.kind for e in evidence]
    assert kinds.count(EvidenceKind.MODEL_CARD) == 1
    card_ev = evidence[0]
    assert card_ev.component == "model-card" and card_ev.data["gated"] is True
    lic = [e for e in evidence if e.kind is EvidenceKind.DECLARED_LICENSE]
    assert lic[0].data["license"] == "other" and lic[0].span is not None
    assert lic[0].span.start_line == 2
    assert lic[0].location == "https://huggingface.co/o/m/blob/abc/README.md#L2"
    assert lic[1].data["source"] == "license-section"
    datasets = [e.data["dataset"] for e in evidence if e.kind is EvidenceKind.DATASET_REFERENCE]
    assert datasets == ["allenai/dolma", "HuggingFaceFW/fineweb", "squad"]
    (base,) = [e for e in evidence if e.kind is EvidenceKind.BASE_MODEL]
    assert base.data == {"base_model": "meta-llama/Llama-2-7b-hf", "relation": "finetune"}
    (ev,) = [e for e in evidence if e.kind is EvidenceKind.EVAL_RESULTS]
    assert ev.data["metric"] == "acc" and ev.data["value"] == 45.3
    assert ev.component == "evaluation-results"
    papers = [e for e in evidence if e.kind is EvidenceKind.PAPER]
    # "Paper: [arXiv](…)" is the release's paper; "see also …" and a tag are only citations.
    attributed = {e.data.get("arxiv") for e in papers if e.component == "research-paper"}
    assert attributed == {"2401.00001"}
    cited = {e.data.get("doi") or e.data.get("arxiv") for e in papers if e.component is None}
    assert cited >= {"10.5281/zenodo.1234567", "10.48550/arXiv.2307.09288", "2307.09288"}


def test_card_detector_without_card_or_unreadable() -> None:
    assert (
        CardDetector().detect(MemoryTree({"x.txt": "a"}), MemoryTree({"x.txt": "a"}).files()) == []
    )

    class Broken(MemoryTree):
        def read_bytes(self, path: str, start: int = 0, length: int = MAX_TEXT_BYTES) -> bytes:
            raise SourceError("gated")

    tree = Broken({"README.md": "x"})
    (ev,) = CardDetector().detect(tree, tree.files())
    assert ev.kind is EvidenceKind.MODEL_CARD and ev.data["readable"] is False


def test_find_card() -> None:
    files = [FileEntry("docs/README.md", 1), FileEntry("readme.md", 1)]
    found = find_card(files)
    assert found is not None and found.path == "readme.md"
    assert find_card([FileEntry("sub/README.md", 1)]) is None
    assert isinstance(parse_card(""), ModelCard)


def test_bibtex_eprint_is_an_arxiv_reference() -> None:
    # THUDM/ChatGLM2-6B cites its report only as a BibTeX entry.
    text = (
        "# M\n\n## Citation\n\nIf you find our work useful, please cite:\n\n```\n"
        "@misc{glm2024chatglm,\n  title={ChatGLM},\n  year={2024},\n"
        "  eprint={2406.12793},\n  archivePrefix={arXiv},\n}\n```\n"
        'Not an arXiv id: eprint = "12345".\n'
    )
    card = parse_card(text)
    assert card.arxiv_ids == ["2406.12793"]
    tree = MemoryTree({"README.md": text})
    papers = [e for e in CardDetector().detect(tree, tree.files()) if e.kind is EvidenceKind.PAPER]
    assert [(e.data["arxiv"], e.span.start_line if e.span else None) for e in papers] == [
        ("2406.12793", 11)
    ]
    assert papers[0].component == "research-paper"  # cited as "our work"
