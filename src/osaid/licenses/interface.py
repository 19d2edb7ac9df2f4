"""Value types of the license knowledge base."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NewType

from osaid.freedoms import Freedom

LicenseId = NewType("LicenseId", str)
"""An SPDX license id (`Apache-2.0`) or a catalog id (`LicenseRef-Llama-2`)."""


class RestrictionKind(StrEnum):
    """Machine-readable kinds of terms that take away one of the four freedoms."""

    FIELD_OF_USE = "field-of-use"
    """Use-based restrictions written into the license itself (e.g. RAIL Attachment A)."""
    ACCEPTABLE_USE_POLICY = "acceptable-use-policy"
    """A separate, often updatable, acceptable-use or prohibited-use policy."""
    USER_CAP = "user-cap"
    """A threshold of users above which a separate licence must be requested."""
    NON_COMMERCIAL = "non-commercial"
    RESEARCH_ONLY = "research-only"
    TERRITORY_EXCLUSION = "territory-exclusion"
    NAMING_REQUIREMENT = "naming-requirement"
    """Derived works must carry a brand in their name or display (e.g. "Built with Llama")."""
    OUTPUT_RESTRICTION = "output-restriction"
    """Limits on using outputs, e.g. not to improve other models."""
    REMOTE_RESTRICTION = "remote-restriction"
    """The licensor may restrict use remotely or require updates to be applied."""
    NO_DERIVATIVES = "no-derivatives"
    RESTRICTION_PROPAGATION = "restriction-propagation"
    """Use restrictions must be passed on to every downstream recipient."""
    REVOCABLE = "revocable"
    """The licensor may terminate or change the grant at will."""
    PERMISSION_REQUIRED = "permission-required"
    """Use needs a registration, an application or the licensor's approval."""


class LicenseCategory(StrEnum):
    """What kind of terms a license is, for reports and filters."""

    OSI_APPROVED = "osi-approved"
    OPEN_DATA = "open-data"
    """On the open data / documentation terms allowlist (a policy, see docs)."""
    PERMISSIVE_NON_OSI = "permissive-non-osi"
    """Known, grants the four freedoms, but not OSI-approved (e.g. OpenMDW)."""
    RESTRICTED = "restricted"
    """Known, and at least one restriction takes away a freedom."""
    NOT_OPEN = "not-open"
    """Known SPDX license that is neither OSI-approved nor on the allowlist."""
    NO_LICENSE = "no-license"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Restriction:
    """One restrictive term of a license, with the clause that says it."""

    kind: RestrictionKind
    clause: str
    """Where in the text: section number and heading."""
    summary: str
    """One sentence, in our words."""
    freedoms: tuple[Freedom, ...]
    """The freedoms this term takes away."""
    value: int | str | None = None
    """A parameter such as the user cap (700000000) or the excluded territory."""
    source: str = ""
    """URL of the text that contains the clause."""


@dataclass(frozen=True)
class CatalogLicense:
    """An entry of the curated AI-license catalog."""

    id: LicenseId
    name: str
    version: str
    url: str
    family: str
    restrictions: tuple[Restriction, ...] = ()
    scancode_key: str | None = None
    spdx_id: str | None = None
    hf_tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    policies: tuple[LicenseId, ...] = ()
    """Companion documents incorporated by reference (e.g. an acceptable-use policy)."""
    is_policy: bool = False
    """True for acceptable-use / prohibited-use policies, which are not licenses by themselves."""
    date: str | None = None
    notes: str = ""
    grants_freedoms: bool = False
    """True when the terms grant all four freedoms (e.g. OpenMDW); false otherwise."""

    @property
    def freedoms_broken(self) -> tuple[Freedom, ...]:
        seen: dict[Freedom, None] = {}
        for r in self.restrictions:
            for f in r.freedoms:
                seen[f] = None
        return tuple(f for f in Freedom if f in seen)


@dataclass(frozen=True)
class LicenseFacts:
    """Everything osaid knows about one license id, from every data source."""

    id: LicenseId
    name: str
    category: LicenseCategory
    osi_approved: bool = False
    fsf_libre: bool = False
    deprecated: bool = False
    on_data_allowlist: bool = False
    catalog: CatalogLicense | None = None
    restrictions: tuple[Restriction, ...] = field(default=())
    source: str = ""
    """Where the facts come from (SPDX list version, catalog URL)."""

    @property
    def known(self) -> bool:
        return self.category is not LicenseCategory.UNKNOWN
