"""What the model card says of the code's license, for code that no license file covers."""

from __future__ import annotations

from pathlib import Path

from osaid.evaluation.system import System
from osaid.evidence.scan import system_from_release
from osaid_testkit import license_text, write_tree

_CODE = {
    "train.py": "import torch\nimport deepspeed\n",
    "api.py": "from transformers import AutoModel\nmodel = AutoModel.from_pretrained('x')\n",
}


def _release(root: Path, readme: str, **extra: str) -> System:
    write_tree(root, {"README.md": readme, **_CODE, **extra})
    return system_from_release(str(root))


def test_statement_licenses_the_code_and_is_cited(tmp_path: Path) -> None:
    # THUDM/ChatGLM2-6B's wording, in a tree with no LICENSE file.
    system = _release(
        tmp_path / "r",
        "# M\n\n## License\n\nThe code of this repository is licensed under "
        "[Apache-2.0](https://www.apache.org/licenses/LICENSE-2.0). The use of the model "
        "weights is subject to the [Model License](MODEL_LICENSE).\n",
    )
    training = system.manifest.components["training-code"]
    assert training.license == "Apache-2.0"
    assert training.sources == ["README.md:5"]
    assert system.manifest.license is None  # the statement is about the code only


def test_a_license_file_outranks_the_statement(tmp_path: Path) -> None:
    system = _release(
        tmp_path / "r",
        "# M\n\nAll code in this repository is licensed under the MIT License.\n",
        LICENSE=license_text("apache-2.0"),
    )
    training = system.manifest.components["training-code"]
    assert (training.license or system.manifest.license) == "Apache-2.0"
    assert not training.sources


def test_credit_to_other_code_is_not_the_code_license(tmp_path: Path) -> None:
    # EleutherAI/gpt-neox's README credits the code it started from.
    system = _release(
        tmp_path / "r",
        "# M\n\nThis repository is based off code written by NVIDIA that is licensed under "
        "the Apache License, Version 2.0.\n",
    )
    assert system.manifest.components["training-code"].license is None


def test_statements_that_disagree_are_candidates(tmp_path: Path) -> None:
    system = _release(
        tmp_path / "r",
        "# M\n\nThe code is licensed under the MIT License.\n\n"
        "The source code is released under the Apache License 2.0.\n",
    )
    training = system.manifest.components["training-code"]
    assert training.license == "NOASSERTION"
    assert set(training.license_candidates) == {"MIT", "Apache-2.0"}


def test_only_the_root_card_speaks_for_the_code(tmp_path: Path) -> None:
    system = _release(
        tmp_path / "r",
        "# M\n\nSee the docs.\n",
        **{"docs/README.md": "The code is licensed under the MIT License.\n"},
    )
    assert system.manifest.components["training-code"].license is None
