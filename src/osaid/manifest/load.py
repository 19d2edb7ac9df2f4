"""Read a manifest or a Model Openness Tool record from a file into a `System`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from osaid._yaml import YamlDocument, load_yaml, load_yaml_file
from osaid.components import component_catalog
from osaid.errors import ManifestError
from osaid.evaluation.system import System
from osaid.manifest.model import Manifest

__all__ = ["load_system", "system_from_document", "validate_manifest"]


def _first_error(
    doc: YamlDocument, exc: ValidationError, prefix: tuple[str | int, ...] = ()
) -> ManifestError:
    err = exc.errors(include_url=False)[0]
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    path = (*prefix, *loc)
    field = ".".join(str(p) for p in path) or None
    kind = err["type"]
    if kind == "extra_forbidden":
        message = "unknown field"
    elif kind == "missing":
        message = "required field is missing"
    else:
        message = err["msg"]
        if "input" in err and kind not in ("model_type", "dict_type"):
            shown = repr(err["input"])
            message += f" (got {shown[:60]}{'…' if len(shown) > 60 else ''})"
    return ManifestError(message, file=doc.file, line=doc.line_of(path), field=field)


def validate_manifest(doc: YamlDocument) -> Manifest:
    """Validate an osaid manifest document, naming file, line and field on failure."""
    data = doc.data
    if not isinstance(data, dict):
        raise ManifestError("expected a mapping at the top level", file=doc.file, line=1)
    components = data.get("components")
    if isinstance(components, dict):
        canonical: dict[Any, Any] = {}
        catalog = component_catalog()
        for key, value in components.items():
            ids = catalog.resolve(str(key)) if isinstance(key, str) else ()
            if len(ids) != 1:
                hint = "ambiguous component name" if ids else "unknown component"
                raise ManifestError(
                    f"{hint} {key!r} (see `osaid components list`)",
                    file=doc.file,
                    line=doc.line_of(("components", key)),
                    field=f"components.{key}",
                )
            if ids[0] in canonical:
                raise ManifestError(
                    f"component {ids[0]!r} is given twice",
                    file=doc.file,
                    line=doc.line_of(("components", key)),
                    field=f"components.{key}",
                )
            canonical[ids[0]] = value
        data = {**data, "components": canonical}
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        raise _first_error(doc, exc) from None


def system_from_document(doc: YamlDocument, *, origin: str, base_dir: Path | None) -> System:
    data = doc.data
    if isinstance(data, dict) and "osaid_manifest" in data:
        return System(validate_manifest(doc), origin=origin, base_dir=base_dir)
    if isinstance(data, dict) and "release" in data and "framework" in data:
        from osaid.manifest.mot import system_from_mot_record

        return system_from_mot_record(doc, origin=origin, base_dir=base_dir)
    from osaid.manifest.osai_index import is_index_record

    if is_index_record(data):
        from osaid.manifest.osai_index import system_from_index_record

        return system_from_index_record(doc, origin=origin, base_dir=base_dir)
    raise ManifestError(
        "not an osaid manifest (no 'osaid_manifest: 1'), a Model Openness Tool record "
        "(no 'framework' and 'release') nor an Open Source AI Index record (no 'org' and "
        "openness dimensions)",
        file=doc.file,
        line=1,
    )


def load_system(path: Path) -> System:
    """Read a manifest or MOT record file."""
    doc = load_yaml_file(path)
    return system_from_document(doc, origin=str(path), base_dir=path.parent)


def load_system_text(text: str, *, name: str) -> System:
    return system_from_document(load_yaml(text, file=name), origin=name, base_dir=None)
