"""What the words around a statement or a link say, when the statement's own words do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from osaid.evidence.card import parse_card
from osaid.evidence.card_refs import card_link_evidence, release_names
from osaid.evidence.license_scope import LicenseRole
from osaid.evidence.license_statements import _lead_subjects
from osaid.evidence.links import classify_dataset_link, classify_paper_link
from osaid.sources.local import LocalTree

# The License section of EleutherAI/pythia @ a19eecb's README, abridged.
PYTHIA_LICENSE = """# Pythia: Interpreting Transformers Across Time and Scale

## License
The following license applies to all code in this GitHub repo, as well as the Pythia models and any other copyrightable artifacts contained in this repository.

```
   Licensed under the Apache License, Version 2.0 (the "License");
```
"""


def test_the_lead_sentence_of_a_license_section_names_what_the_license_below_covers() -> None:
    card = parse_card(PYTHIA_LICENSE, "README.md")
    assert card.license_section is not None
    subjects = _lead_subjects(card, card.license_section)
    assert LicenseRole.PARAMETERS in subjects and LicenseRole.CODE in subjects


def test_a_license_section_without_such_a_lead_names_nothing() -> None:
    card = parse_card("# X\n\n## License\nApache-2.0, see LICENSE.\n", "README.md")
    assert card.license_section is not None
    assert _lead_subjects(card, card.license_section) == []


def test_the_release_name_comes_from_the_title() -> None:
    assert release_names(parse_card(PYTHIA_LICENSE, "README.md")) == ["pythia"]
    assert release_names(parse_card("no heading\n", "README.md")) == []


def test_a_link_to_the_release_s_own_paper_by_name() -> None:
    sentence = "Please see Appendix B in the Pythia paper for details."
    kind, _ = classify_paper_link("the Pythia paper", sentence, sentence, names=["pythia"])
    assert kind == "research-paper"
    kind, _ = classify_paper_link("the Pile paper", sentence, sentence, names=["pythia"])
    assert kind is None


def test_in_a_citation_section_the_papers_of_other_parts_are_cited() -> None:
    lead = (
        "If you are interested in citing our training data, training library, or evaluation"
        " library you can do so with the following:"
    )
    line = "  journal={arXiv preprint arXiv:2101.00027},"
    kind, why = classify_paper_link("", line, line, "Citation Details", lead=lead)
    assert kind is None and "another part" in why
    own = "If you use the Pythia models in your research, please cite our paper via:"
    kind, _ = classify_paper_link("", line, line, "Citation Details", lead=own)
    assert kind == "research-paper"


def _parameter_links(text: str, tmp_path: Path) -> list[str]:
    card = parse_card(text, "README.md")
    found = card_link_evidence(card, LocalTree(tmp_path))
    links = [e for e in found if e.kind.value == "parameters-link" and not e.data.get("role")]
    return [str(e.data["url"]) for e in links]


def test_the_one_link_of_a_sentence_about_downloading_the_weights(tmp_path: Path) -> None:
    # meta-llama/llama @ 689c7f2, README.md:29.
    line = (
        "In order to download the model weights and tokenizer, please visit the [Meta website]"
        "(https://ai.meta.com/resources/models-and-libraries/llama-downloads/) and accept our"
        " License."
    )
    assert _parameter_links(f"# Llama 2\n\n{line}\n", tmp_path) == [
        "https://ai.meta.com/resources/models-and-libraries/llama-downloads/"
    ]


def test_a_download_sentence_with_several_links_names_none(tmp_path: Path) -> None:
    line = (
        "To download the model weights, read the [guide](https://example.org/guide) and the"
        " [FAQ](https://example.org/faq)."
    )
    assert _parameter_links(f"# X\n\n{line}\n", tmp_path) == []


def _states(text: str, tmp_path: Path) -> dict[str, str]:
    card = parse_card(text, "README.md")
    return {
        str(e.data["role"]): e.how
        for e in card_link_evidence(card, LocalTree(tmp_path))
        if e.kind.value == "parameters-link" and e.data.get("role")
    }


def test_published_intermediate_checkpoints_and_optimizer_states(tmp_path: Path) -> None:
    # EleutherAI/pythia @ a19eecb, README.md:67 and 132 (abridged).
    text = (
        "# Pythia\n\nTo promote research on the learning dynamics of LLMs we make 154"
        " checkpoints available for each model.\n\nWe additionally have all model checkpoints"
        " in the format accepted by the GPT-NeoX library, with final-step"
        " checkpoints+optimizer states downloadable from the Hugging Face Hub.\n"
    )
    assert set(_states(text, tmp_path)) == {"intermediate", "optimizer"}


def test_checkpoints_kept_but_not_served_are_not_published(tmp_path: Path) -> None:
    # EleutherAI/gpt-neox @ ea7aefd, README.md:565.
    text = (
        "# GPT-NeoX\n\nWe additionally have 150 checkpoints saved throughout training, one every"
        " 1,000 steps. We are working on figuring out how to best serve these at scale, but in"
        " the meanwhile people interested in working with the partially trained checkpoints can"
        " email us at contact@eleuther.ai to arrange access.\n"
    )
    assert _states(text, tmp_path) == {}


def test_software_linked_in_a_data_section_is_not_data() -> None:
    # QwenLM/Qwen @ 2df8e8a, tech_memo.md:48, under "### Data".
    sentence = "It segments numbers by single digits and calls the tiktoken tokenizer library."
    role, why = classify_dataset_link(
        "https://github.com/openai/tiktoken", sentence, sentence, "Data"
    )
    assert role == "mention" and "software" in why
    data = "For math reasoning, we include RFT data from gsm8k-ScRel."
    role, _ = classify_dataset_link("https://github.com/OFA-Sys/gsm8k-ScRel", data, data, "Data")
    assert role == "training"


def test_a_document_in_a_code_repository_is_not_data() -> None:
    # QwenLM/Qwen @ 2df8e8a, tech_memo.md:222, under "### Data": the ChatML format's page.
    url = "https://github.com/openai/openai-python/blob/main/chatml.md"
    sentence = "We use the ChatML format for the conversations."
    assert classify_dataset_link(url, sentence, sentence, "Data")[0] == "mention"


@pytest.mark.parametrize(
    "sentence",
    [
        # 01-ai/Yi @ f73194c, README.md:748, 821 and 1042.
        "By default, we use a small dataset from [BAAI/COIG](https://huggingface.co/datasets/BAAI/COIG)"
        " to finetune the base model.",
        "`finetune/yi_example_dataset` has example datasets, which are modified from [BAAI/COIG]"
        "(https://huggingface.co/datasets/BAAI/COIG)",
        "You can find fine-tuning question answering datasets on platforms like Hugging Face, with"
        " datasets like [m-a-p/COIG-CQIA](https://huggingface.co/datasets/m-a-p/COIG-CQIA).",
    ],
)
def test_the_data_of_a_how_to_is_not_training_data(sentence: str) -> None:
    role, _ = classify_dataset_link("https://huggingface.co/datasets/BAAI/COIG", sentence, sentence)
    assert role == "example"
    trained = (
        "The chat model was fine-tuned on [BAAI/COIG](https://huggingface.co/datasets/BAAI/COIG)."
    )
    assert classify_dataset_link("https://huggingface.co/datasets/BAAI/COIG", trained, trained)[
        0
    ] == ("training")
