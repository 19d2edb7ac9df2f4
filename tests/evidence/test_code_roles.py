"""Code roles that a file's generic name alone does not settle."""

from __future__ import annotations

from pathlib import Path

import pytest

from osaid.evidence.code import CodeDetector
from osaid.sources.local import LocalTree

QWEN = Path(__file__).resolve().parents[1] / "data" / "repos" / "Qwen"


def _roles(root: Path) -> dict[str, set[str]]:
    tree = LocalTree(root)
    out: dict[str, set[str]] = {}
    for e in CodeDetector().detect(tree, tree.files()):
        if e.component:
            out.setdefault(e.path, set()).add(e.component)
    return out


def test_a_converter_named_like_a_model_is_not_the_architecture(tmp_path: Path) -> None:
    # QwenLM/Qwen @ 2df8e8a: converts a Hugging Face model for the fastllm runtime.
    src = QWEN / "dcu-support" / "package" / "fastllm_pytools" / "hf_model.py"
    (tmp_path / "hf_model.py").write_bytes(src.read_bytes())
    assert "model-architecture" not in _roles(tmp_path).get("hf_model.py", set())


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("model.py", "import torch.nn as nn\n\n\nclass GPT(nn.Module):\n    pass\n"),
        ("layers.py", "from torch import nn\n\nclass MLPBlock(nn.Module):\n    pass\n"),
        ("hf_model.py", "class QWenLMHeadModel(QWenPreTrainedModel):\n    pass\n"),
        ("models/vit.py", "import flax.linen as nn\n\nclass ViT(nn.Module):\n    pass\n"),
        # google-research/bert @ eedf571: TensorFlow 1 graph code.
        ("modeling.py", "class BertConfig(object):\n    pass\n\n\nclass BertModel(object):\n"),
        # Found by name alone: a Hugging Face modeling or configuration file.
        ("modeling_qwen.py", "# no class in the first bytes\n"),
    ],
)
def test_a_file_that_defines_a_network_is_the_architecture(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    assert "model-architecture" in _roles(tmp_path).get(name, set())


BERT = Path(__file__).resolve().parents[1] / "data" / "repos" / "bert"


def test_bert_roles_by_name() -> None:
    # google-research/bert @ eedf571: a test beside the model is a test; run_pretraining.py
    # trains; create_pretraining_data.py prepares the data.
    roles = _roles(BERT)
    assert roles["modeling_test.py"] == {"validation-code"}
    assert roles["modeling.py"] == {"model-architecture"}
    assert "training-code" in roles["run_pretraining.py"]
    assert "data-preprocessing-code" in roles["create_pretraining_data.py"]
