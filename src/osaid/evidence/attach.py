"""Check a manifest's declarations against the artifacts it points at (`artifacts:`)."""

from __future__ import annotations

import dataclasses

from osaid.evaluation.system import System
from osaid.evidence.audit import audit
from osaid.evidence.scan import system_from_release
from osaid.sources.targets import is_remote


def with_artifacts(system: System) -> System:
    """The system with the evidence of its artifacts attached and every disagreement noted.

    The declared facts stay what is evaluated; the disagreements are shown beside them (and
    `osaid audit` turns them into an exit code)."""
    if not system.manifest.artifacts:
        return system
    evidence = list(system.evidence)
    notes = list(system.notes)
    for ref in system.manifest.artifacts:
        base = system.base_dir
        target = ref if is_remote(ref) or base is None else str(base / ref)
        detected = system_from_release(target)
        evidence.extend(detected.evidence)
        notes.extend(f"{ref}: {d.kind}: {d.message}" for d in audit(system, detected))
    return dataclasses.replace(system, evidence=tuple(evidence), notes=tuple(notes))
