"""The canonical component catalog (`data/components.yaml`) and alias lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from osaid._yaml import load_yaml
from osaid.errors import DataError

__all__ = ["Component", "ComponentCatalog", "DataKindInfo", "component_catalog"]


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    element: str
    content_type: str
    description: str
    mof_id: int | None = None
    mof_class: int | None = None
    mof_required: bool | None = None
    part_of: str | None = None
    aliases: tuple[tuple[str, str], ...] = ()
    """(source, name) pairs."""


@dataclass(frozen=True)
class DataKindInfo:
    id: str
    name: str
    obligation: str
    description: str
    source: str


def _norm(name: str) -> str:
    return re.sub(r"[\s_]+", " ", name.strip().casefold())


@dataclass(frozen=True)
class ComponentCatalog:
    components: dict[str, Component]
    data_kinds: dict[str, DataKindInfo]
    sources: dict[str, str]
    _by_alias: dict[str, tuple[str, ...]]

    def get(self, component_id: str) -> Component:
        return self.components[component_id]

    def resolve(self, name: str, *, source: str | None = None) -> tuple[str, ...]:
        """Canonical ids a name stands for: an id itself, or an alias (optionally of one source)."""
        if name in self.components:
            return (name,)
        key = _norm(name)
        if source is not None:
            key = f"{source}\0{key}"
        return self._by_alias.get(key, ())

    @property
    def mof_components(self) -> list[Component]:
        return [c for c in self.components.values() if c.mof_id is not None]


@cache
def component_catalog() -> ComponentCatalog:
    text = resources.files("osaid.components").joinpath("data/components.yaml").read_text("utf-8")
    doc = load_yaml(text, file="osaid/components/data/components.yaml")
    try:
        components: dict[str, Component] = {}
        by_alias: dict[str, list[str]] = {}
        for raw in doc.data["components"]:
            mof = raw.get("mof") or {}
            aliases = tuple((a["source"], a["name"]) for a in raw.get("aliases") or [])
            comp = Component(
                id=raw["id"],
                name=raw["name"],
                element=raw["element"],
                content_type=raw["content_type"],
                description=" ".join(raw["description"].split()),
                mof_id=mof.get("id"),
                mof_class=mof.get("class"),
                mof_required=mof.get("required"),
                part_of=raw.get("part_of"),
                aliases=aliases,
            )
            components[comp.id] = comp
            for key in {_norm(comp.id), _norm(comp.name), *(_norm(n) for _, n in aliases)}:
                by_alias.setdefault(key, []).append(comp.id)
            for source, name in aliases:
                by_alias.setdefault(f"{source}\0{_norm(name)}", []).append(comp.id)
        kinds = {
            k["id"]: DataKindInfo(
                k["id"], k["name"], k["obligation"], " ".join(k["description"].split()), k["source"]
            )
            for k in doc.data["data_kinds"]
        }
    except (KeyError, TypeError) as exc:
        raise DataError(f"components.yaml is malformed: {exc!r}") from exc
    for comp in components.values():
        if comp.part_of is not None and comp.part_of not in components:
            raise DataError(f"components.yaml: {comp.id}: part_of {comp.part_of!r} is unknown")
    return ComponentCatalog(
        components=components,
        data_kinds=kinds,
        sources=dict(doc.data.get("sources") or {}),
        _by_alias={k: tuple(dict.fromkeys(v)) for k, v in by_alias.items()},
    )
