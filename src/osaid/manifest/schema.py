"""The JSON Schema of the manifest, generated from the models and shipped in the package."""

from __future__ import annotations

import json
from typing import Any

from osaid.manifest.model import MANIFEST_VERSION, Manifest

SCHEMA_ID = f"https://osaid.dev/schema/manifest-{MANIFEST_VERSION}.json"


def manifest_schema() -> dict[str, Any]:
    schema = Manifest.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema_text() -> str:
    return json.dumps(manifest_schema(), indent=2, ensure_ascii=False) + "\n"
