"""SPDX 3.0.1 JSON-LD with the AI and Dataset profiles (docs/formats.md#spdx-3).

Built with `spdx-python-model`, the SPDX project's bindings generated from the 3.0.1 SHACL
model, which checks every property as it is set and serialises offline.

* the system is an `ai_AIPackage`; each released component is a `software_Package` it
  `contains`; each training-data entry is a `dataset_DatasetPackage` it is `trainedOn`;
  each base or teacher model is an `ai_AIPackage` it is a `descendantOf`;
* licenses are `hasDeclaredLicense` / `hasConcludedLicense` relationships to
  `simplelicensing_LicenseExpression` elements (one per distinct expression; LicenseRef-
  ids are mapped to their URLs with `customIdToUri`). SPDX 3.0.1 requires the full text on
  every `ListedLicense` and `CustomLicense`, which osaid does not carry, so it does not use
  them. NONE and unreadable licenses point to SPDX's `NoneLicense` / `NoAssertionLicense`;
* each definition's verdict is an `Annotation` of type `review` on the AI package.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TypeVar

from spdx_python_model import v3_0_1 as spdx

from osaid.components import component_catalog
from osaid.evaluation.evaluate import Report
from osaid.formats import _common as c
from osaid.manifest.model import Availability, Component
from osaid.sources.evidence import EvidenceKind

T = TypeVar("T", bound=spdx.SHACLObject)

SPEC_VERSION = "3.0.1"
_NO_ASSERTION = "https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense"
_NONE = "https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoneLicense"
_URL_REF_TYPES = {
    "repository": spdx.ExternalRefType.vcs,
    "github": spdx.ExternalRefType.vcs,
    "paper": spdx.ExternalRefType.documentation,
    "documentation": spdx.ExternalRefType.documentation,
    "docs": spdx.ExternalRefType.documentation,
    "model-card": spdx.ExternalRefType.documentation,
    "huggingface": spdx.ExternalRefType.altDownloadLocation,
}


def _purpose(component: str) -> str:
    info = component_catalog().components.get(component)
    if info is None:
        return spdx.software_SoftwarePurpose.other
    if info.element == "parameters":
        return spdx.software_SoftwarePurpose.model
    return {
        "code": spdx.software_SoftwarePurpose.source,
        "data": spdx.software_SoftwarePurpose.data,
        "document": spdx.software_SoftwarePurpose.documentation,
    }.get(info.content_type, spdx.software_SoftwarePurpose.other)


def _new(cls: type[T], **properties: Any) -> T:
    """An SPDX object with the properties that have a value (the bindings reject None)."""
    return cls(**{k: v for k, v in properties.items() if v is not None and v != []})


def _is_url(text: str | None) -> bool:
    return bool(text) and str(text).startswith(("https://", "http://"))


class _Builder:
    def __init__(self, report: Report) -> None:
        self.report = report
        name = report.system.manifest.system.name
        self.base = f"https://spdx.org/spdxdocs/osaid-{c.slug(name)}-{c.system_uuid(report)}"
        self.elements: list[spdx.Element] = []
        self.licenses: dict[str, str] = {}
        self.relationships = 0
        self.profiles = [
            spdx.ProfileIdentifierType.core,
            spdx.ProfileIdentifierType.software,
            spdx.ProfileIdentifierType.ai,
            spdx.ProfileIdentifierType.simpleLicensing,
        ]
        self.agent = spdx.SoftwareAgent(spdxId=self._id("agent/osaid"), name="osaid")
        self.tool = _new(
            spdx.Tool,
            spdxId=self._id("tool/osaid"),
            name=f"osaid {c.osaid_version(report)}".strip(),
        )
        versions = ", ".join(f"{k} {v}" for k, v in report.data_versions.items())
        self.info = _new(
            spdx.CreationInfo,
            specVersion=SPEC_VERSION,
            created=datetime.strptime(c.created(report), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC),
            createdBy=[self.agent],
            createdUsing=[self.tool],
            comment=(
                "Created is the system's release date, not the time osaid ran, so that the "
                f"same input gives the same document. osaid data: {versions}."
            ),
        )
        self.agent.creationInfo = self.info
        self.tool.creationInfo = self.info
        self.elements += [self.agent, self.tool]

    def _id(self, local: str) -> str:
        return f"{self.base}/{local}"

    def add(self, element: spdx.Element) -> spdx.Element:
        element.creationInfo = self.info
        self.elements.append(element)
        return element

    def relate(
        self,
        source: spdx.Element,
        kind: str,
        targets: Iterable[spdx.Element | str],
        comment: str | None = None,
    ) -> None:
        to = list(targets)
        if not to:
            return
        self.relationships += 1
        self.add(
            _new(
                spdx.Relationship,
                spdxId=self._id(f"relationship/{self.relationships}"),
                from_=source,
                relationshipType=kind,
                to=to,
                comment=comment,
            )
        )

    def license(self, text: str | None) -> str | None:
        """The id of the license element for `text` (None when there is no license)."""
        info = c.license_info(text)
        if info is None:
            return None
        if info.special == "NONE":
            return self._expanded(_NONE)
        if info.expression is None or info.special is not None:
            return self._expanded(_NO_ASSERTION)
        existing = self.licenses.get(info.expression)
        if existing is not None:
            return existing
        spdx_id = self._id(f"license/{len(self.licenses) + 1}")
        custom = [spdx.DictionaryEntry(key=ref.id, value=ref.url) for ref in info.custom if ref.url]
        names = [ref.name for ref in info.custom]
        self.add(
            _new(
                spdx.simplelicensing_LicenseExpression,
                spdxId=spdx_id,
                name="; ".join(names) if names else None,
                simplelicensing_licenseExpression=info.expression,
                simplelicensing_licenseListVersion=c.license_list_version(self.report),
                simplelicensing_customIdToUri=custom,
            )
        )
        self.licenses[info.expression] = spdx_id
        return spdx_id

    def _expanded(self, iri: str) -> str:
        if spdx.ProfileIdentifierType.expandedLicensing not in self.profiles:
            self.profiles.append(spdx.ProfileIdentifierType.expandedLicensing)
        return iri

    def licensed(self, element: spdx.Element, declared: str | None, concluded: str | None) -> None:
        for kind, text in (
            (spdx.RelationshipType.hasDeclaredLicense, declared),
            (spdx.RelationshipType.hasConcludedLicense, concluded),
        ):
            target = self.license(text)
            if target is None or text is None:
                continue
            info = c.license_info(text)
            comment = None
            if info is not None and info.expression != text.strip():
                comment = f"as written: {text.strip()}"
            self.relate(element, kind, [target], comment)


def _training_information(report: Report) -> str | None:
    m = report.system.manifest
    lines = []
    for data in m.training_data:
        facts = [f"{data.kind.value} data"] + ([data.stage] if data.stage else [])
        line = f"{data.name} ({', '.join(facts)})"
        if data.description:
            line += f": {data.description}"
        lines.append(line)
    description = m.components.get("data-description")
    if description is not None and description.notes:
        lines.append(description.notes)
    return "\n".join(lines) or None


def _preprocessing(report: Report) -> list[str]:
    entry = report.system.manifest.components.get("data-preprocessing-code")
    if entry is None or entry.status is not Availability.RELEASED:
        return []
    text = entry.notes or "Data preprocessing code is released"
    return [f"{text} ({entry.location})" if entry.location else text]


def _metrics(report: Report) -> list[spdx.DictionaryEntry]:
    seen: dict[str, str] = {}
    for e in report.system.evidence:
        if e.kind is not EvidenceKind.EVAL_RESULTS or e.data.get("value") is None:
            continue
        metric = e.data.get("metric_name") or e.data.get("metric") or "metric"
        dataset = e.data.get("dataset_name") or e.data.get("dataset")
        key = f"{metric} ({dataset})" if dataset else str(metric)
        seen.setdefault(key, str(e.data["value"]))
    return [spdx.DictionaryEntry(key=k, value=v) for k, v in seen.items()]


def _component_package(b: _Builder, cid: str, entry: Component) -> spdx.software_Package:
    info = component_catalog().components.get(cid)
    name = info.name if info else cid
    location = entry.location
    comment = f"osaid component: {cid}"
    if location and not _is_url(location):
        comment += f"; location: {location}"
    package = _new(
        spdx.software_Package,
        spdxId=b._id(f"component/{cid}"),
        name=f"{b.report.system.name}: {name}",
        description=entry.notes,
        software_primaryPurpose=_purpose(cid),
        software_downloadLocation=location if _is_url(location) else None,
        comment=comment,
        externalRef=[
            _new(spdx.ExternalRef, externalRefType=spdx.ExternalRefType.other, locator=[url])
            for url in entry.all_sources()
            if _is_url(url)
        ],
    )
    b.add(package)
    view = b.report.system.component(cid)
    concluded = b.report.system.license_of(view)[0] if view is not None else entry.license
    b.licensed(package, entry.license, concluded)
    return package


def build(report: Report) -> dict[str, object]:
    """The SPDX 3.0.1 document as JSON-LD data."""
    b = _Builder(report)
    m = report.system.manifest
    ident = m.system
    supplier = None
    if ident.producer is not None:
        supplier = b.add(
            _new(
                spdx.Organization,
                spdxId=b._id("agent/producer"),
                name=ident.producer.name,
                externalRef=[
                    _new(
                        spdx.ExternalRef,
                        externalRefType=spdx.ExternalRefType.altWebPage,
                        locator=[ident.producer.url],
                    )
                ]
                if ident.producer.url
                else [],
            )
        )
    urls = dict(sorted(ident.urls.items()))
    download = urls.get("huggingface") or urls.get("repository")
    homepage = urls.get("homepage") or urls.get("repository")
    release = c.created(report) if ident.release_date else None
    model = _new(
        spdx.ai_AIPackage,
        spdxId=b._id("ai-package"),
        name=ident.name,
        software_packageVersion=ident.version,
        description=ident.description,
        software_primaryPurpose=spdx.software_SoftwarePurpose.model,
        software_downloadLocation=download if _is_url(download) else None,
        software_homePage=homepage if _is_url(homepage) else None,
        releaseTime=datetime.strptime(release, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        if release
        else None,
        suppliedBy=supplier,
        externalRef=[
            _new(
                spdx.ExternalRef,
                externalRefType=_URL_REF_TYPES.get(key, spdx.ExternalRefType.other),
                locator=[url],
                comment=key,
            )
            for key, url in urls.items()
            if _is_url(url)
        ],
        ai_typeOfModel=[ident.architecture] if ident.architecture else [],
        ai_domain=[ident.modality] if ident.modality else [],
        ai_informationAboutTraining=_training_information(report),
        ai_modelDataPreprocessing=_preprocessing(report),
        ai_metric=_metrics(report),
        comment=m.notes,
    )
    b.add(model)
    b.licensed(model, m.license, m.license)

    components = [
        _component_package(b, cid, entry)
        for cid, entry in m.components.items()
        if entry.status is Availability.RELEASED
    ]
    b.relate(model, spdx.RelationshipType.contains, components)

    datasets = []
    for i, entry in enumerate(m.training_data, 1):
        facts = [f"OSAID data kind: {entry.kind.value}"]
        if entry.stage:
            facts.append(f"stage: {entry.stage}")
        if entry.location and not _is_url(entry.location):
            facts.append(f"location: {entry.location}")
        dataset = _new(
            spdx.dataset_DatasetPackage,
            spdxId=b._id(f"dataset/{i}"),
            name=entry.name,
            description=entry.description,
            software_primaryPurpose=spdx.software_SoftwarePurpose.data,
            software_downloadLocation=entry.location if _is_url(entry.location) else None,
            dataset_datasetType=[spdx.dataset_DatasetType.noAssertion],
            comment="; ".join(facts),
        )
        b.add(dataset)
        b.licensed(dataset, entry.license, entry.license)
        datasets.append(dataset)
    if datasets:
        b.profiles.append(spdx.ProfileIdentifierType.dataset)
    b.relate(model, spdx.RelationshipType.trainedOn, datasets)

    for i, (role, ref) in enumerate(
        [("base model", r) for r in m.lineage.base_models]
        + [("teacher", r) for r in m.lineage.teachers],
        1,
    ):
        ancestor = b.add(
            _new(
                spdx.ai_AIPackage,
                spdxId=b._id(f"lineage/{i}"),
                name=ref.ref,
                software_primaryPurpose=spdx.software_SoftwarePurpose.model,
                comment=f"{role} ({ref.relation.value}) as referenced in the manifest",
            )
        )
        b.relate(
            model, spdx.RelationshipType.descendantOf, [ancestor], f"{role}: {ref.relation.value}"
        )

    for result in report.results:
        b.add(
            _new(
                spdx.Annotation,
                spdxId=b._id(f"verdict/{result.definition}"),
                annotationType=spdx.AnnotationType.review,
                subject=model,
                contentType="text/plain",
                statement="osaid verdict\n" + "\n".join(c.summary_lines(result)),
            )
        )

    document = _new(
        spdx.SpdxDocument,
        spdxId=b._id("document"),
        name=f"osaid report: {ident.name}",
        creationInfo=b.info,
        rootElement=[model],
        element=list(b.elements),
        profileConformance=b.profiles,
        comment=(
            "Generated by osaid from the system's manifest and evidence. Each Annotation of "
            "type review on the AI package records the verdict of one definition."
        ),
    )
    objects = spdx.SHACLObjectSet([document, *b.elements])
    document_data: dict[str, object] = spdx.JSONLDSerializer().serialize_data(
        objects, force_at_graph=True
    )
    return document_data


def render_spdx3(report: Report) -> str:
    return json.dumps(build(report), indent=2, ensure_ascii=False) + "\n"
