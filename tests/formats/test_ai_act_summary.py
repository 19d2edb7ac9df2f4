"""`osaid export ai-act-summary`: the EU AI Act's public summary of training content, drafted
from a manifest. Golden files, the template's order in both outputs, nothing filled that the
manifest does not state, and the command line.

Regenerate the golden files after an intended change with
`python -m pytest tests/formats/test_ai_act_summary.py --update-golden` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from osaid.cli.main import app
from osaid.errors import DataError
from osaid.evaluation.system import System
from osaid.formats import ai_act_template
from osaid.formats.ai_act_render import (
    SUMMARY_SCHEMA_VERSION,
    SummaryFormat,
    render_summary,
    render_summary_json,
    render_summary_markdown,
)
from osaid.formats.ai_act_summary import FieldStatus, TrainingContentSummary, build_summary
from osaid.formats.ai_act_template import summary_mapping, summary_template
from osaid.manifest.model import DataKind, Manifest
from osaid.targets import load_target

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "golden" / "ai-act-summary"
TARGETS = ["catalog:pythia", "catalog:olmo", "catalog:deepseek-r1-distill-llama-8b"]
"""Open data (Pythia, OLMo) and unshareable data with a base model and a teacher (DeepSeek)."""
EXTENSIONS = {SummaryFormat.MARKDOWN: "md", SummaryFormat.JSON: "json"}
_URL = re.compile(r"https?://[^\s<>\"'`]+")

# A manifest with every fact the summary reads: scale, the EU AI Act facts, each data kind,
# a teacher and published data listings. Not a real system.
RICH: dict[str, Any] = {
    "osaid_manifest": 1,
    "system": {
        "name": "Rich-LM",
        "version": "1.0",
        "producer": {"name": "Example Lab", "url": "https://lab.example.org/"},
        "modality": "language",
        "release_date": "2025-09-01",
        "urls": {"huggingface": "https://huggingface.co/example/rich-lm"},
    },
    "components": {
        "datasets": {
            "status": "released",
            "location": "https://huggingface.co/datasets/example/rich-mix",
            "license": "ODC-By-1.0",
            "source": "https://huggingface.co/datasets/example/rich-mix",
        },
        "data-description": {
            "status": "released",
            "location": "https://arxiv.org/abs/0000.00001",
            "covers": ["provenance", "processing", "filtering"],
            "source": "https://arxiv.org/abs/0000.00001",
        },
        "obtainable-data-listing": {
            "status": "released",
            "location": "https://lab.example.org/obtainable",
            "source": "https://lab.example.org/obtainable",
        },
    },
    "training_data": [
        {
            "name": "Web mix",
            "kind": "open",
            "location": "https://huggingface.co/datasets/example/rich-mix",
            "license": "ODC-By-1.0",
            "description": "Filtered web pages and code.",
            "stage": "pretraining",
            "source": "https://arxiv.org/abs/0000.00001",
        },
        {
            "name": "News archive",
            "kind": "obtainable",
            "description": "Licensed news articles.",
            "source": "https://lab.example.org/obtainable",
        },
        {
            "name": "Chat logs",
            "kind": "unshareable",
            "description": "Conversations with the lab's assistant.",
            "stage": "fine-tuning",
            "source": "https://lab.example.org/privacy",
        },
    ],
    "lineage": {
        "teachers": [
            {
                "ref": "hf:example/teacher-70b",
                "relation": "distilled-from",
                "source": "https://arxiv.org/abs/0000.00001",
            }
        ]
    },
    "scale": {
        "model": "Rich-LM 1.0",
        "training_tokens": {
            "value": 2.0e12,
            "source": "https://arxiv.org/abs/0000.00001",
            "quote": "trained on 2T tokens",
        },
    },
    "eu_ai_act": {
        "training_content_summary": {
            "value": True,
            "source": "https://lab.example.org/eu-training-summary",
            "text": "Summary of training content, version 1",
        },
        "copyright_policy": {
            "value": True,
            "source": "https://lab.example.org/copyright",
            "date": "2025-08-01",
        },
    },
}


def _system(data: dict[str, Any]) -> System:
    return System(manifest=Manifest.model_validate(data), origin="test:rich")


def _summary(target: str) -> TrainingContentSummary:
    return build_summary(load_target(target))


def _field(summary: TrainingContentSummary, field_id: str) -> Any:
    return next(f for f in summary.fields() if f.field.id == field_id)


def _urls_of(value: Any) -> set[str]:
    """Every URL in a value (a manifest dump, a string)."""
    if isinstance(value, dict):
        return set().union(*(_urls_of(v) for v in [*value.keys(), *value.values()]))
    if isinstance(value, list):
        return set().union(*(_urls_of(v) for v in value)) if value else set()
    if isinstance(value, str):
        return {u.rstrip(".,;:)]") for u in _URL.findall(value)}
    return set()


def _json_fields(doc: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def walk(group: dict[str, Any]) -> None:
        out.extend(group["fields"])
        for sub in group["groups"]:
            walk(sub)

    for section in doc["sections"]:
        walk(section)
    return out


# ---- golden files ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(SummaryFormat))
@pytest.mark.parametrize("target", TARGETS)
def test_golden(target: str, fmt: SummaryFormat, update_golden: bool) -> None:
    got = render_summary(_summary(target), fmt)
    golden = GOLDEN / f"{target.removeprefix('catalog:')}.{EXTENSIONS[fmt]}"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.is_file(), f"{golden.name} missing; run pytest --update-golden"
    assert got == golden.read_text(encoding="utf-8"), f"{golden.name} differs; --update-golden"


def test_output_is_deterministic() -> None:
    for fmt in SummaryFormat:
        assert render_summary(_summary("catalog:olmo"), fmt) == render_summary(
            _summary("catalog:olmo"), fmt
        )


# ---- the template --------------------------------------------------------------------------


def test_the_template_has_its_three_sections_and_their_subsections() -> None:
    t = summary_template()
    assert [s.title for s in t.sections[1:]] == [
        "General information",
        "List of data sources",
        "Data processing aspects",
    ]
    assert [g.title for g in t.sections[2].groups] == [
        "Publicly available datasets",
        "Private non-publicly available datasets obtained from third parties",
        "Data crawled and scraped from online sources",
        "User data",
        "Synthetic data",
        "Other sources of data",
    ]
    assert [g.id for g in t.sections[3].groups] == ["3.1", "3.2", "3.3"]
    assert t.sources and all(s.startswith("https://") for s in t.sources)
    assert all(f.title and f.description for f in t.fields())


def test_the_size_ranges_follow_the_template() -> None:
    text = next(o for o in summary_template().field("1.3.b").sizes if o.modality == "Text")
    assert text.range_of(999_999_999).label == "Less than 1 billion tokens"
    assert text.range_of(1e9).label == "1 billion to 10 trillion tokens"
    assert text.range_of(1e13).label == "1 billion to 10 trillion tokens"
    assert text.range_of(1.5e13).label == "More than 10 trillion tokens"


def test_the_mapping_covers_every_field_and_kind() -> None:
    mapping = summary_mapping()
    assert list(mapping.fields) == [f.id for f in summary_template().fields()]
    assert set(mapping.kinds) == set(DataKind)
    assert all(m.unfilled for m in mapping.fields.values())


def test_a_mapping_that_names_an_unknown_field_is_a_data_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = ai_act_template._read

    def broken(name: str) -> Any:
        data = real(name)
        if name == ai_act_template.MAPPING_FILE:
            data["kinds"]["open"]["listed"] = ["9.9.z"]
        return data

    monkeypatch.setattr(ai_act_template, "_read", broken)
    summary_mapping.cache_clear()
    try:
        with pytest.raises(DataError, match="unknown fields"):
            summary_mapping()
    finally:
        summary_mapping.cache_clear()


# ---- every field, in order, in both outputs ------------------------------------------------


@pytest.mark.parametrize("target", TARGETS)
def test_every_template_field_appears_in_both_outputs_in_order(target: str) -> None:
    summary = _summary(target)
    template_fields = list(summary_template().fields())

    doc = json.loads(render_summary_json(summary))
    assert doc["schema_version"] == SUMMARY_SCHEMA_VERSION
    fields = _json_fields(doc)
    assert [(f["id"], f["title"]) for f in fields] == [(f.id, f.title) for f in template_fields]
    for f in fields:
        assert set(f) >= {"id", "title", "status", "value", "sources", "why"}
        assert f["status"] in {"filled", "not-filled", "needs-review"}

    markdown = render_summary_markdown(summary)
    body = markdown[markdown.index("\n## ") :]  # after the header's lists of fields
    positions = [body.index(f"** ({f.id}) — ") for f in template_fields]
    assert positions == sorted(positions)
    for f in template_fields:
        assert f.title.replace("*", "") in body


# ---- what is not stated is not filled ------------------------------------------------------


def test_a_field_with_no_fact_is_marked_not_filled_with_why() -> None:
    bare = _system({"osaid_manifest": 1, "system": {"name": "Bare"}})
    summary = build_summary(bare)
    statuses = {f.field.id: f.status for f in summary.fields()}
    # Only the name is stated, and without a version it needs review.
    assert statuses.pop("1.2.a") is FieldStatus.NEEDS_REVIEW
    assert set(statuses.values()) == {FieldStatus.NOT_FILLED}
    for f in summary.with_status(FieldStatus.NOT_FILLED):
        assert f.value is None and not f.facts and f.why
    markdown = render_summary_markdown(summary)
    for f in summary.with_status(FieldStatus.NOT_FILLED):
        assert f"({f.field.id}) — *not filled*\n\nNot filled: " in markdown
        assert f"- {f.field.id} " in markdown.split("\n## ")[0]  # listed in the header
    doc = json.loads(render_summary_json(summary))
    assert doc["not_filled"] == [f.field.id for f in summary.with_status(FieldStatus.NOT_FILLED)]
    assert all(f["value"] is None for f in _json_fields(doc) if f["status"] == "not-filled")


def test_no_crawler_in_the_manifest_leaves_the_crawler_fields_unfilled() -> None:
    summary = _summary("catalog:olmo")
    crawl = [f for f in summary.fields() if f.field.id.startswith("2.3.")]
    assert {f.status for f in crawl} == {FieldStatus.NOT_FILLED}
    assert "no crawler is named in the manifest" in _field(summary, "2.3.b").why.lower()


def test_an_empty_list_never_answers_no() -> None:
    for target in TARGETS:
        for f in _summary(target).fields():
            assert f.value != "No", (target, f.field.id)


# ---- nothing that is not in the manifest ---------------------------------------------------


def _allowed_urls(system: System) -> set[str]:
    return _urls_of(system.manifest.model_dump(mode="json")) | set(summary_template().sources)


@pytest.mark.parametrize("target", [*TARGETS, "rich"])
def test_every_url_in_the_output_is_a_manifest_or_template_source(target: str) -> None:
    system = _system(RICH) if target == "rich" else load_target(target)
    summary = build_summary(system)
    allowed = _allowed_urls(system)
    for fmt in SummaryFormat:
        text = render_summary(summary, fmt)
        found = _urls_of(json.loads(text) if fmt is SummaryFormat.JSON else text)
        assert found, fmt
        assert found <= allowed, (fmt, sorted(found - allowed))


def _resolve(dump: dict[str, Any], path: str) -> Any:
    value: Any = dump
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        value = value[int(part[1:-1])] if part.startswith("[") else value[part]
    return value


@pytest.mark.parametrize("target", [*TARGETS, "rich"])
def test_every_fact_names_a_manifest_entry_and_its_own_sources(target: str) -> None:
    system = _system(RICH) if target == "rich" else load_target(target)
    dump = system.manifest.model_dump(mode="json")
    for f in build_summary(system).fields():
        for fact in f.facts:
            for path in fact.fact.split(", "):
                assert _resolve(dump, path) not in (None, "", []), (f.field.id, path)
            assert set(fact.sources) <= _urls_of(_resolve(dump, fact.fact.split(", ")[0])) | set(
                system.manifest.system.urls.values()
            ), (f.field.id, fact.fact)


# ---- the mapping ---------------------------------------------------------------------------


def test_open_and_public_data_fill_the_public_datasets() -> None:
    summary = _summary("catalog:olmo")
    used = _field(summary, "2.1.a")
    assert used.status is FieldStatus.FILLED and used.value == "Yes"
    listed = _field(summary, "2.1.c")
    assert listed.status is FieldStatus.FILLED
    assert "Dolma v1.5 sample" in listed.value
    assert "https://huggingface.co/datasets/allenai/dolma" in listed.sources


def test_unshareable_data_is_listed_for_review_wherever_it_may_belong() -> None:
    summary = _summary("catalog:deepseek-r1-distill-llama-8b")
    for field_id in summary_mapping().kinds[DataKind.UNSHAREABLE].review:
        f = _field(summary, field_id)
        assert f.status is FieldStatus.NEEDS_REVIEW, field_id
        assert f.value is None  # never Yes: placing it is the judgment
        assert any("distillation samples" in x.text and x.review for x in f.facts)
        assert "unshareable" in (f.why or "")
    assert _field(summary, "2.1.a").status is FieldStatus.NOT_FILLED


def test_a_stated_absence_of_obtainable_data_is_for_review_not_a_no() -> None:
    f = _field(_summary("catalog:pythia"), "2.2.1.a")
    assert f.status is FieldStatus.NEEDS_REVIEW and f.value is None
    assert f.facts[0].fact == "components.obtainable-data-listing"
    assert "not used" in f.facts[0].text


def test_base_models_are_dependencies_and_teachers_need_review() -> None:
    summary = _summary("catalog:deepseek-r1-distill-llama-8b")
    deps = _field(summary, "1.2.b")
    assert deps.status is FieldStatus.NEEDS_REVIEW
    assert [(x.text, x.review) for x in deps.facts] == [
        ("hf:meta-llama/Llama-3.1-8B (finetune)", False),
        ("catalog:deepseek-r1 (teacher, distilled-from)", True),
    ]
    synthetic = _field(summary, "2.5.c")
    assert synthetic.status is FieldStatus.NEEDS_REVIEW
    assert synthetic.facts[0].fact == "lineage.teachers[0]"


def test_the_rich_manifest_fills_scale_policy_and_published_summary() -> None:
    summary = build_summary(_system(RICH))
    size = _field(summary, "1.3.b")
    assert size.status is FieldStatus.NEEDS_REVIEW
    assert size.value == "Text: 1 billion to 10 trillion tokens"
    assert "2,000,000,000,000 tokens seen in training" in size.facts[0].text
    assert size.sources == ("https://arxiv.org/abs/0000.00001",)

    policy = _field(summary, "3.1.b")
    assert policy.status is FieldStatus.NEEDS_REVIEW
    assert policy.sources == ("https://lab.example.org/copyright",)

    # an open entry says Yes; the obtainable one may belong there too, for review
    public = _field(summary, "2.1.a")
    assert public.status is FieldStatus.NEEDS_REVIEW and public.value == "Yes"
    assert [x.review for x in public.facts] == [False, True]
    assert "obtainable" in (public.why or "")

    assert _field(summary, "3.3.a").status is FieldStatus.FILLED
    assert _field(summary, "3.2.a").status is FieldStatus.NEEDS_REVIEW
    assert _field(summary, "2.1.e").status is FieldStatus.FILLED

    markdown = render_summary_markdown(summary)
    assert "<https://lab.example.org/eu-training-summary>" in markdown.split("\n## ")[0]
    doc = json.loads(render_summary_json(summary))
    assert doc["published_summary"]["source"] == "https://lab.example.org/eu-training-summary"


def test_a_release_directory_gives_a_summary_of_every_field(release_dir: Path) -> None:
    summary = build_summary(load_target(str(release_dir)))
    assert len(list(summary.fields())) == len(list(summary_template().fields()))


# ---- the command line ----------------------------------------------------------------------

runner = CliRunner()


def test_the_command_prints_markdown_by_default() -> None:
    result = runner.invoke(app, ["export", "ai-act-summary", "catalog:pythia"])
    assert result.exit_code == 0, result.output
    assert result.output == (GOLDEN / "pythia.md").read_text(encoding="utf-8")


def test_the_command_writes_json_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    result = runner.invoke(
        app, ["export", "ai-act-summary", "catalog:olmo", "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["system"]["name"] == "OLMo"


def _osaid(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "OSAID_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "osaid", *args], capture_output=True, text=True, env=env, timeout=60
    )


@pytest.mark.parametrize(
    "args",
    [
        ("catalog:no-such-system",),
        ("no/such/manifest.yaml",),
        ("catalog:pythia", "--format", "xml"),
    ],
)
def test_a_bad_target_or_format_is_a_one_line_usage_error(args: tuple[str, ...]) -> None:
    proc = _osaid("export", "ai-act-summary", *args)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("osaid: error: "), proc.stderr
    assert "Traceback" not in proc.stderr
