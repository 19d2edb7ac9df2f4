"""Manifests written as MOT records, and MOT records read and written back."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from osaid.catalog import catalog_slugs, load_catalog_system
from osaid.cli._export import mot_export_command, mot_export_text
from osaid.evaluation.evaluate import Evaluator
from osaid.evaluation.system import System
from osaid.manifest.load import load_system, load_system_text
from osaid.manifest.model import Availability
from osaid.manifest.mot_export import export_mot_record

MOT = Path(__file__).resolve().parents[1] / "data/mot"
RECORDS = sorted((MOT / "models").glob("*.yml"))


def _reread(record: dict[str, object], name: str) -> System:
    return load_system_text(yaml.safe_dump(record, sort_keys=False), name=name)


def _effective(system: System) -> dict[str, tuple[str, str | None]]:
    out = {}
    for cid, entry in system.manifest.components.items():
        license_text = None
        if entry.status is Availability.RELEASED:
            view = system.component(cid)
            assert view is not None
            license_text = system.license_of(view)[0]
        out[cid] = (entry.status.value, license_text)
    return out


@pytest.mark.parametrize("slug", catalog_slugs())
def test_exported_catalog_manifest_keeps_its_mof_class(slug: str) -> None:
    system = load_catalog_system(slug)
    again = _reread(export_mot_record(system), f"{slug}.yml")
    for definition in ("mof", "mof-normalized"):
        a = Evaluator().evaluate(system, [definition]).results[0]
        b = Evaluator().evaluate(again, [definition]).results[0]
        assert (a.mof_class, a.progress) == (b.mof_class, b.progress)


def test_exported_records_follow_mots_schema() -> None:
    schema = json.loads((MOT / "schema/mof_schema.json").read_text())
    for slug in catalog_slugs():
        jsonschema.validate(export_mot_record(load_catalog_system(slug)), schema)


def test_every_mot_record_round_trips() -> None:
    assert len(RECORDS) == 273
    for path in RECORDS:
        system = load_system(path)
        again = _reread(export_mot_record(system), path.name)
        assert _effective(again) == _effective(system), path.name
        assert again.manifest.license == system.manifest.license, path.name
        a = Evaluator().evaluate(system, ["mof"]).results[0]
        b = Evaluator().evaluate(again, ["mof"]).results[0]
        assert a.mof_class == b.mof_class, path.name


def test_expressions_and_none_are_written_as_mot_strings() -> None:
    text = """\
osaid_manifest: 1
system: {name: t, architecture: decoder-only transformer, modality: language}
license: Apache-2.0
components:
  model-parameters-final: {status: released, license: Apache-2.0 OR MIT}
  training-code: {status: released, license: NONE}
  inference-code: {status: released}
  datasets: {status: not-released}
  tokenizer: {status: released, license: MIT}
"""
    record = export_mot_record(load_system_text(text, name="t.yaml"))
    release = record["release"]
    comps = {c["name"]: c.get("license") for c in release["components"]}
    assert comps == {
        "Model parameters (Final)": "Apache-2.0 OR MIT",
        "Training code": "unlicensed",
        "Inference code": None,  # falls back to the distribution license, in MOT as here
    }
    assert release["license"] == {"distribution": {"name": "Apache-2.0", "path": ""}}
    assert release["architecture"] == "transformer decoder"
    assert list(release).index("license") < list(release).index("components")


def test_cli_logic_writes_yaml_with_notes(tmp_path: Path) -> None:
    text = mot_export_text("catalog:olmo")
    assert text.startswith("# Model Openness Tool record written by osaid")
    assert "# note: tokenizer: not a MOF component; left out" in text
    out = tmp_path / "olmo.yml"
    mot_export_command("catalog:olmo", out)
    assert load_system(out).mot_record is not None
