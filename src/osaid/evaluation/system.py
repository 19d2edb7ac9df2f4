"""The system under evaluation: a validated manifest plus where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from osaid.components import component_catalog
from osaid.manifest.model import Component, Manifest
from osaid.sources.evidence import Evidence


@dataclass(frozen=True)
class ComponentView:
    """A component as the evaluation sees it, possibly inherited from a coarser one."""

    id: str
    entry: Component
    via: str | None = None
    """The canonical id it was inherited from (`part_of`), if any."""


@dataclass(frozen=True)
class System:
    manifest: Manifest
    origin: str
    """`catalog:SLUG`, a file path, or a description of the source."""
    base_dir: Path | None = None
    """Directory that relative lineage references are resolved against."""
    mot_record: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    """The raw MOT record when the system came from one (for the exact MOF evaluation)."""
    notes: tuple[str, ...] = ()
    """What osaid did while reading the input (license names normalised, …)."""
    evidence: tuple[Evidence, ...] = field(default=(), compare=False, hash=False)
    """Raw evidence when the system was read from its artifacts (a directory, a repo)."""

    @property
    def name(self) -> str:
        return self.manifest.system.name

    def component(self, component_id: str) -> ComponentView | None:
        """The entry for a component, falling back to the coarser component it is part of."""
        entry = self.manifest.components.get(component_id)
        if entry is not None:
            return ComponentView(component_id, entry)
        parent = component_catalog().get(component_id).part_of
        seen = {component_id}
        while parent is not None and parent not in seen:
            seen.add(parent)
            entry = self.manifest.components.get(parent)
            if entry is not None:
                # "not used" carries over too: no supporting libraries means no tokenizer library.
                return ComponentView(component_id, entry, via=parent)
            parent = component_catalog().get(parent).part_of
        return None

    def license_of(self, view: ComponentView) -> tuple[str | None, str]:
        """The license that applies to a component and where that answer comes from."""
        if view.entry.license is not None:
            return view.entry.license, "component"
        if self.manifest.license is not None:
            return self.manifest.license, "distribution"
        return None, "none"
