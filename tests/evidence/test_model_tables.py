"""Cards that list several models: which link is the release's weights, and whose terms apply."""

from __future__ import annotations

from pathlib import Path

from osaid.evaluation.evaluate import Evaluator
from osaid.evaluation.result import Outcome
from osaid.evidence.card import parse_card
from osaid.evidence.card_evidence import CardDetector
from osaid.evidence.links import extract_links
from osaid.evidence.scan import system_from_release
from osaid.sources.evidence import EvidenceKind
from osaid.sources.local import LocalTree
from osaid_testkit import license_text, write_tree

# The shape of deepseek-ai/DeepSeek-R1's README (its model tables and License section).
CARD = """\
# Example-R1

## Model Downloads

| **Model** | **#Total Params** | **Download** |
| :---: | :---: | :---: |
| Example-R1-Zero | 671B | [🤗 HuggingFace](https://huggingface.co/example/Example-R1-Zero) |
| Example-R1 | 671B | [🤗 HuggingFace](https://huggingface.co/example/Example-R1) |

| **Model** | **Base Model** | **Download** |
| :---: | :---: | :---: |
| Example-R1-Distill-Llama-8B | [Llama-3.1-8B](https://huggingface.co/meta-llama/Llama-3.1-8B) | [🤗 HuggingFace](https://huggingface.co/example/Example-R1-Distill-Llama-8B) |

## License

This code repository and the model weights are licensed under the [MIT License](LICENSE).
- Example-R1-Distill-Llama-8B is derived from Llama3.1-8B-Base and is originally licensed under [Llama3.1 license](https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/LICENSE).
"""


def test_column_header_of_a_cell() -> None:
    card = parse_card(CARD)
    row = next(n for n, line in enumerate(card.lines, 1) if "Distill-Llama-8B |" in line)
    line = card.lines[row - 1]
    assert card.column_header(row, line.index("[Llama")) == "**Base Model**"
    assert card.column_header(row, line.index("[🤗")) == "**Download**"
    assert card.column_header(1, 0) is None  # not a table row


def test_namesake_weights_and_their_own_terms(tmp_path: Path) -> None:
    root = tmp_path / "Example-R1"
    root.mkdir()
    (root / "README.md").write_text(CARD, encoding="utf-8")
    (root / "LICENSE").write_text(license_text("mit"), encoding="utf-8")
    system = system_from_release(str(root))
    final = system.manifest.components["model-parameters-final"]
    # The model the release is named after, not the first row of the table.
    assert final.location == "https://huggingface.co/example/Example-R1"
    # The Llama terms are those of the distilled model the sentence names.
    assert final.license == "MIT"
    links = [e.data["url"] for e in system.evidence if e.kind.value == "parameters-link"]
    assert "https://huggingface.co/meta-llama/Llama-3.1-8B" not in links  # a base model
    assert "https://huggingface.co/example/Example-R1-Distill-Llama-8B" in links


# LLM360/amber-train's README: the model card template's License field, and a sentence about
# the checkpoints wrapped over two lines.
AMBER = """\
# Amber

🤗 <a href="https://huggingface.co/example/Amber">[Amber Download]</a>

## About

As the first step of the project, we release all intermediate
model checkpoints, our fully-prepared pre-training dataset and all source code.

## Model Description

- **Model type:** Language model
- **License:** Apache 2.0
"""


def test_model_description_license_field_and_wrapped_checkpoints(tmp_path: Path) -> None:
    root = tmp_path / "Amber"
    root.mkdir()
    (root / "README.md").write_text(AMBER, encoding="utf-8")
    system = system_from_release(str(root))
    final = system.manifest.components["model-parameters-final"]
    assert final.license == "Apache-2.0"
    assert final.notes is not None and "README.md:13" in final.notes
    intermediate = system.manifest.components["model-parameters-intermediate"]
    assert intermediate.location == "https://huggingface.co/example/Amber"
    assert intermediate.source == "README.md:7"


def test_a_license_field_outside_the_model_description_names_no_part(tmp_path: Path) -> None:
    root = tmp_path / "Other"
    root.mkdir()
    text = AMBER.replace("## Model Description", "## Dataset Description").replace(
        "we release all intermediate\nmodel checkpoints",
        "we will release all intermediate\nmodel checkpoints",
    )
    (root / "README.md").write_text(text, encoding="utf-8")
    system = system_from_release(str(root))
    assert system.manifest.components["model-parameters-final"].license == "NOASSERTION"
    assert "model-parameters-intermediate" not in system.manifest.components


def test_hub_short_links_and_a_pretrained_models_section(tmp_path: Path) -> None:
    (link,) = extract_links(["- [SmolLM3](https://hf.co/HuggingFaceTB/SmolLM3-3B)"])
    assert link.url == "https://huggingface.co/HuggingFaceTB/SmolLM3-3B"
    listed = "# Smol\n\n### Pretrained Models\n- [SmolVLM Model](https://hf.co/example/SmolVLM)\n"
    other = listed.replace("Pretrained Models", "Related work")
    assert _linked_weights(tmp_path / "a", listed) == ["https://huggingface.co/example/SmolVLM"]
    assert _linked_weights(tmp_path / "b", other) == []


def _linked_weights(root: Path, card: str) -> list[str]:
    root.mkdir()
    (root / "README.md").write_text(card, encoding="utf-8")
    tree = LocalTree(root)
    found = CardDetector().detect(tree, tree.files())
    return [str(e.data["url"]) for e in found if e.kind is EvidenceKind.PARAMETERS_LINK]


def test_open_weight_is_a_kind_and_download_on_the_hub_is_a_place(tmp_path: Path) -> None:
    # openai/gpt-oss @ 7b58334's README.
    card = (
        '# gpt-oss\n\n<strong>Download <a href="https://huggingface.co/openai/gpt-oss-120b">'
        "gpt-oss-120b</a> on Hugging Face</strong>\n\n"
        "Welcome to the gpt-oss series, [OpenAI's open-weight models](https://openai.com/open-models/).\n\n"
        "First download the base model [Base-7B](https://huggingface.co/example/Base-7B).\n"
    )
    assert _linked_weights(tmp_path / "r", card) == ["https://huggingface.co/openai/gpt-oss-120b"]


def test_weights_available_via_a_link_and_steps_on_a_dataset(tmp_path: Path) -> None:
    # CompVis/stable-diffusion @ 21f890f's README.
    root = tmp_path / "sd"
    root.mkdir()
    (root / "README.md").write_text(
        "# Stable Diffusion\n\n## Weights\n\nThe weights are available via [the CompVis "
        "organization at Hugging Face](https://huggingface.co/CompVis) under [a license](LICENSE)."
        "\n\n- `sd-v1-1.ckpt`: 237k steps at resolution `256x256` on "
        "[laion2B-en](https://huggingface.co/datasets/laion/laion2B-en).\n",
        encoding="utf-8",
    )
    (root / "main.py").write_text("import lightning\n", encoding="utf-8")
    (root / "scripts").mkdir()
    (root / "scripts" / "train_searcher.py").write_text("import numpy\n", encoding="utf-8")
    system = system_from_release(str(root))
    components = system.manifest.components
    assert components["model-parameters-final"].location == "https://huggingface.co/CompVis"
    assert [d.name for d in system.manifest.training_data] == ["laion/laion2B-en"]
    # main.py is the entry point of the training, before a script named for another one
    assert components["training-code"].location == "main.py"


def test_weights_files_linked_in_the_card_and_named_in_the_code(tmp_path: Path) -> None:
    # facebookresearch/segment-anything links .pth checkpoints; openai/whisper's code names
    # its own; a perceptual loss downloads another network's weights.
    sam = write_tree(
        tmp_path / "sam",
        {
            "README.md": "# Segment Anything\n\n- `vit_h`: [ViT-H SAM model.]"
            "(https://dl.fbaipublicfiles.com/segment_anything/sam_vit_h_4b8939.pth)\n",
        },
    )
    final = system_from_release(str(sam)).manifest.components["model-parameters-final"]
    assert final.location == "https://dl.fbaipublicfiles.com/segment_anything/sam_vit_h_4b8939.pth"
    code = '_MODELS = {\n    "tiny": "https://example.net/main/NAME/models/tiny.pt",\n}\n'
    whisper = write_tree(
        tmp_path / "whisper",
        {
            "README.md": "# Whisper\n\nSpeech recognition.\n",
            "whisper/__init__.py": code.replace("NAME", "whisper"),
        },
    )
    final = system_from_release(str(whisper)).manifest.components["model-parameters-final"]
    assert final.location == "https://example.net/main/whisper/models/tiny.pt"
    assert final.source == "whisper/__init__.py"
    other = write_tree(
        tmp_path / "other",
        {
            "README.md": "# Whisper\n\nSpeech recognition.\n",
            "losses/lpips.py": code.replace("NAME", "vgg"),
        },
    )
    assert "model-parameters-final" not in system_from_release(str(other)).manifest.components


def test_a_paper_labelled_for_another_release_is_cited(tmp_path: Path) -> None:
    # facebookresearch/segment-anything's note about SAM 2.
    root = write_tree(
        tmp_path / "r",
        {
            "README.md": "## Latest updates\n\n* SAM 2 paper: https://arxiv.org/abs/2408.00714\n\n"
            "# Segment Anything\n\n* Paper: https://arxiv.org/abs/2304.02643\n"
            "* Read our paper: https://arxiv.org/abs/2304.02644\n"
        },
    )
    papers = {
        e.data["arxiv"]: e.component
        for e in system_from_release(str(root)).evidence
        if e.kind is EvidenceKind.PAPER
    }
    assert papers == {
        "2408.00714": None,
        "2304.02643": "research-paper",
        "2304.02644": "research-paper",
    }


def test_archives_listed_under_pre_trained_models(tmp_path: Path) -> None:
    # google-research/bert @ eedf571: the checkpoints are .zip archives.
    card = (
        "# BERT\n\nSee [the data](https://example.org/corpus.zip).\n\n## Pre-trained models\n\n"
        "*   **[`BERT-Base, Uncased`](https://storage.googleapis.com/bert_models/uncased.zip)**\n"
    )
    assert _linked_weights(tmp_path / "r", card) == [
        "https://storage.googleapis.com/bert_models/uncased.zip"
    ]


def test_a_folder_of_checkpoints_listed_under_released_model_checkpoints(tmp_path: Path) -> None:
    # google-research/text-to-text-transfer-transformer @ e081111's README.
    folder = "https://console.cloud.google.com/storage/browser/t5-data/pretrained_models/small/"
    listed = (
        "# T5\n\n## Usage\n\nSee [the bucket](https://console.cloud.google.com/storage/browser/t5-data/)."
        f"\n\n## Released Model Checkpoints\n\n* **T5-Small**: [gs://t5-data/pretrained_models/small]({folder})\n"
    )
    assert _linked_weights(tmp_path / "r", listed) == [folder]


def test_a_license_document_osaid_does_not_know_is_read_not_dropped(tmp_path: Path) -> None:
    # baichuan-inc/Baichuan2 @ ed1cf0f: the weights need Apache-2.0 and a community license
    # published as a PDF on the Hub.
    pdf = "https://huggingface.co/baichuan-inc/Baichuan2-7B-Base/resolve/main/community.pdf"
    root = write_tree(
        tmp_path / "Baichuan2",
        {
            "README.md": "# Baichuan 2\n\n🤗 [Baichuan2-7B-Base](https://huggingface.co/baichuan-inc/"
            "Baichuan2-7B-Base)\n\n## 协议\n\n社区使用 Baichuan 2 模型需要遵循 [Apache 2.0](LICENSE) "
            f"和[《Baichuan 2 模型社区许可协议》]({pdf})。\n",
            "LICENSE": license_text("apache-2.0"),
        },
    )
    system = system_from_release(str(root))
    final = system.manifest.components["model-parameters-final"]
    assert final.license == "Apache-2.0"
    assert final.license_unidentified == [pdf]
    result = Evaluator().evaluate(system, ["osaid-1.0"]).results[0]
    by_id = {r.id: r for r in result.requirements}
    assert by_id["parameters.final"].outcome is Outcome.NEEDS_REVIEW
