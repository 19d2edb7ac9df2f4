"""Loader of the curated license knowledge shipped in `osaid/licenses/data/`.

Five data files, each validated on load; any problem raises `DataError` naming the file, the
line and the field:

* `ai-licenses.yaml`: the AI-model license catalog -> `load_catalog()`
* `ai-licenses.sources.yaml`: where each catalog fact comes from -> `load_sources()`
* `hf-license-tags.yaml`: Hugging Face `license:` tags -> `load_hf_tags()`
* `license-aliases.yaml`: free-text spellings -> `load_aliases()`, `load_ambiguous_aliases()`
* `open-data-terms.yaml`: the default open data/documentation allowlist ->
  `load_open_data_terms()`

Every loader takes an optional path (for tests and user-supplied policies) and caches its
result; the values returned are frozen.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from osaid._yaml import Path_
from osaid.errors import DataError
from osaid.freedoms import Freedom
from osaid.licenses._checker import Checker, kind_of, read_checked
from osaid.licenses.interface import CatalogLicense, LicenseId, Restriction, RestrictionKind

__all__ = [
    "CATALOG_VERSION",
    "AmbiguousAlias",
    "CatalogSource",
    "HfTagMapping",
    "OpenDataPolicy",
    "OpenDataTerm",
    "clear_caches",
    "data_path",
    "load_aliases",
    "load_ambiguous_aliases",
    "load_catalog",
    "load_hf_tags",
    "load_open_data_terms",
    "load_sources",
    "normalize_alias",
]

CATALOG_VERSION = "2026-11-22"
"""Version of the packaged license data (the date it was last curated); goes into reports."""

CATALOG_FILE = "ai-licenses.yaml"
SOURCES_FILE = "ai-licenses.sources.yaml"
HF_TAGS_FILE = "hf-license-tags.yaml"
ALIASES_FILE = "license-aliases.yaml"
OPEN_DATA_FILE = "open-data-terms.yaml"


# --------------------------------------------------------------------------- value types


@dataclass(frozen=True)
class HfTagMapping:
    """What one Hugging Face `license:` tag means."""

    tag: str
    name: str
    """The Hub's full name for the tag."""
    id: LicenseId | None
    """The canonical id when the tag names exactly one license; None otherwise."""
    ambiguous: tuple[LicenseId, ...] = ()
    """Candidate ids when the tag cannot say which one applies (never pick one)."""
    family: str | None = None
    """A family label for ambiguous and family tags, e.g. "GPL-3.0" or "BSD"."""
    note: str = ""
    info_url: str | None = None

    @property
    def status(self) -> str:
        """One of "exact", "ambiguous", "family" or "unknown"."""
        if self.id is not None:
            return "exact"
        if self.ambiguous:
            return "ambiguous"
        if self.family:
            return "family"
        return "unknown"

    @property
    def display(self) -> str:
        """A short label for reports, e.g. "GPL-3.0 (version qualifier unknown)"."""
        if self.id is not None:
            return self.id
        if self.family and self.ambiguous:
            suffixes = {a.rsplit("-", 1)[-1] for a in self.ambiguous}
            if len(self.ambiguous) == 2 and suffixes == {"only", "later"}:
                return f"{self.family} (version qualifier unknown)"
            return f"{self.family} (exact license unknown)"
        if self.family:
            return f"{self.family} (license family, exact license unknown)"
        return f"{self.name} (unknown)"


@dataclass(frozen=True)
class AmbiguousAlias:
    """A free-text spelling that names a family or leaves a version qualifier open."""

    alias: str
    family: str
    candidates: tuple[LicenseId, ...]


@dataclass(frozen=True)
class OpenDataTerm:
    """One license on the open data / documentation allowlist."""

    id: LicenseId
    reason: str
    source: str


@dataclass(frozen=True)
class OpenDataPolicy:
    """The allowlist of open data and documentation terms, with its own metadata."""

    id: str
    version: str
    description: str
    terms: tuple[OpenDataTerm, ...]
    date: str | None = None
    sources: tuple[str, ...] = ()
    file: str = ""

    @property
    def ids(self) -> frozenset[LicenseId]:
        return frozenset(t.id for t in self.terms)

    def allows(self, license_id: str) -> bool:
        """True when `license_id` is on the allowlist (exact id match)."""
        return license_id in self.ids

    def term(self, license_id: str) -> OpenDataTerm | None:
        for t in self.terms:
            if t.id == license_id:
                return t
        return None


@dataclass(frozen=True)
class CatalogSource:
    """Provenance of one catalog entry (from the sources sidecar)."""

    id: LicenseId
    urls: tuple[str, ...]
    retrieval: str
    retrieved: str
    text_date: str | None = None
    scancode_key: str | None = None
    unverified: tuple[str, ...] = ()


# --------------------------------------------------------------------------- helpers


def data_path(name: str) -> Path:
    """Path of a packaged data file."""
    return Path(str(resources.files("osaid.licenses").joinpath("data", name)))


def normalize_alias(text: str) -> str:
    """Key used for alias matching: casefolded, whitespace collapsed, ends stripped."""
    return " ".join(text.split()).casefold()


def _resolve(path: Path | str | None, name: str) -> Path:
    return data_path(name) if path is None else Path(path)


# --------------------------------------------------------------------------- catalog

_LICENSE_REQUIRED = {"id", "name", "version", "url", "family"}
_LICENSE_OPTIONAL = {
    "date",
    "scancode_key",
    "spdx_id",
    "hf_tags",
    "aliases",
    "policies",
    "is_policy",
    "grants_freedoms",
    "notes",
    "restrictions",
}
_RESTRICTION_REQUIRED = {"kind", "clause", "summary", "freedoms", "source"}
_RESTRICTION_OPTIONAL = {"value"}


def load_catalog(path: Path | str | None = None) -> dict[LicenseId, CatalogLicense]:
    """The AI-license catalog, keyed by id (in file order)."""
    return dict(_load_catalog(_resolve(path, CATALOG_FILE)))


@cache
def _load_catalog(path: Path) -> tuple[tuple[LicenseId, CatalogLicense], ...]:
    chk, root = read_checked(path, {"licenses"}, {"schema_version"})
    items = chk.sequence(root["licenses"], ("licenses",))
    entries: dict[LicenseId, CatalogLicense] = {}
    where: dict[LicenseId, Path_] = {}
    for i, raw in enumerate(items):
        p: Path_ = ("licenses", i)
        entry = _license(chk, raw, p)
        if entry.id in entries:
            chk.fail((*p, "id"), f"duplicate license id {entry.id!r}")
        entries[entry.id] = entry
        where[entry.id] = p
    for lid, entry in entries.items():
        for j, pol in enumerate(entry.policies):
            target = entries.get(pol)
            if target is None:
                chk.fail((*where[lid], "policies", j), f"unknown policy id {pol!r}")
            if not target.is_policy:
                chk.fail((*where[lid], "policies", j), f"{pol!r} is not marked is_policy")
        if entry.grants_freedoms and entry.restrictions:
            chk.fail(
                (*where[lid], "grants_freedoms"),
                "an entry with restrictions cannot grant all freedoms",
            )
    return tuple(entries.items())


def _license(chk: Checker, raw: Any, p: Path_) -> CatalogLicense:
    d = chk.mapping(raw, p)
    chk.keys(d, p, _LICENSE_REQUIRED, _LICENSE_OPTIONAL)
    lid = chk.text(d["id"], (*p, "id"))
    if lid != lid.strip() or " " in lid:
        chk.fail((*p, "id"), f"ids may not contain spaces: {lid!r}")
    restrictions = tuple(
        _restriction(chk, r, (*p, "restrictions", j))
        for j, r in enumerate(chk.sequence(d.get("restrictions") or [], (*p, "restrictions")))
    )
    return CatalogLicense(
        id=LicenseId(lid),
        name=chk.text(d["name"], (*p, "name")),
        version=chk.text(d["version"], (*p, "version")),
        url=chk.url(d["url"], (*p, "url")),
        family=chk.text(d["family"], (*p, "family")),
        restrictions=restrictions,
        scancode_key=chk.opt_text(d.get("scancode_key"), (*p, "scancode_key")),
        spdx_id=chk.opt_text(d.get("spdx_id"), (*p, "spdx_id")),
        hf_tags=chk.texts(d.get("hf_tags"), (*p, "hf_tags")),
        aliases=chk.texts(d.get("aliases"), (*p, "aliases")),
        policies=tuple(LicenseId(x) for x in chk.texts(d.get("policies"), (*p, "policies"))),
        is_policy=chk.boolean(d.get("is_policy", False), (*p, "is_policy")),
        date=chk.opt_text(d.get("date"), (*p, "date")),
        notes=" ".join(chk.text(d.get("notes", ""), (*p, "notes"), allow_empty=True).split()),
        grants_freedoms=chk.boolean(d.get("grants_freedoms", False), (*p, "grants_freedoms")),
    )


def _restriction(chk: Checker, raw: Any, p: Path_) -> Restriction:
    d = chk.mapping(raw, p)
    chk.keys(d, p, _RESTRICTION_REQUIRED, _RESTRICTION_OPTIONAL)
    kind_text = chk.text(d["kind"], (*p, "kind"))
    try:
        kind = RestrictionKind(kind_text)
    except ValueError:
        known = ", ".join(k.value for k in RestrictionKind)
        chk.fail((*p, "kind"), f"unknown restriction kind {kind_text!r} (known: {known})")
    freedoms: list[Freedom] = []
    items = chk.sequence(d["freedoms"], (*p, "freedoms"))
    if not items:
        chk.fail((*p, "freedoms"), "name at least one freedom this term takes away")
    for j, f in enumerate(items):
        text = chk.text(f, (*p, "freedoms", j))
        try:
            freedom = Freedom(text)
        except ValueError:
            known = ", ".join(x.value for x in Freedom)
            chk.fail((*p, "freedoms", j), f"unknown freedom {text!r} (known: {known})")
        if freedom in freedoms:
            chk.fail((*p, "freedoms", j), f"freedom {text!r} listed twice")
        freedoms.append(freedom)
    value = d.get("value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, str))):
        chk.fail((*p, "value"), f"expected a number or text, got {kind_of(value)}")
    return Restriction(
        kind=kind,
        clause=chk.text(d["clause"], (*p, "clause")),
        summary=chk.text(d["summary"], (*p, "summary")),
        freedoms=tuple(f for f in Freedom if f in freedoms),
        value=value,
        source=chk.url(d["source"], (*p, "source")),
    )


# --------------------------------------------------------------------------- sources sidecar


def load_sources(path: Path | str | None = None) -> dict[LicenseId, CatalogSource]:
    """Provenance of each catalog entry, keyed by catalog id."""
    return dict(_load_sources(_resolve(path, SOURCES_FILE)))


@cache
def _load_sources(path: Path) -> tuple[tuple[LicenseId, CatalogSource], ...]:
    chk, root = read_checked(path, {"sources"}, {"schema_version", "scancode_toolkit_version"})
    out: list[tuple[LicenseId, CatalogSource]] = []
    for lid, raw in chk.mapping(root["sources"], ("sources",)).items():
        p: Path_ = ("sources", lid)
        d = chk.mapping(raw, p)
        chk.keys(
            d, p, {"urls", "retrieval", "retrieved"}, {"text_date", "scancode_key", "unverified"}
        )
        urls = chk.texts(d["urls"], (*p, "urls"))
        if not urls:
            chk.fail((*p, "urls"), "list at least one URL")
        for j, u in enumerate(urls):
            chk.url(u, (*p, "urls", j))
        out.append(
            (
                LicenseId(lid),
                CatalogSource(
                    id=LicenseId(lid),
                    urls=urls,
                    retrieval=chk.text(d["retrieval"], (*p, "retrieval")),
                    retrieved=chk.text(d["retrieved"], (*p, "retrieved")),
                    text_date=chk.opt_text(d.get("text_date"), (*p, "text_date")),
                    scancode_key=chk.opt_text(d.get("scancode_key"), (*p, "scancode_key")),
                    unverified=chk.texts(d.get("unverified"), (*p, "unverified")),
                ),
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------- HF tags

_TAG_REQUIRED = {"name", "id"}
_TAG_OPTIONAL = {"ambiguous", "family", "note", "info_url"}


def load_hf_tags(path: Path | str | None = None) -> dict[str, HfTagMapping]:
    """Hugging Face `license:` tag -> mapping, for every tag the Hub accepts."""
    return dict(_load_hf_tags(_resolve(path, HF_TAGS_FILE)))


@cache
def _load_hf_tags(path: Path) -> tuple[tuple[str, HfTagMapping], ...]:
    chk, root = read_checked(path, {"tags"}, {"source"})
    out: list[tuple[str, HfTagMapping]] = []
    for tag, raw in chk.mapping(root["tags"], ("tags",)).items():
        p: Path_ = ("tags", tag)
        d = chk.mapping(raw, p)
        chk.keys(d, p, _TAG_REQUIRED, _TAG_OPTIONAL)
        lid = chk.opt_text(d["id"], (*p, "id"))
        ambiguous = tuple(LicenseId(a) for a in chk.texts(d.get("ambiguous"), (*p, "ambiguous")))
        if lid is not None and ambiguous:
            chk.fail((*p, "ambiguous"), "a tag with an id cannot also be ambiguous")
        if len(ambiguous) == 1:
            chk.fail((*p, "ambiguous"), "one candidate is not ambiguous: use id instead")
        family = chk.opt_text(d.get("family"), (*p, "family"))
        if ambiguous and family is None:
            chk.fail(p, "an ambiguous tag needs a family label")
        info_url = d.get("info_url")
        out.append(
            (
                tag,
                HfTagMapping(
                    tag=tag,
                    name=chk.text(d["name"], (*p, "name")),
                    id=None if lid is None else LicenseId(lid),
                    ambiguous=ambiguous,
                    family=family,
                    note=" ".join(
                        chk.text(d.get("note", ""), (*p, "note"), allow_empty=True).split()
                    ),
                    info_url=None if info_url is None else chk.url(info_url, (*p, "info_url")),
                ),
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------- aliases


def load_aliases(
    path: Path | str | None = None, *, catalog_path: Path | str | None = None
) -> dict[str, str]:
    """Normalised free-text spelling -> canonical id.

    Merges the aliases file with the `name`, `aliases` and id of every catalog entry. Keys are
    normalised with `normalize_alias`; look up `normalize_alias(text)`. Spellings that map to
    two different ids are a data error.
    """
    return dict(_load_aliases(_resolve(path, ALIASES_FILE), _resolve(catalog_path, CATALOG_FILE)))


def load_ambiguous_aliases(path: Path | str | None = None) -> dict[str, AmbiguousAlias]:
    """Normalised spelling -> candidates, for spellings that must not be resolved to one id."""
    return dict(_load_alias_file(_resolve(path, ALIASES_FILE))[1])


@cache
def _load_alias_file(
    path: Path,
) -> tuple[tuple[tuple[str, str, int | None], ...], tuple[tuple[str, AmbiguousAlias], ...]]:
    chk, root = read_checked(path, {"aliases"}, {"ambiguous"})
    plain: list[tuple[str, str, int | None]] = []
    seen: dict[str, str] = {}
    for alias, target in chk.mapping(root["aliases"], ("aliases",)).items():
        p: Path_ = ("aliases", alias)
        key = normalize_alias(chk.text(alias, p))
        lid = chk.text(target, p)
        if key in seen and seen[key] != lid:
            chk.fail(p, f"spelling {alias!r} already maps to {seen[key]!r}")
        seen[key] = lid
        plain.append((key, lid, chk.doc.line_of(p)))
    ambiguous: list[tuple[str, AmbiguousAlias]] = []
    for alias, raw in chk.mapping(root.get("ambiguous") or {}, ("ambiguous",)).items():
        p = ("ambiguous", alias)
        d = chk.mapping(raw, p)
        chk.keys(d, p, {"family", "candidates"}, set())
        key = normalize_alias(alias)
        if key in seen:
            chk.fail(p, f"spelling {alias!r} is also mapped to {seen[key]!r} under aliases")
        candidates = chk.texts(d["candidates"], (*p, "candidates"))
        if len(candidates) < 2:
            chk.fail((*p, "candidates"), "list at least two candidates")
        ambiguous.append(
            (
                key,
                AmbiguousAlias(
                    alias=alias,
                    family=chk.text(d["family"], (*p, "family")),
                    candidates=tuple(LicenseId(c) for c in candidates),
                ),
            )
        )
    return tuple(plain), tuple(ambiguous)


@cache
def _load_aliases(path: Path, catalog_path: Path) -> tuple[tuple[str, str], ...]:
    plain, ambiguous = _load_alias_file(path)
    ambiguous_keys = {k for k, _ in ambiguous}
    merged: dict[str, str] = {}
    origin: dict[str, str] = {}

    def add(key: str, lid: str, where: str) -> None:
        if key in ambiguous_keys:
            raise DataError(f"{where}: {key!r} is listed as ambiguous in {path}")
        if key in merged and merged[key] != lid:
            raise DataError(
                f"{where}: spelling {key!r} maps to {lid!r} but {origin[key]} maps it to "
                f"{merged[key]!r}"
            )
        merged.setdefault(key, lid)
        origin.setdefault(key, where)

    for key, lid, line in plain:
        add(key, lid, f"{path}:{line}" if line is not None else str(path))
    for lid, entry in _load_catalog(catalog_path):
        for text in (entry.id, entry.name, *entry.aliases):
            add(normalize_alias(text), lid, f"{catalog_path}: {lid}")
    return tuple(merged.items())


# --------------------------------------------------------------------------- open data terms


def load_open_data_terms(path: Path | str | None = None) -> OpenDataPolicy:
    """The open data / documentation allowlist (the packaged default, or a user policy)."""
    return _load_open_data_terms(_resolve(path, OPEN_DATA_FILE))


@cache
def _load_open_data_terms(path: Path) -> OpenDataPolicy:
    chk, root = read_checked(path, {"policy", "terms"}, set())
    meta = chk.mapping(root["policy"], ("policy",))
    chk.keys(meta, ("policy",), {"id", "version", "description"}, {"date", "sources"})
    terms: list[OpenDataTerm] = []
    seen: set[str] = set()
    for i, raw in enumerate(chk.sequence(root["terms"], ("terms",))):
        p: Path_ = ("terms", i)
        d = chk.mapping(raw, p)
        chk.keys(d, p, {"id", "reason", "source"}, set())
        lid = chk.text(d["id"], (*p, "id"))
        if lid in seen:
            chk.fail((*p, "id"), f"duplicate term {lid!r}")
        seen.add(lid)
        terms.append(
            OpenDataTerm(
                id=LicenseId(lid),
                reason=chk.text(d["reason"], (*p, "reason")),
                source=chk.url(d["source"], (*p, "source")),
            )
        )
    sources = chk.texts(meta.get("sources"), ("policy", "sources"))
    for j, u in enumerate(sources):
        chk.url(u, ("policy", "sources", j))
    return OpenDataPolicy(
        id=chk.text(meta["id"], ("policy", "id")),
        version=chk.text(meta["version"], ("policy", "version")),
        description=" ".join(chk.text(meta["description"], ("policy", "description")).split()),
        terms=tuple(terms),
        date=chk.opt_text(meta.get("date"), ("policy", "date")),
        sources=sources,
        file=str(path),
    )


def clear_caches() -> None:
    """Forget every loaded file (for tests that rewrite files in place)."""
    _load_catalog.cache_clear()
    _load_sources.cache_clear()
    _load_hf_tags.cache_clear()
    _load_alias_file.cache_clear()
    _load_aliases.cache_clear()
    _load_open_data_terms.cache_clear()
