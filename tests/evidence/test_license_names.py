"""License files and license statements as real repositories name them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from osaid.evidence.legal import LegalDetector, classify_legal_file
from osaid.evidence.license_scope import LicenseRole
from osaid.evidence.license_statements import (
    _subjects,
    license_from_name,
    license_from_url,
    named_models,
)
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


# meta-llama/llama's USE_POLICY.md; openai/gpt-oss @ 7b58334's USAGE_POLICY.
@pytest.mark.parametrize("path", ["USE_POLICY.md", "USAGE_POLICY", "Acceptable_Use_Policy.pdf"])
def test_use_policies_by_name(path: str) -> None:
    assert classify_legal_file(path) is EvidenceKind.USE_POLICY


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


@pytest.mark.parametrize(
    ("sentence", "models"),
    [
        ("Qwen-72B, Qwen-14B, and Qwen-7B are licensed under X", ["qwen72b", "qwen14b", "qwen7b"]),
        ("Qwen-1.8B is licensed under Y", ["qwen18b"]),
        # mistralai/mistral-inference @ 2557e12, README.md:64-65.
        ("`codestral-22B-v0.1.tar` has a custom non-commercial license", ["codestral22b"]),
        ("`mistral-large-instruct-2407.tar` has a custom license", ["mistrallargeinstruct2407"]),
        ("The model weights are licensed under Apache-2.0", []),
    ],
)
def test_the_models_a_statement_names(sentence: str, models: list[str]) -> None:
    assert named_models(sentence) == models


def test_a_license_by_its_published_address_and_its_bracketed_abbreviation() -> None:
    assert license_from_url("https://mistral.ai/licenses/MNPL-0.1.md") == (
        "LicenseRef-Mistral-Non-Production-1.0"
    )
    assert license_from_name("Mistral AI Non-Production (MNPL) License") == (
        "LicenseRef-Mistral-Non-Production-1.0"
    )
    assert license_from_url("https://example.org/licenses/MNPL-0.1.md") is None
