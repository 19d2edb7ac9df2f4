"""Turn what the user typed into a system to evaluate.

`catalog:SLUG` and manifest or MOT-record files are read as declared facts; a release
directory, `hf:ORG/NAME[@REVISION]` or a git repository (URL or `git+PATH`) is scanned and
the system is assembled from the evidence found in its files.
"""

from __future__ import annotations

from pathlib import Path

from osaid.evaluation.system import System
from osaid.sources.targets import GIT_PREFIXES, is_release_target, is_remote

__all__ = ["GIT_PREFIXES", "is_release_target", "is_remote", "load_target"]


def load_target(target: str) -> System:
    from osaid.catalog import PREFIX, load_catalog_system

    if target.startswith(PREFIX):
        return load_catalog_system(target[len(PREFIX) :])
    if is_release_target(target):
        from osaid.evidence.scan import system_from_release

        return system_from_release(target)
    from osaid.manifest.load import load_system

    system = load_system(Path(target))
    if system.manifest.artifacts:
        from osaid.evidence.attach import with_artifacts

        return with_artifacts(system)
    return system
