"""The canonical component catalog and its aliases in other vocabularies."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from osaid.catalog import catalog_path, catalog_slugs
from osaid.components import component_catalog
from osaid.manifest.schema import manifest_schema

ROOT = Path(__file__).resolve().parents[1]


def test_the_17_mof_components_match_mot_settings(data_dir: Path) -> None:
    settings = yaml.safe_load((data_dir / "mot/config/mof.settings.yml").read_text())
    catalog = component_catalog()
    assert len(catalog.mof_components) == 17
    for item in settings["components"]:
        (cid,) = catalog.resolve(item["name"], source="mot")
        comp = catalog.get(cid)
        assert (comp.mof_id, comp.mof_class, comp.mof_required, comp.content_type) == (
            item["id"],
            item["class"],
            item["required"],
            item["content_type"],
        )


def test_every_component_name_in_mot_records_resolves(data_dir: Path) -> None:
    catalog = component_catalog()
    names = set()
    for path in (data_dir / "mot/models").glob("*.yml"):
        release = yaml.safe_load(path.read_text())["release"]
        names |= {c["name"] for c in release.get("components") or []}
    unresolved = {n for n in names if len(catalog.resolve(n, source="mot")) != 1}
    assert not unresolved


@pytest.mark.parametrize(
    ("source", "name", "expected"),
    [
        ("osi-checklist", "Training, validation and testing", {"training-code", "validation-code"}),
        ("osi-checklist", "Data pre-processing", {"data-preprocessing-code"}),
        ("osi-votes", "Supporting libraries and tools", {"supporting-libraries"}),
        ("osi-votes", "All other data documentation", {"data-description"}),
        ("osai-index", "weights_endmodel", {"model-parameters-final"}),
        ("osai-index", "datasheet", {"data-card"}),
        ("lf-proposal", "Model", {"model-architecture", "model-parameters-final"}),
        ("lf-proposal", "Training Data", {"datasets"}),
    ],
)
def test_aliases_of_other_vocabularies(source: str, name: str, expected: set[str]) -> None:
    assert set(component_catalog().resolve(name, source=source)) == expected


def test_every_osai_index_dimension_maps(data_dir: Path) -> None:
    groups = yaml.safe_load((data_dir / "osai-index/current-HEAD/_parameters.yml").read_text())
    dims = {p["ref"] for g in groups for p in g["params"]}
    assert len(dims) == 12
    unmapped = {d for d in dims if not component_catalog().resolve(d, source="osai-index")}
    # "licenses" judges the terms of every component; it is not a component of its own.
    assert unmapped == {"licenses"}


def test_four_data_kinds() -> None:
    assert set(component_catalog().data_kinds) == {"open", "public", "obtainable", "unshareable"}


def test_shipped_schema_is_the_generated_one() -> None:
    shipped = json.loads((ROOT / "src/osaid/manifest/schema/manifest-1.json").read_text())
    assert shipped == manifest_schema(), (
        "run: osaid manifest schema > src/osaid/manifest/schema/manifest-1.json"
    )


@pytest.mark.parametrize("slug", catalog_slugs())
def test_catalog_manifests_validate_against_the_json_schema(slug: str) -> None:
    jsonschema.validate(yaml.safe_load(catalog_path(slug).read_text()), manifest_schema())
