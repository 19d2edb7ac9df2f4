"""Code that fine-tunes the weights a release publishes, told apart from the code that made them.

Many model repositories ship scripts for users to fine-tune the released model: ChatGLM2-6B's
`ptuning/train.sh` starts from `--model_name_or_path THUDM/chatglm2-6b`, Qwen's `finetune.py`
from `Qwen/Qwen-7B`, Amber's `finetune/amberchat/` from `LLM360/Amber`. Such code trains a
derivative; it is not "the code used to train the system" that OSAID asks for. A script is
fine-tuning code when it starts from a model the card links as the release's published
weights; a folder (below the root) is fine-tuning code when a script in it is and none of its
scripts starts from another model or is named for pre-training. Everything else stays as
the code detector found it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from osaid.evidence._rules import code_rules
from osaid.evidence.links import hub_model_id
from osaid.sources.evidence import Evidence, EvidenceKind

__all__ = ["TRAINING_ROLES", "fine_tuning_code"]

TRAINING_ROLES = frozenset({"training-code", "training-configuration", "data-preprocessing-code"})
"""The roles fine-tuning code would otherwise be counted in."""

_PRETRAINING = re.compile(r"pre-?train", re.IGNORECASE)


def _published_models(evidence: Iterable[Evidence]) -> set[str]:
    ids = (
        hub_model_id(str(e.data.get("url", "")))
        for e in evidence
        if e.kind is EvidenceKind.PARAMETERS_LINK
    )
    return {i.lower() for i in ids if i}


def fine_tuning_code(evidence: list[Evidence]) -> dict[str, str]:
    """Paths of the release's fine-tuning code, each with why."""
    code = [e for e in evidence if e.kind is EvidenceKind.CODE]
    out = _fine_tuning_folders(code)
    published = _published_models(evidence)
    if not published:
        return out
    starts = {
        e.path: [m for m in e.data.get("loads_models") or [] if m.lower() in published]
        for e in code
    }
    scripts = {path: models for path, models in starts.items() if models}
    for path, models in scripts.items():
        out.setdefault(path, f"starts from the published weights {models[0]}")
    for path, models in scripts.items():
        folder = posixpath.dirname(path)
        if not folder:
            continue  # the root holds the whole release
        inside = [e for e in code if e.path.startswith(folder + "/")]
        other_base = any(
            m.lower() not in published for e in inside for m in e.data.get("loads_models") or []
        )
        if other_base or any(_PRETRAINING.search(e.path) for e in inside):
            continue
        for e in inside:
            out.setdefault(e.path, f"in {folder}/, whose {path} starts from {models[0]}")
    return out


def _fine_tuning_folders(code: list[Evidence]) -> dict[str, str]:
    """Code in a folder named for fine-tuning (`finetune/`, `sft/`, `ptuning/`, `lora/`) whose
    scripts start from a model they are given (01-ai/Yi's finetune/scripts/run_sft_Yi_6b.sh:
    `--model_name_or_path /base_model`): it fine-tunes a model that exists, unless a script
    there starts from a Hub model of its own or is named for pre-training."""
    out: dict[str, str] = {}
    for e in code:
        if not e.data.get("takes_model"):
            continue
        parts = e.path.split("/")[:-1]
        folders = code_rules().fine_tuning_folders
        named = next((i for i, p in enumerate(parts) if folders.match(p)), None)
        if named is None:
            continue
        folder = "/".join(parts[: named + 1])
        inside = [c for c in code if c.path.startswith(folder + "/")]
        if any(c.data.get("loads_models") for c in inside) or any(
            _PRETRAINING.search(c.path) for c in inside
        ):
            continue
        for c in inside:
            out.setdefault(c.path, f"in {folder}/, whose {e.path} starts from a given model")
    return out
