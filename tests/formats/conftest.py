"""Fixtures for the format tests: the reports every format is rendered from."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from osaid.catalog import load_catalog_system
from osaid.evaluation.evaluate import Evaluator, Report
from osaid_testkit import license_text, sparse_safetensors

DEFINITIONS = ("osaid-1.0", "mof")

CARD = """\
---
license: apache-2.0
datasets:
- allenai/dolma
model-index:
- name: Tiny-LM
  results:
  - task:
      type: text-generation
    dataset:
      name: HellaSwag
      type: hellaswag
    metrics:
    - type: acc_norm
      value: 41.5
---
# Tiny-LM

A tiny language model for tests.

## Training Data

The model was trained on Dolma, collected from web pages, code and books, and
deduplicated and filtered for quality with the Dolma toolkit.
"""

# A pickle whose only global is os.system: what picklescan reports as dangerous.
DANGEROUS_PICKLE = b"\x80\x02cos\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03."


def make_release(root: Path) -> Path:
    """A small release whose card says Apache-2.0 while its LICENSE is MIT (a conflict), with
    evaluation results in the card and a pickle that calls os.system (a risk)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "README.md").write_text(CARD)
    (root / "LICENSE").write_text(license_text("mit"))
    sparse_safetensors(root / "model.safetensors", {"emb": [1000, 64], "out": [64, 1000]})
    (root / "config.json").write_text(
        json.dumps({"architectures": ["TinyForCausalLM"], "model_type": "tiny"})
    )
    (root / "tokenizer.json").write_text("{}")
    (root / "modeling_tiny.py").write_text("import torch\nclass Tiny(torch.nn.Module):\n    pass\n")
    (root / "scripts").mkdir(exist_ok=True)
    (root / "scripts" / "train.py").write_text("# SPDX-License-Identifier: MIT\nimport deepspeed\n")
    (root / "training_args.bin").write_bytes(DANGEROUS_PICKLE)
    return root


@pytest.fixture(scope="session")
def release_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_release(tmp_path_factory.mktemp("formats") / "tiny-lm")


@pytest.fixture(scope="session")
def reports(release_dir: Path) -> Callable[[str], Report]:
    """Reports by scenario name: catalog systems by slug, and `release` for the scan."""
    from osaid.targets import load_target

    cache: dict[str, Report] = {}

    def get(scenario: str) -> Report:
        if scenario not in cache:
            system = (
                load_target(str(release_dir))
                if scenario == "release"
                else load_catalog_system(scenario)
            )
            cache[scenario] = Evaluator().evaluate(system, DEFINITIONS)
        return cache[scenario]

    return get
