"""Scripts that fine-tune the published weights are not the code that trained them."""

from __future__ import annotations

from pathlib import Path

from osaid.evaluation.system import System
from osaid.evidence.scan import system_from_release
from osaid_testkit import write_tree

CARD = """\
# Example-6B

🤗 <a href="https://huggingface.co/example/example-6b">HF Repo</a>

## License

- **License:** Apache 2.0
"""


def _release(root: Path, files: dict[str, str], card: str = CARD) -> System:
    write_tree(root, {"README.md": card, **files})
    return system_from_release(str(root))


def test_a_folder_of_fine_tuning_scripts_is_not_training_code(tmp_path: Path) -> None:
    # THUDM/ChatGLM2-6B's ptuning/: train.sh starts from the published weights; trainer.py,
    # beside it, serves it.
    system = _release(
        tmp_path / "r",
        {
            "ptuning/train.sh": "python3 main.py \\\n    --model_name_or_path example/example-6b \\\n",
            "ptuning/trainer.py": "from transformers import Trainer\nclass T(Trainer):\n    pass\n",
            "ptuning/deepspeed.json": '{"train_micro_batch_size_per_gpu": 4, "zero_optimization": {}}',
        },
    )
    assert "training-code" not in system.manifest.components
    assert "training-configuration" not in system.manifest.components
    (note,) = [n for n in system.notes if n.startswith("fine-tuning code")]
    assert "ptuning/train.sh (starts from the published weights example/example-6b)" in note
    assert "ptuning/trainer.py (in ptuning/" in note


def test_the_root_keeps_its_own_training_code(tmp_path: Path) -> None:
    system = _release(
        tmp_path / "r",
        {
            "train.py": "import deepspeed\nLR = 3e-4\n",
            "finetune.py": 'model_name_or_path: str = field(default="example/example-6b")\n',
        },
    )
    training = system.manifest.components["training-code"]
    assert training.location == "train.py"
    assert training.notes is not None and training.notes.startswith("1 file(s)")


def test_a_script_from_another_base_model_trains_the_release(tmp_path: Path) -> None:
    # tatsu-lab/stanford_alpaca's train.py starts from LLaMA: it is Alpaca's training code.
    system = _release(
        tmp_path / "r",
        {"scripts/train.py": 'MODEL_NAME = "meta-llama/Llama-2-7b-hf"\nimport deepspeed\n'},
    )
    assert system.manifest.components["training-code"].location == "scripts/train.py"
    assert not [n for n in system.notes if n.startswith("fine-tuning code")]


def test_a_folder_with_pre_training_is_not_fine_tuning(tmp_path: Path) -> None:
    system = _release(
        tmp_path / "r",
        {
            "scripts/pretrain.py": "import deepspeed\n",
            "scripts/finetune.sh": "MODEL=example/example-6b\ntorchrun train.py --model $MODEL\n",
        },
    )
    assert system.manifest.components["training-code"].location == "scripts/pretrain.py"


def test_help_text_naming_the_hub_is_not_a_model() -> None:
    from osaid.evidence.code import CodeDetector
    from osaid.sources.local import LocalTree

    root = Path(__file__).parent.parent / "data" / "repos" / "ChatGLM2-6B"
    tree = LocalTree(root)
    found = CodeDetector().detect(tree, [f for f in tree.files() if f.path.startswith("ptuning/")])
    loads = {e.path: e.data.get("loads_models") for e in found}
    # "Path to pretrained model or model identifier from huggingface.co/models"
    assert loads["ptuning/arguments.py"] is None
    assert loads["ptuning/train.sh"] == ["THUDM/chatglm2-6b"]


def test_a_fine_tuning_folder_given_a_model_path_is_not_training_code(tmp_path: Path) -> None:
    # 01-ai/Yi @ f73194c: finetune/scripts/run_sft_Yi_6b.sh takes `--model_name_or_path
    # /base_model`; a generation demo imports deepspeed to run the model.
    system = _release(
        tmp_path / "r",
        {
            "finetune/scripts/run_sft.sh": "deepspeed main.py \\\n    --model_name_or_path /base_model\n",
            "finetune/sft/main.py": "import deepspeed\n",
            "demo/text_generation_tp.py": "import deepspeed\n",
        },
        card="# Yi\n",
    )
    assert "training-code" not in system.manifest.components
    (note,) = [n for n in system.notes if n.startswith("fine-tuning code")]
    assert "finetune/sft/main.py (in finetune/, whose finetune/scripts/run_sft.sh" in note


def test_a_fine_tuning_folder_that_pre_trains_keeps_its_training_code(tmp_path: Path) -> None:
    system = _release(
        tmp_path / "r",
        {
            "finetune/run.sh": "torchrun pretrain.py --model_name_or_path /init\n",
            "finetune/pretrain.py": "import deepspeed\n",
        },
        card="# M\n",
    )
    assert system.manifest.components["training-code"].location == "finetune/pretrain.py"
