"""Scan a release: open its tree, run every detector, assemble a system from the evidence."""

from __future__ import annotations

import dataclasses
import posixpath
from dataclasses import dataclass

from osaid.evaluation.system import System
from osaid.evidence.assemble import system_from_evidence
from osaid.evidence.card_evidence import all_card_evidence, read_card
from osaid.evidence.code import CodeDetector
from osaid.evidence.data_information import assess_data_information
from osaid.evidence.docs import DocsDetector
from osaid.evidence.legal import LegalDetector
from osaid.evidence.license_scope import LicenseScopes, gitmodule_paths, vendored_roots
from osaid.evidence.license_statements import LocalLicense, license_statements
from osaid.evidence.parameters import classify_parameter_files
from osaid.evidence.pickles import PickleDetector
from osaid.evidence.weights import WeightsDetector
from osaid.sources.archives import ArchiveDetector
from osaid.sources.evidence import Detector, Evidence, EvidenceKind
from osaid.sources.interface import FileEntry, ReleaseInfo, ReleaseTree
from osaid.sources.targets import open_tree


@dataclass(frozen=True)
class ScanResult:
    info: ReleaseInfo
    files: tuple[FileEntry, ...]
    evidence: tuple[Evidence, ...]
    card: dict[str, object]
    vendored: tuple[str, ...] = ()
    """Directories that are copied-in dependencies (vendor trees, git submodules)."""


def detectors() -> list[Detector]:
    """The detectors that run after the model card's, in the order their evidence is reported."""
    return [
        LegalDetector(),
        WeightsDetector(),
        PickleDetector(),
        ArchiveDetector(),
        CodeDetector(),
        DocsDetector(),
    ]


def scan_tree(tree: ReleaseTree) -> ScanResult:
    files = tree.files()
    # The card is read and parsed once: its evidence leads, and the rubric reads it too.
    card, evidence = read_card(tree, files)
    if card is not None:
        evidence = all_card_evidence(card, tree)
    for detector in detectors():
        evidence.extend(detector.detect(tree, files))
    evidence = classify_parameter_files(evidence)
    vendored = tuple(vendored_roots((f.path for f in files), gitmodule_paths(tree, files)))
    evidence = _mark_vendored(evidence, vendored)
    if card is not None:
        scopes = LicenseScopes.from_evidence(evidence, vendored)
        evidence.extend(license_statements(card, tree, _local_license(scopes, files)))
    evidence.extend(assess_data_information(tree, files, card).to_evidence())
    card_fields: dict[str, object] = {}
    if card is not None:
        card_fields = {"library_name": card.library_name, "pipeline_tag": card.pipeline_tag}
        if card.front_matter and isinstance(card.front_matter.get("model_name"), str):
            card_fields["model_name"] = card.front_matter["model_name"]
        titles = [s.title for s in card.sections if s.level == 1]
        if titles:
            card_fields["title"] = titles[0]
    return ScanResult(tree.info, tuple(files), tuple(evidence), card_fields, vendored)


def _mark_vendored(evidence: list[Evidence], vendored: tuple[str, ...]) -> list[Evidence]:
    """Evidence about files of a vendored tree says so (they are a dependency's, not the
    release's own)."""
    if not vendored:
        return evidence
    out = []
    for e in evidence:
        root = next((r for r in vendored if e.path.startswith(r + "/")), None)
        if root is not None and e.component is not None and e.kind is not EvidenceKind.LICENSE_FILE:
            e = dataclasses.replace(e, data={**e.data, "vendored_in": root})
        out.append(e)
    return out


def _local_license(scopes: LicenseScopes, files: list[FileEntry]) -> LocalLicense:
    """Resolves a link in the card to a license file of the release."""
    paths = {f.path for f in files}
    by_path = {s.evidence.path: s for s in scopes.scopes}

    def resolve(path: str) -> tuple[str | None, tuple[str, ...], str] | None:
        scope = by_path.get(path)
        if scope is None and path not in paths:
            base = posixpath.basename(path)
            scope = next((s for p, s in by_path.items() if posixpath.basename(p) == base), None)
        if scope is None or not (scope.expression or scope.candidates):
            return None
        return scope.expression, scope.candidates, scope.evidence.path

    return resolve


def system_from_release(target: str) -> System:
    tree = open_tree(target)
    try:
        result = scan_tree(tree)
    finally:
        tree.close()
    return system_from_evidence(
        result.info, list(result.evidence), card=dict(result.card), vendored=result.vendored
    )
