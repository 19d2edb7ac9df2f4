"""Load and validate the packaged definition files (`definitions/data/*.yaml`)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from osaid._yaml import YamlDocument, load_yaml
from osaid.components import component_catalog
from osaid.definitions.interface import (
    FAMILY_RULES,
    Definition,
    Element,
    Family,
    LegalFramework,
    Requirement,
    Rule,
)
from osaid.errors import DataError, UnknownIdError
from osaid.freedoms import Freedom
from osaid.manifest.model import EuAiActFacts

__all__ = [
    "DEFAULT_DEFINITIONS",
    "DEFINITION_IDS",
    "all_definitions",
    "definition_ids",
    "load_definition",
]

DEFINITION_IDS: tuple[str, ...]
"""Every packaged definition id, in listing order (`definition_ids()`)."""

DEFAULT_DEFINITIONS: tuple[str, ...] = ("osaid-1.0", "mof")
FAMILIES: tuple[str, ...] = tuple(f.value for f in Family)
_STATUS_ORDER = {"final": 0, "proposal": 0, "release-candidate": 1, "living": 1, "draft": 2}
_TOP_KEY = re.compile(r"^(family|status):\s*['\"]?([\w.-]+)", re.MULTILINE)


@cache
def definition_ids() -> tuple[str, ...]:
    """Every packaged definition (one data file each), in listing order: by family, final
    versions before candidates and drafts, then by id. Read from the files' top keys only."""
    keyed = []
    for entry in resources.files("osaid.definitions").joinpath("data").iterdir():
        if not entry.name.endswith(".yaml"):
            continue
        head = dict(_TOP_KEY.findall(entry.read_text("utf-8")[:4096]))
        family = head.get("family", "")
        rank = FAMILIES.index(family) if family in FAMILIES else len(FAMILIES)
        keyed.append((rank, _STATUS_ORDER.get(head.get("status", ""), 3), entry.name[:-5]))
    return tuple(name for *_, name in sorted(keyed))


def __getattr__(name: str) -> Any:
    # DEFINITION_IDS is found from the data files on first use, not at import.
    if name == "DEFINITION_IDS":
        return definition_ids()
    raise AttributeError(name)


"""Definition families, each with its own evaluator (`osaid.evaluation.registry`)."""
_SCORING = ("sum", "mean")

_REQUIRED = (
    "id",
    "element",
    "title",
    "text",
    "source",
    "rule",
    "components",
    "legal",
    "freedoms",
    "remediation",
)


def _fail(doc: YamlDocument, path: tuple[str | int, ...], message: str) -> DataError:
    line = doc.line_of(path)
    field = ".".join(str(p) for p in path)
    return DataError(f"{doc.file}:{line}: {field}: {message}")


def _enum(doc: YamlDocument, path: tuple[str | int, ...], enum: type[Any], value: Any) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise _fail(doc, path, f"{value!r} is not one of: {allowed}") from None


def _requirement(doc: YamlDocument, i: int, raw: Any) -> Requirement:
    base: tuple[str | int, ...] = ("requirements", i)
    if not isinstance(raw, dict):
        raise _fail(doc, base, "expected a mapping")
    for key in _REQUIRED:
        if key not in raw:
            raise _fail(doc, (*base, key), "missing")
    known = component_catalog().components
    for j, comp in enumerate(raw["components"]):
        if comp not in known:
            raise _fail(doc, (*base, "components", j), f"unknown component {comp!r}")
    rule = _enum(doc, (*base, "rule"), Rule, raw["rule"])
    if rule is Rule.MOF_CLASS and raw.get("mof_class") not in (1, 2, 3):
        raise _fail(doc, (*base, "mof_class"), "mof-class requirements need mof_class 1, 2 or 3")
    if rule is Rule.DATA_LISTING and not raw.get("data_kinds"):
        raise _fail(doc, (*base, "data_kinds"), "data-listing requirements need data_kinds")
    if rule is Rule.PUBLISHED and raw.get("fact") not in EuAiActFacts.model_fields:
        known_facts = ", ".join(EuAiActFacts.model_fields)
        raise _fail(doc, (*base, "fact"), f"published requirements need fact: one of {known_facts}")
    kinds = component_catalog().data_kinds
    for j, kind in enumerate(raw.get("data_kinds") or ()):
        if kind not in kinds:
            raise _fail(doc, (*base, "data_kinds", j), f"unknown data kind {kind!r}")
    return Requirement(
        id=str(raw["id"]),
        element=_enum(doc, (*base, "element"), Element, raw["element"]),
        title=str(raw["title"]),
        text=" ".join(str(raw["text"]).split()),
        source=str(raw["source"]),
        rule=rule,
        components=tuple(raw["components"]),
        legal=_enum(doc, (*base, "legal"), LegalFramework, raw["legal"]),
        freedoms=tuple(
            _enum(doc, (*base, "freedoms", j), Freedom, f) for j, f in enumerate(raw["freedoms"])
        ),
        remediation=" ".join(str(raw["remediation"]).split()),
        if_used=bool(raw.get("if_used", False)),
        optional=bool(raw.get("optional", False)),
        data_kinds=tuple(raw.get("data_kinds") or ()),
        mof_class=raw.get("mof_class"),
        fact=None if raw.get("fact") is None else str(raw["fact"]),
    )


def parse_definition(doc: YamlDocument) -> Definition:
    """Validate one definition document against the enums and the component catalog."""
    raw = doc.data
    if not isinstance(raw, dict):
        raise _fail(doc, (), "expected a mapping")
    for key in (
        "id",
        "family",
        "name",
        "version",
        "status",
        "published",
        "source",
        "requirements",
        "legal_frameworks",
    ):
        if key not in raw:
            raise _fail(doc, (key,), "missing")
    if raw["family"] not in FAMILIES:
        raise _fail(doc, ("family",), f"must be one of: {', '.join(FAMILIES)}")
    reqs = tuple(_requirement(doc, i, r) for i, r in enumerate(raw["requirements"]))
    allowed_rules = FAMILY_RULES[Family(raw["family"])]
    if allowed_rules:
        for i, r in enumerate(reqs):
            if r.rule not in allowed_rules:
                allowed = ", ".join(sorted(x.value for x in allowed_rules))
                raise _fail(
                    doc,
                    ("requirements", i, "rule"),
                    f"{r.rule.value!r} is not a rule of the {raw['family']} family ({allowed})",
                )
    scoring = raw.get("scoring")
    if raw["family"] == "osai-index" and scoring not in _SCORING:
        raise _fail(doc, ("scoring",), "osai-index definitions need scoring: sum or mean")
    if scoring is not None and raw["family"] != "osai-index":
        raise _fail(doc, ("scoring",), "only osai-index definitions are scored")
    ids = [r.id for r in reqs]
    dupes = {x for x in ids if ids.count(x) > 1}
    if dupes:
        raise _fail(doc, ("requirements",), f"duplicate requirement ids: {sorted(dupes)}")
    frameworks = {
        _enum(doc, ("legal_frameworks", k), LegalFramework, k): str(v)
        for k, v in raw["legal_frameworks"].items()
    }
    for r in reqs:
        if r.legal is not LegalFramework.NONE and r.legal not in frameworks:
            raise _fail(
                doc, ("legal_frameworks",), f"{r.legal.value} used by {r.id} is not described"
            )
    return Definition(
        id=str(raw["id"]),
        family=Family(raw["family"]),
        name=str(raw["name"]),
        version=str(raw["version"]),
        status=str(raw["status"]),
        published=str(raw["published"]),
        source=str(raw["source"]),
        requirements=reqs,
        legal_frameworks=frameworks,
        freedoms_text=" ".join(str(raw.get("freedoms_text", "")).split()),
        preferred_form_text=" ".join(str(raw.get("preferred_form_text", "")).split()),
        previous=raw.get("previous"),
        notes=" ".join(str(raw.get("notes", "")).split()),
        scoring=None if scoring is None else str(scoring),
    )


@cache
def load_definition(definition_id: str) -> Definition:
    if definition_id not in definition_ids():
        raise UnknownIdError("definition", definition_id, list(definition_ids()))
    name = f"data/{definition_id}.yaml"
    text = resources.files("osaid.definitions").joinpath(name).read_text("utf-8")
    definition = parse_definition(load_yaml(text, file=f"osaid/definitions/{name}"))
    if definition.id != definition_id:
        raise DataError(f"osaid/definitions/{name}: id is {definition.id!r}")
    return definition


def all_definitions() -> list[Definition]:
    return [load_definition(d) for d in definition_ids()]
