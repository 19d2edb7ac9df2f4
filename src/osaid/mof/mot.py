"""MOF class and progress, computed exactly as the Model Openness Tool (MOT) computes them.

``evaluate_mot`` reproduces MOT's PHP (``web/modules/mof/src/ModelEvaluator.php``,
``LicenseHandler.php``, ``ModelUpdater.php`` of github.com/lfai/model_openness_tool, data at
commit 8b5d30e of 2026-05-11) on a raw MOT record, the mapping read from a ``models/*.yml``
file. It returns the same class, label and progress floats as MOT (checked against the 27
fixtures of MOT's ``Test_Data/expected_results.json``).

How MOT scores a record
-----------------------
1. *Listing.* A component is listed if ``release.components`` has an entry with its exact
   name. A repeated name: the later entry wins.
2. *License.* The component's own ``license`` if the key is present and not null; a present
   but empty value (``''``, and PHP's other "empty" values such as ``'0'``) means
   ``unlicensed``. Otherwise the global license of the component's content type
   (``release.license.code|data|document.name``), otherwise ``release.license.distribution``,
   otherwise ``unlicensed``. An explicit ``license: unlicensed`` therefore stops the fallback.
   MOT's importer only keeps ``release.license`` if it comes *before* ``release.components``
   in the record (it stores the licenses when it meets ``components``); records that order
   them the other way lose their global licenses, and so do they here (with a warning).
3. *Open.* The license string must exactly equal (case-sensitive, no SPDX expressions, no
   normalisation: ``"Apache 2.0"`` fails) an id that MOT's SPDX snapshot marks OSI-approved
   or FSF-libre, one of its 31 open-data ids, or ``OpenMDW-1.0``. A listed, open component is
   *included*; ``unlicensed`` is *unlicensed*; anything else is *invalid*.
4. *Type-appropriate.* An open license absent from MOT's list of type-appropriate licenses
   for the component's content type still counts; MOT only shows a warning.
5. *Classes are cumulative.* Class III needs its 6 required components, class II those plus
   4 (10), class I those plus 4 more (14). Optional components (model metadata, supporting
   libraries and tools, sample model outputs) are evaluated but never count.
6. *Research paper for technical report.* If the technical report is not included and the
   research paper is listed, the technical report no longer counts as missing and the
   research paper (with its own status) is added to classes II and III, so an open research
   paper fills the technical report's place there. For class I, if the technical report is
   not included but the research paper is, the class I total drops by one (13).
7. *Progress.* Progress of class N is 0 unless every class above N is fully met (its
   included count reaches its cumulative total); otherwise it is included / total * 100
   for class N (capped at 100), e.g. 2/6 -> 33.33333333333333.
8. *Class* is the highest class (lowest number) whose progress is exactly 100.

Deliberate differences from MOT, in both variants: an unknown component name is ignored
with a warning (MOT's ``getComponentByName`` would silently pick its first component), a
null or missing ``release.components`` counts as no components (MOT would fail), and
malformed records raise ``osaid.errors.ManifestError`` naming the field where MOT would
throw a PHP ``TypeError`` (a non-string, non-empty license name) -- except where MOT is
lenient: a ``release.license`` or one of its entries that is not a mapping is ignored, with
a warning, as MOT ignores it.

The normalised variant
----------------------
``evaluate_mof_normalized(record, is_open)`` runs the same algorithm with ``variant =
"mof-normalized"``, but:

* the open-license test is the caller's ``is_open(license) -> True | False | None``
  (which can understand SPDX expressions like ``"Apache-2.0 OR MIT"`` and misspellings like
  ``"Apache 2.0"``); ``None`` (unknown) means not counted, and is noted and warned about;
* license strings are stripped of surrounding whitespace; ``unlicensed`` is matched
  case-insensitively and never passed to ``is_open``; PHP's ``'0'``-is-empty accident is not
  reproduced;
* global licenses count wherever ``release.license`` appears in the record;
* component names are matched case-insensitively, with whitespace collapsed;
* type-appropriateness is True/False only for license ids MOT knows, otherwise None.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from osaid.errors import ManifestError
from osaid.mof.framework import (
    CONTENT_TYPES,
    MofComponent,
    MofFramework,
    MotLicenseTable,
    fold_name,
    load_framework,
    load_mot_licenses,
)

__all__ = [
    "LicenseOrigin",
    "MofComponentResult",
    "MofResult",
    "evaluate_mof_normalized",
    "evaluate_mot",
]

LicenseOrigin = Literal[
    "component", "global:code", "global:data", "global:document", "distribution"
]

TECHNICAL_REPORT = 11
"""MOT's component id of the technical report."""
RESEARCH_PAPER = 21
"""MOT's component id of the research paper, which may stand in for the technical report."""
UNLICENSED = "unlicensed"

_Status = Literal["included", "unlicensed", "invalid"]


@dataclass(frozen=True)
class MofComponentResult:
    """How one component of a record fared."""

    component_id: str | None
    """osaid's canonical component id; None for a name that is not a MOF component."""
    mof_name: str
    """MOT's component name (or the unknown name as written in the record)."""
    mof_class: int
    """The class that first requires or lists it (0 for an unknown name)."""
    required: bool
    listed: bool
    """The record lists the component."""
    license: str | None
    """The license MOT resolved (``unlicensed`` when none); None when not listed."""
    license_origin: LicenseOrigin | None
    """Where the license came from; None when not listed or nothing was found."""
    open: bool
    """The resolved license is open (MOT's lists, or the caller's test)."""
    type_appropriate: bool | None
    """Open license fit for the content type (warning only); None when not applicable."""
    counted: bool
    """Counts toward progress: required, listed and open."""
    note: str
    """One line of explanation."""


@dataclass(frozen=True)
class MofResult:
    """The MOF class and progress of one record."""

    class_: int
    """0 (unclassified) to 3; the highest fully met class is the lowest number."""
    label: str
    """MOT's label, e.g. ``Class III - Open Model`` or ``Unclassified``."""
    progress: dict[int, float]
    """Progress percentage of classes 1, 2 and 3, exactly as MOT computes it."""
    components: tuple[MofComponentResult, ...]
    """The 17 MOF components in MOT's order, then any unknown names in record order."""
    warnings: tuple[str, ...]
    variant: str
    """``mot`` (exact MOT) or ``mof-normalized``."""


@dataclass
class _Entry:
    field: str
    """Location in the record, for messages, e.g. ``release.components[3]``."""
    name: str
    license: str | None
    """None: no component license (fall back); otherwise the component's own value."""


@dataclass
class _Parsed:
    listed: dict[int, _Entry]
    unknown: list[_Entry]
    globals: dict[str, str]
    warnings: list[str]


def _php_empty(value: object) -> bool:
    """PHP's ``empty()`` for the scalar values YAML produces."""
    return value is None or value is False or value in ("", "0", 0) or value == [] or value == {}


def _license_value(value: object, field: str, normalized: bool) -> str | None:
    """A component license as MOT stores it; None when absent (fall back)."""
    if value is None:
        return None
    if isinstance(value, str):
        if normalized:
            value = value.strip()
            return UNLICENSED if not value or value.casefold() == UNLICENSED else value
        return UNLICENSED if _php_empty(value) else value
    if _php_empty(value):  # PHP: `$license ?: null` -> unlicensed
        return UNLICENSED
    raise ManifestError(
        f"license must be a string, not {type(value).__name__} ({value!r})", field=field
    )


def _parse(record: Mapping[str, Any], fw: MofFramework, normalized: bool) -> _Parsed:
    if not isinstance(record, Mapping):
        raise ManifestError(f"a MOT record must be a mapping, not {type(record).__name__}")
    release = record.get("release")
    if not isinstance(release, Mapping):
        what = "missing" if release is None else f"a {type(release).__name__}"
        raise ManifestError(f"'release' must be a mapping (it is {what})", field="release")
    warnings: list[str] = []

    globals_: dict[str, str] = {}
    keys = list(release)
    lic = release.get("license")
    after = "license" in keys and "components" in keys
    dropped = after and keys.index("license") > keys.index("components") and not normalized
    if dropped and lic:
        warnings.append(
            "release.license comes after release.components: MOT's importer then drops the "
            "global licenses, so they are not used"
        )
    elif isinstance(lic, Mapping):
        for key, entry in lic.items():
            field = f"release.license.{key}"
            if key not in ("distribution", *CONTENT_TYPES):
                warnings.append(f"{field}: MOT uses only distribution, code, data and document")
                continue
            if entry is None:
                continue
            if not isinstance(entry, Mapping):
                warnings.append(f"{field} is not a mapping with a 'name'; MOT ignores it")
                continue
            name = entry.get("name")
            if isinstance(name, str) and normalized:
                name = name.strip()
                if not name:
                    continue
            elif _php_empty(name):
                continue
            if not isinstance(name, str):
                raise ManifestError(
                    f"license name must be a string, not {type(name).__name__} ({name!r})",
                    field=f"{field}.name",
                )
            globals_[str(key)] = name
    elif lic is not None:
        warnings.append("release.license is not a mapping; MOT ignores it")

    comps = release.get("components")
    if comps is None:
        comps = []
    if not isinstance(comps, Sequence) or isinstance(comps, str | bytes):
        raise ManifestError(
            f"must be a list of components, not {type(comps).__name__}", field="release.components"
        )
    listed: dict[int, _Entry] = {}
    unknown: list[_Entry] = []
    lookup = fw.by_folded_name if normalized else fw.by_name
    for i, item in enumerate(comps):
        field = f"release.components[{i}]"
        if not isinstance(item, Mapping):
            raise ManifestError(
                f"a component must be a mapping, not {type(item).__name__}", field=field
            )
        name = item.get("name")
        if not isinstance(name, str):
            what = "missing" if name is None else f"a {type(name).__name__}"
            raise ManifestError(
                f"a component's name must be a string (it is {what})", field=f"{field}.name"
            )
        lic = _license_value(item.get("license"), f"{field}.license", normalized)
        entry = _Entry(field, name, lic)
        comp = lookup.get(fold_name(name) if normalized else name)
        if comp is None:
            unknown.append(entry)
            warnings.append(f"{field}: {name!r} is not one of the 17 MOF component names; ignored")
            continue
        if comp.mot_id in listed:
            warnings.append(
                f"{field}: {comp.name!r} is listed again "
                f"(first at {listed[comp.mot_id].field}); the later entry wins, as in MOT"
            )
        listed[comp.mot_id] = entry
    return _Parsed(listed, unknown, globals_, warnings)


def _resolve(
    entry: _Entry, comp: MofComponent, globals_: Mapping[str, str]
) -> tuple[str, LicenseOrigin | None]:
    """MOT's ``resolveLicense``: component -> global of the content type -> distribution."""
    if entry.license is not None:
        return entry.license, "component"
    name = globals_.get(comp.content_type)
    if name is not None:
        origin: LicenseOrigin = (
            "global:code"
            if comp.content_type == "code"
            else "global:data"
            if comp.content_type == "data"
            else "global:document"
        )
        return name, origin
    name = globals_.get("distribution")
    if name is not None:
        return name, "distribution"
    return UNLICENSED, None


def _evaluate(
    record: Mapping[str, Any],
    is_open: Callable[[str], bool | None] | None,
) -> MofResult:
    fw = load_framework()
    table: MotLicenseTable = load_mot_licenses()
    normalized = is_open is not None
    parsed = _parse(record, fw, normalized)
    warnings = parsed.warnings

    status: dict[int, _Status] = {}
    details: dict[int, tuple[str, LicenseOrigin | None, bool, bool | None, str]] = {}
    for cid, entry in parsed.listed.items():
        comp = fw.by_mot_id[cid]
        lic, origin = _resolve(entry, comp, parsed.globals)
        ta_ids = table.type_appropriate[comp.content_type]
        verdict: bool | None
        if lic == UNLICENSED:
            verdict = False
        elif is_open is None:
            verdict = lic in table.open_ids
        else:
            answer = is_open(lic)
            verdict = answer if isinstance(answer, bool) else None
        if verdict:
            status[cid] = "included"
            if lic in ta_ids:
                ta: bool | None = True
                note = "open license"
            elif is_open is None or lic in table.known_ids:
                ta = False
                note = f"open license, but not type-appropriate for {comp.content_type} (warning)"
                warnings.append(
                    f"{comp.name} has an open license ({lic}) that is not type-appropriate "
                    f"for content of type {comp.content_type}"
                )
            else:
                ta = None
                note = "open license (type-appropriateness unknown)"
        elif lic == UNLICENSED:
            status[cid] = "unlicensed"
            ta = None
            if origin is None:
                note = "unlicensed: no component, global or distribution license"
            elif origin == "component":
                note = "unlicensed (said by the component: no fallback to global licenses)"
            else:
                note = f"unlicensed (from the {origin} license)"
        else:
            status[cid] = "invalid"
            ta = None
            if verdict is None:
                note = f"license {lic!r} not recognised as open or not: not counted"
                warnings.append(f"{comp.name}: license {lic!r} is unknown to the open-license test")
            else:
                note = f"license {lic!r} is not open" + ("" if normalized else " per MOT")
        details[cid] = (lic, origin, bool(verdict), ta, note)

    # MOT's evaluate(): cumulative required lists, classes 3 -> 1.
    cumulative: dict[int, list[int]] = {}
    acc: list[int] = []
    for cls in (3, 2, 1):
        acc = [*acc, *fw.required[cls]]
        cumulative[cls] = acc
    included = {
        cls: [c for c in cumulative[cls] if status.get(c) == "included"] for cls in (3, 2, 1)
    }
    tr_status = status.get(TECHNICAL_REPORT)
    rp_status = status.get(RESEARCH_PAPER)
    substitutes = TECHNICAL_REPORT not in included[3] and rp_status is not None
    stands_in = substitutes and rp_status == "included"
    if stands_in:
        included[2].append(RESEARCH_PAPER)
        included[3].append(RESEARCH_PAPER)

    # MOT's getProgress().
    progress: dict[int, float] = {}
    for cls in (1, 2, 3):
        total = 0
        count = 0
        capped = False
        for i in range(3, cls - 1, -1):
            total += len(fw.required[i])
            count = len(included[i])
            if count < total:
                capped = i > cls
                break
        if capped:
            progress[cls] = 0.0
            continue
        if cls == 1 and tr_status != "included" and rp_status == "included":
            total -= 1
        progress[cls] = min(count / total * 100, 100.0)
    class_ = 0
    for cls in (3, 2, 1):
        if progress[cls] == 100.0:
            class_ = cls

    results: list[MofComponentResult] = []
    for comp in fw.components:
        listed = parsed.listed.get(comp.mot_id)
        unlisted = MofComponentResult(
            component_id=comp.component_id,
            mof_name=comp.name,
            mof_class=comp.mof_class,
            required=comp.required,
            listed=False,
            license=None,
            license_origin=None,
            open=False,
            type_appropriate=None,
            counted=False,
            note="not listed" if comp.required else "not listed (optional)",
        )
        if listed is None:
            if comp.mot_id == TECHNICAL_REPORT and stands_in:
                unlisted = replace(
                    unlisted, note="not listed; the research paper counts in its place"
                )
            results.append(unlisted)
            continue
        lic, origin, open_, ta, note = details[comp.mot_id]
        if comp.mot_id == RESEARCH_PAPER and stands_in:
            note += "; counts in place of the technical report in classes II and III"
        if comp.mot_id == TECHNICAL_REPORT and stands_in:
            note += "; the research paper counts in its place"
        if not comp.required:
            note += "; optional: never counts toward progress"
        results.append(
            replace(
                unlisted,
                listed=True,
                license=lic,
                license_origin=origin,
                open=open_,
                type_appropriate=ta,
                counted=comp.required and status[comp.mot_id] == "included",
                note=note,
            )
        )
    results.extend(
        MofComponentResult(
            component_id=None,
            mof_name=entry.name,
            mof_class=0,
            required=False,
            listed=True,
            license=entry.license,
            license_origin="component" if entry.license is not None else None,
            open=False,
            type_appropriate=None,
            counted=False,
            note="not a MOF component name: ignored",
        )
        for entry in parsed.unknown
    )
    return MofResult(
        class_=class_,
        label=fw.class_labels[class_],
        progress=progress,
        components=tuple(results),
        warnings=tuple(warnings),
        variant="mot" if is_open is None else "mof-normalized",
    )


def evaluate_mot(record: Mapping[str, Any]) -> MofResult:
    """Class, label and progress of a raw MOT record, exactly as MOT computes them.

    Raises `osaid.errors.ManifestError` (naming the field) for a record that is not a
    mapping, lacks a ``release`` mapping, or holds a malformed component or license name.
    """
    return _evaluate(record, None)


def evaluate_mof_normalized(
    record: Mapping[str, Any], is_open: Callable[[str], bool | None]
) -> MofResult:
    """MOT's algorithm with the license test delegated to ``is_open`` (``mof-normalized``).

    ``is_open(license)`` returns True (open), False (not open) or None (unknown: not counted,
    noted). See the module docstring for every difference from `evaluate_mot`.
    """
    return _evaluate(record, is_open)
