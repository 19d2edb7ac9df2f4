"""The reference catalog: sourced manifests of well-known AI systems (`catalog/data/`)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from osaid._yaml import load_yaml
from osaid.errors import UnknownIdError
from osaid.evaluation.system import System
from osaid.manifest.load import system_from_document

__all__ = ["catalog_slugs", "load_catalog_system"]

PREFIX = "catalog:"


def _data() -> resources.abc.Traversable:
    return resources.files("osaid.catalog").joinpath("data")


@cache
def catalog_slugs() -> tuple[str, ...]:
    return tuple(
        sorted(p.name[: -len(".yaml")] for p in _data().iterdir() if p.name.endswith(".yaml"))
    )


@cache
def load_catalog_system(slug: str) -> System:
    if slug not in catalog_slugs():
        raise UnknownIdError("catalog system", slug, list(catalog_slugs()))
    text = _data().joinpath(f"{slug}.yaml").read_text("utf-8")
    doc = load_yaml(text, file=f"catalog:{slug}")
    return system_from_document(doc, origin=f"{PREFIX}{slug}", base_dir=None)


def catalog_path(slug: str) -> Path:
    return Path(str(_data().joinpath(f"{slug}.yaml")))
