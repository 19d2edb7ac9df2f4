"""License files and license statements as real repositories name them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from osaid.evidence.legal import LegalDetector, classify_legal_file
from osaid.evidence.license_scope import LicenseRole
from osaid.evidence.license_statements import _subjects
from osaid.sources.evidence import EvidenceKind
from osaid.sources.local import LocalTree


@pytest.mark.parametrize(
    "path",
    [
        "LICENSE",
        "MODEL_LICENSE",
        "LICENSE-APACHE",
        "licenses/MIT.txt",
        # QwenLM/Qwen @ 2df8e8a: the model agreements' file names have spaces.
        "Tongyi Qianwen LICENSE AGREEMENT",
        "Tongyi Qianwen RESEARCH LICENSE AGREEMENT",
    ],
)
def test_license_files_by_name(path: str) -> None:
    assert classify_legal_file(path) is EvidenceKind.LICENSE_FILE


@pytest.mark.parametrize("path", ["license_check.py", "docs/licensing.html", "README.md"])
def test_not_license_files(path: str) -> None:
    assert classify_legal_file(path) is None


@pytest.mark.parametrize(
    "clause",
    [
        # QwenLM/Qwen README.md:1396 and 1398: models named by their size.
        "Qwen-72B, Qwen-14B, and Qwen-7B are licensed under the Tongyi Qianwen LICENSE AGREEMENT",
        "Qwen-1.8B is licensed under the Tongyi Qianwen RESEARCH LICENSE AGREEMENT",
        "Llama-2-7b-chat is released under the Llama 2 Community License",
    ],
)
def test_a_model_named_by_its_size_is_the_parameters(clause: str) -> None:
    assert LicenseRole.PARAMETERS in _subjects(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "The source code is licensed under the Apache 2.0 License",
        "Files of 500MB are licensed under the repository's license",
    ],
)
def test_sizes_of_other_things_are_not_a_model(clause: str) -> None:
    assert LicenseRole.PARAMETERS not in _subjects(clause)


QWEN = Path(__file__).resolve().parents[1] / "data" / "repos" / "Qwen"
AGREEMENT = "Tongyi Qianwen LICENSE AGREEMENT"


def _roles(root: Path) -> dict[str, str]:
    tree = LocalTree(root)
    found = LegalDetector().detect(tree, tree.files())
    return {e.path: e.data["applies_to"] for e in found}


def test_a_model_license_beside_the_release_license_is_the_models(tmp_path: Path) -> None:
    shutil.copy(QWEN / "LICENSE", tmp_path / "LICENSE")
    shutil.copy(QWEN / AGREEMENT, tmp_path / AGREEMENT)
    assert _roles(tmp_path) == {"LICENSE": "release", AGREEMENT: "parameters"}


def test_a_model_license_alone_is_the_releases(tmp_path: Path) -> None:
    shutil.copy(QWEN / AGREEMENT, tmp_path / "LICENSE")
    assert _roles(tmp_path) == {"LICENSE": "release"}


def test_a_model_license_in_another_folder_keeps_its_role(tmp_path: Path) -> None:
    shutil.copy(QWEN / "LICENSE", tmp_path / "LICENSE")
    (tmp_path / "vendor").mkdir()
    shutil.copy(QWEN / AGREEMENT, tmp_path / "vendor" / "LICENSE")
    assert _roles(tmp_path) == {"LICENSE": "release", "vendor/LICENSE": "release"}
