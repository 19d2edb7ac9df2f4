"""Turn what the user typed (`catalog:SLUG`, a file) into a system to evaluate."""

from __future__ import annotations

from pathlib import Path

from osaid.errors import InputError
from osaid.evaluation.system import System


def load_target(target: str) -> System:
    from osaid.catalog import PREFIX, load_catalog_system

    if target.startswith(PREFIX):
        return load_catalog_system(target[len(PREFIX) :])
    if target.startswith("hf:"):
        raise InputError(
            "Hugging Face repositories are not supported yet; write a manifest", file=target
        )
    path = Path(target)
    if path.is_dir():
        raise InputError("directories are not supported yet; pass a manifest file", file=target)
    from osaid.manifest.load import load_system

    return load_system(path)
