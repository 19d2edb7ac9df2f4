"""Cards that list several models: which link is the release's weights, and whose terms apply."""

from __future__ import annotations

from pathlib import Path

from osaid.evidence.card import parse_card
from osaid.evidence.scan import system_from_release
from osaid_testkit import license_text

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
