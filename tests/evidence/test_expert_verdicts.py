"""Each real repository gives the verdict an expert wrote down for it (tests/evidence/expert/).

The expert files were written from the repositories' own texts before osaid was run on them;
every statement in them is checked here against a scan of the recreated tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from real_repos import recreate

from osaid.evaluation.evaluate import Evaluator
from osaid.evaluation.result import DefinitionResult, Outcome
from osaid.evaluation.system import System
from osaid.evidence.assemble import system_from_evidence
from osaid.evidence.license_scope import LicenseRole, LicenseScopes
from osaid.evidence.scan import ScanResult, scan_tree
from osaid.manifest.model import Availability
from osaid.sources.evidence import Evidence, EvidenceKind
from osaid.sources.local import LocalTree

EXPERT = Path(__file__).resolve().parent / "expert"
NAMES = sorted(p.stem for p in EXPERT.glob("*.yaml"))


@dataclass(frozen=True)
class Scanned:
    expert: dict[str, Any]
    scan: ScanResult
    system: System
    result: DefinitionResult

    def evidence(self, kind: EvidenceKind) -> list[Evidence]:
        return [e for e in self.scan.evidence if e.kind is kind]


@pytest.fixture(scope="module", params=NAMES)
def scanned(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Scanned:
    name = str(request.param)
    expert = yaml.safe_load((EXPERT / f"{name}.yaml").read_text(encoding="utf-8"))
    root = recreate(name, tmp_path_factory.mktemp("repos") / name)
    scan = scan_tree(LocalTree(root))
    system = system_from_evidence(
        scan.info, list(scan.evidence), card=dict(scan.card), vendored=scan.vendored
    )
    result = Evaluator().evaluate(system, ["osaid-1.0"]).results[0]
    return Scanned(expert, scan, system, result)


def _explain(s: Scanned) -> list[tuple[str, str, list[str]]]:
    return [(r.id, r.outcome.value, [x.text for x in r.reasons]) for r in s.result.requirements]


def test_every_repository_has_an_expert_file() -> None:
    from real_repos import REPOS

    assert sorted(REPOS) == NAMES


def test_verdict(scanned: Scanned) -> None:
    verdict = scanned.expert["verdict"]
    assert scanned.result.status.value == verdict["osaid-1.0"], _explain(scanned)
    by_id = {r.id: r for r in scanned.result.requirements}
    for rid in verdict.get("failing", []):
        assert by_id[rid].outcome is Outcome.NOT_MET, _explain(scanned)
        reasons = " ".join(x.text for x in by_id[rid].reasons)
        for word in verdict.get("reasons_name", []):
            assert word in reasons, (rid, reasons)
    for rid in verdict.get("unknown", []):
        assert by_id[rid].outcome is Outcome.UNKNOWN, (rid, _explain(scanned))
    for rid in verdict.get("met", []):
        assert by_id[rid].outcome is Outcome.MET, (rid, _explain(scanned))


def test_license_files_have_their_role_and_license(scanned: Scanned) -> None:
    files = {e.path: e for e in scanned.evidence(EvidenceKind.LICENSE_FILE)}
    for item in scanned.expert.get("licenses", []):
        ev = files.get(item["file"])
        assert ev is not None, f"{item['file']} not found as a license file"
        assert ev.data["applies_to"] == item["applies_to"], item["file"]
        matches = ev.data.get("licenses") or []
        exact = {m["id"] for m in matches if not m["needs_review"]}
        candidates = {c for m in matches for c in (m["id"], *m.get("alternatives", []))}
        if "is" in item:
            assert item["is"] in exact, (item["file"], matches)
        if "is_one_of" in item:
            assert candidates & set(item["is_one_of"]), (item["file"], matches)
            assert not (exact - set(item["is_one_of"])), (item["file"], matches)


def test_license_statements_in_the_card(scanned: Scanned) -> None:
    said = {
        (str(e.data.get("license")), role)
        for e in scanned.evidence(EvidenceKind.DECLARED_LICENSE)
        if e.data.get("source") == "statement"
        for role in e.data.get("applies_to") or []
    }
    for item in scanned.expert.get("statements", []):
        assert (item["license"], item["applies_to"]) in said, said


def test_released_components(scanned: Scanned) -> None:
    components = scanned.system.manifest.components
    for cid, where in (scanned.expert.get("released") or {}).items():
        entry = components.get(cid)
        assert entry is not None and entry.status is Availability.RELEASED, (cid, components)
        places = where if isinstance(where, list) else [where]
        assert any(w in (entry.location or "") for w in places), (cid, entry.location)


def test_nothing_claimed_that_is_not_there(scanned: Scanned) -> None:
    components = scanned.system.manifest.components
    for cid in scanned.expert.get("not_released_here", []):
        entry = components.get(cid)
        assert entry is None or entry.status is not Availability.RELEASED, (cid, entry)


def test_parameters_and_other_arrays(scanned: Scanned) -> None:
    params = {
        e.path
        for e in scanned.scan.evidence
        if e.kind in (EvidenceKind.WEIGHTS, EvidenceKind.CHECKPOINT)
    }
    assert params == set(scanned.expert["parameters_in_tree"])
    arrays = {e.path: e.data["classified_as"] for e in scanned.evidence(EvidenceKind.ARRAY)}
    for path, role in (scanned.expert.get("not_parameters") or {}).items():
        assert arrays.get(path) == role, (path, arrays)


def test_training_data(scanned: Scanned) -> None:
    listed = {d.name for d in scanned.system.manifest.training_data}
    assert set(scanned.expert.get("training_data", [])) <= listed, listed
    for name in scanned.expert.get("not_training_data", []):
        assert not any(name in d for d in listed), (name, listed)


def test_papers(scanned: Scanned) -> None:
    papers = scanned.expert.get("papers")
    if papers is None:
        return
    found = scanned.evidence(EvidenceKind.PAPER)
    attributed = {e.data.get("arxiv") for e in found if e.component}
    cited = {e.data.get("arxiv") for e in found if not e.component}
    assert set(papers["attributed"]) <= attributed, attributed
    assert not (set(papers["cited"]) & attributed), attributed
    assert set(papers["cited"]) <= cited, cited


def test_vendored_trees_keep_their_license(scanned: Scanned) -> None:
    vendored = scanned.expert.get("vendored") or {}
    assert set(vendored) <= set(scanned.scan.vendored)
    scopes = LicenseScopes.from_evidence(scanned.scan.evidence, scanned.scan.vendored)
    for root, license_id in vendored.items():
        inside = [f.path for f in scanned.scan.files if f.path.startswith(root + "/")]
        assert inside
        for path in inside:
            assert scopes.for_path(path).expression == license_id, path
        own = [
            e
            for e in scanned.scan.evidence
            if e.path.startswith(root + "/") and e.component and e.kind is EvidenceKind.CODE
        ]
        assert all(e.data.get("vendored_in") == root for e in own)
    components = scanned.system.manifest.components
    for cid, license_id in (scanned.expert.get("component_licenses") or {}).items():
        entry = components[cid]
        assert (entry.license or scanned.system.manifest.license) == license_id, (cid, entry)


def test_nested_license_files_scope_their_directory(scanned: Scanned) -> None:
    scopes = LicenseScopes.from_evidence(scanned.scan.evidence, scanned.scan.vendored)
    for path, license_file in (scanned.expert.get("nested_licenses") or {}).items():
        assert scopes.for_path(path, LicenseRole.CODE).files == (license_file,), path


def test_configurations_that_are_not_for_training(scanned: Scanned) -> None:
    for prefix in scanned.expert.get("not_training_configuration", []):
        wrong = [
            e.path
            for e in scanned.scan.evidence
            if e.component == "training-configuration" and e.path.startswith(prefix)
        ]
        assert not wrong, wrong
