"""Turn what the user typed into a system to evaluate.

`catalog:SLUG` and manifest or MOT-record files are read as declared facts; a release
directory, `hf:ORG/NAME[@REVISION]` or a git repository (URL or `git+PATH`) is scanned and
the system is assembled from the evidence found in its files.
"""

from __future__ import annotations

from pathlib import Path

from osaid.evaluation.system import System

GIT_PREFIXES = ("git+", "git@", "ssh://", "git://", "http://", "https://")
"""Targets that name a git repository (`git+PATH` or a URL)."""


def is_remote(target: str) -> bool:
    """A Hugging Face repository or a git URL rather than a local path."""
    return target.startswith(("hf:", *GIT_PREFIXES))


def is_release_target(target: str) -> bool:
    """Something to scan rather than a manifest: a directory, a repository, or a URL that
    does not name a YAML file."""
    if target.startswith(("http://", "https://")):
        return not target.endswith((".yaml", ".yml"))
    return is_remote(target) or Path(target).is_dir()


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
