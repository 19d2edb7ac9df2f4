"""The Model Openness Framework as the Model Openness Tool (MOT) configures it.

Two packaged data files, derived from github.com/lfai/model_openness_tool (MIT; provenance and
license notice in each file's header, derivation in ``data/README.md``):

* ``data/mof-framework.yaml``: the 17 components with MOT's ids, names, classes, content types
  and required flags, in MOT's order, and MOT's class labels;
* ``data/mot-open-licenses.yaml``: the license ids MOT treats as open, and its lists of
  type-appropriate licenses per content type.

MOT component names are mapped to osaid's canonical component ids through the ``source: mot``
aliases of ``osaid/components/data/components.yaml``.

Everything is loaded once, validated, and never changed afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

from osaid._yaml import load_yaml
from osaid.errors import DataError, InputError

__all__ = [
    "CONTENT_TYPES",
    "MofComponent",
    "MofFramework",
    "MotLicenseTable",
    "load_framework",
    "load_mot_licenses",
]

CONTENT_TYPES: tuple[str, ...] = ("code", "data", "document")
"""MOF content types; each selects a global license in a MOT record's ``release.license``."""


@dataclass(frozen=True)
class MofComponent:
    """One of the 17 MOF components, as MOT's ``mof.settings.yml`` defines it."""

    mot_id: int
    """MOT's numeric component id (e.g. 11 = Technical report, 21 = Research paper)."""
    name: str
    """MOT's exact component name, as written in MOT records."""
    mof_class: int
    """The MOF class (1, 2 or 3) that first requires or lists the component."""
    required: bool
    """False for the three optional components."""
    content_type: str
    """``code``, ``data`` or ``document``: picks the global license to fall back to."""
    component_id: str | None
    """osaid's canonical component id, from the ``source: mot`` aliases (None if unmapped)."""


@dataclass(frozen=True)
class MofFramework:
    """The MOF components and class labels, with lookups precomputed."""

    components: tuple[MofComponent, ...]
    """In MOT's order (``mof.settings.yml``), which is the order MOT evaluates them in."""
    class_labels: Mapping[int, str]
    """MOT's labels for classes 0 (``Unclassified``) to 3."""
    by_name: Mapping[str, MofComponent]
    """Exact MOT name to component."""
    by_folded_name: Mapping[str, MofComponent]
    """Case-folded, whitespace-collapsed name to component (the normalised variant)."""
    by_mot_id: Mapping[int, MofComponent]
    required: Mapping[int, tuple[int, ...]]
    """MOT ids of the required components first listed in each class (not cumulative)."""
    optional: Mapping[int, tuple[int, ...]]
    """MOT ids of the optional components of each class (not cumulative)."""


@dataclass(frozen=True)
class MotLicenseTable:
    """What MOT knows about licenses: which ids are open, which are type-appropriate."""

    open_ids: frozenset[str]
    """OSI-approved, FSF-libre, open-data and OpenMDW-1.0 ids (exact, case-sensitive)."""
    type_appropriate: Mapping[str, frozenset[str]]
    """Content type to the ids MOT deems appropriate for it (only drives a warning)."""
    known_ids: frozenset[str]
    """Every id in this table (open or type-appropriate)."""


def fold_name(name: str) -> str:
    """Case-fold and collapse whitespace: how the normalised variant compares names."""
    return " ".join(name.split()).casefold()


def _read(package: str, resource: str) -> Any:
    path = files(package).joinpath(resource)
    try:
        return load_yaml(path.read_text(encoding="utf-8"), file=f"{package}/{resource}").data
    except (OSError, InputError) as exc:
        raise DataError(f"cannot read packaged data {package}/{resource}: {exc}") from exc


def _mot_aliases() -> dict[str, str]:
    """MOT component name -> canonical component id, from components.yaml."""
    doc = _read("osaid.components", "data/components.yaml")
    out: dict[str, str] = {}
    for comp in doc.get("components") or []:
        for alias in comp.get("aliases") or []:
            if alias.get("source") == "mot":
                out[str(alias["name"])] = str(comp["id"])
    return out


@cache
def load_framework() -> MofFramework:
    """Load ``data/mof-framework.yaml`` (once)."""
    doc = _read("osaid.mof", "data/mof-framework.yaml")
    aliases = _mot_aliases()
    try:
        labels = {int(k): str(v) for k, v in doc["class_labels"].items()}
        comps = tuple(
            MofComponent(
                mot_id=int(c["id"]),
                name=str(c["name"]),
                mof_class=int(c["class"]),
                required=bool(c["required"]),
                content_type=str(c["content_type"]),
                component_id=aliases.get(str(c["name"])),
            )
            for c in doc["components"]
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataError(f"osaid.mof/data/mof-framework.yaml is malformed: {exc!r}") from exc
    if (
        len(comps) != 17
        or len({c.mot_id for c in comps}) != 17
        or sorted(labels) != [0, 1, 2, 3]
        or any(c.mof_class not in (1, 2, 3) or c.content_type not in CONTENT_TYPES for c in comps)
    ):
        raise DataError("osaid.mof/data/mof-framework.yaml: expected 17 valid MOF components")
    return MofFramework(
        components=comps,
        class_labels=MappingProxyType(labels),
        by_name=MappingProxyType({c.name: c for c in comps}),
        by_folded_name=MappingProxyType({fold_name(c.name): c for c in comps}),
        by_mot_id=MappingProxyType({c.mot_id: c for c in comps}),
        required=MappingProxyType(
            {
                k: tuple(c.mot_id for c in comps if c.mof_class == k and c.required)
                for k in (1, 2, 3)
            }
        ),
        optional=MappingProxyType(
            {
                k: tuple(c.mot_id for c in comps if c.mof_class == k and not c.required)
                for k in (1, 2, 3)
            }
        ),
    )


@cache
def load_mot_licenses() -> MotLicenseTable:
    """Load ``data/mot-open-licenses.yaml`` (once)."""
    doc = _read("osaid.mof", "data/mot-open-licenses.yaml")
    try:
        keys = ("osi_approved", "fsf_libre", "open_data", "special")
        open_ids = frozenset(str(i) for key in keys for i in doc[key])
        ta = {t: frozenset(str(i) for i in doc["type_appropriate"][t]) for t in CONTENT_TYPES}
    except (KeyError, TypeError) as exc:
        raise DataError(f"osaid.mof/data/mot-open-licenses.yaml is malformed: {exc!r}") from exc
    return MotLicenseTable(
        open_ids=open_ids,
        type_appropriate=MappingProxyType(ta),
        known_ids=open_ids.union(*ta.values()),
    )
