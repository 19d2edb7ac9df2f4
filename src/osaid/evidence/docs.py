"""Find documentation: model card, data cards, papers and reports, usage docs, configs."""

from __future__ import annotations

import json
import posixpath
import re
from functools import partial

from osaid.evidence.parameters import config_parameter_estimate
from osaid.sources.evidence import Detector, Evidence, EvidenceKind
from osaid.sources.interface import FileEntry, ReleaseTree

DATA_CARD_NAME = re.compile(r"(?i)^(data[_-]?sheet|data(set)?[_-]?card|data[_-]?statement)")
"""How a data card, datasheet or data statement is named (the start of its file name)."""
_DATA_CARD_SUFFIX = re.compile(r"\.(md|txt|pdf|html)$")
_PAPER = re.compile(
    r"(^|/)[\w.-]*(paper|report|technical|tech[_-]?memo|whitepaper|arxiv|preprint)[\w.-]*\.(pdf|tex|md)$"
)
_ARXIV_NAME = re.compile(r"^\d{4}\.\d{4,5}(v\d+)?\.pdf$")
_PAPER_HEADING = re.compile(
    r"^#{1,4}\s*(?:\d+(?:\.\d+)*\.?\s*)?(abstract|introduction|background|related work|method|"
    r"methods|methodology|approach|model|architecture|data|training|experiments?|evaluation|"
    r"results|discussion|limitations|conclusions?|references)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_NOT_SYSTEM_DIRS = frozenset({".github", ".gitlab", ".circleci", ".devcontainer"})
_USAGE = re.compile(
    r"(^|/)(usage|getting_?started|quickstart|docs?/[\w/.-]+|howto|how_to)[\w.-]*\.(md|rst|txt|html)$"
)
_EVAL = re.compile(
    r"(^|/)(eval_?results?|results?|benchmarks?|metrics)[\w.-]*\.(json|csv|md|ya?ml)$"
    r"|(^|/)(evals?|eval_results|results|benchmarks?)/([\w.-]+/)*[\w.-]+\.(json|jsonl|csv)$"
)
_GEN_CONFIG = "generation_config.json"
_DATA_CONFIGS = ("data_config.json", "dataset_config.json", "training_data.json")
_CONFIG_NAMES = (
    "config.json",
    "config_sentence_transformers.json",
    "params.json",
    "model_index.json",
    "adapter_config.json",
)
MAX_CONFIG_BYTES = 256 * 1024


def _add(
    out: list[Evidence], path: str, loc: str, kind: EvidenceKind, how: str, component: str
) -> None:
    out.append(Evidence(kind, path, how, component=component, location=loc))


def _name(path: str) -> str:
    return posixpath.basename(path).lower()


_EXPERT_KEYS = ("num_local_experts", "num_experts", "n_routed_experts", "moe_num_experts")
"""Configuration keys of mixture-of-experts models (Mixtral, Qwen-MoE, DeepSeek, others)."""


class DocsDetector(Detector):
    """Documents and configs by name; configs are read (JSON, bounded) for the architecture."""

    name = "docs"

    def detect(self, tree: ReleaseTree, files: list[FileEntry]) -> list[Evidence]:
        out: list[Evidence] = []
        for entry in files:
            if entry.archive is not None or entry.symlink is not None:
                continue
            path, lower, name = entry.path, entry.path.lower(), _name(entry.path)
            loc = tree.url_for(path)
            depth = path.count("/")
            if any(d in _NOT_SYSTEM_DIRS for d in lower.split("/")[:-1]):
                continue  # CI settings and issue templates are about the repository
            add = partial(_add, out, path, loc)
            if name in ("model_card.md", "model-card.md", "modelcard.md") and depth == 0:
                add(EvidenceKind.MODEL_CARD, f"{entry.path} at the release root", "model-card")
            elif depth > 0 and (name == "readme.md" or name.startswith("readme.")):
                add(EvidenceKind.USAGE_DOC, "README file", "usage-documentation")
            if DATA_CARD_NAME.match(name) and _DATA_CARD_SUFFIX.search(name):
                add(EvidenceKind.DATA_CARD, "file name names a data card", "data-card")
            if (_PAPER.search(lower) or _ARXIV_NAME.search(name)) and self._reads_as_paper(
                tree, entry
            ):
                report = "report" in name or "technical" in name
                add(
                    EvidenceKind.PAPER,
                    "document named as a paper or report"
                    + ("" if name.endswith(".pdf") else ", with a paper's sections"),
                    "technical-report" if report else "research-paper",
                )
            if _USAGE.search(lower) and not name.startswith("readme"):
                add(EvidenceKind.USAGE_DOC, "documentation file", "usage-documentation")
            if _EVAL.search(lower):
                add(EvidenceKind.EVAL_RESULTS, "file name names results", "evaluation-results")
            if name == _GEN_CONFIG:
                add(EvidenceKind.GENERATION_CONFIG, "generation config", "inference-code")
            elif name in _CONFIG_NAMES and entry.size <= MAX_CONFIG_BYTES:
                out.append(self._config(tree, entry, loc))
            elif name in _DATA_CONFIGS and entry.size <= MAX_CONFIG_BYTES:
                out.extend(self._data_config(tree, entry, loc))
        return out

    @staticmethod
    def _reads_as_paper(tree: ReleaseTree, entry: FileEntry) -> bool:
        """A PDF named as a paper is taken at its name; a Markdown or TeX file must have the
        sections of a paper or report (an issue template called bug_report.md has not)."""
        if entry.path.lower().endswith(".pdf"):
            return True
        text = tree.read_text(entry.path, MAX_CONFIG_BYTES) or ""
        if "\\begin{abstract}" in text or "\\section{" in text:
            return True
        headings = {m.group(1).lower() for m in _PAPER_HEADING.finditer(text)}
        return len(headings) >= 3 and text.count("\n") >= 40

    @staticmethod
    def _data_config(tree: ReleaseTree, entry: FileEntry, loc: str) -> list[Evidence]:
        """Training data files named by a training data configuration (sentence-transformers)."""
        try:
            raw = json.loads(tree.read_text(entry.path, MAX_CONFIG_BYTES) or "")
        except (json.JSONDecodeError, ValueError):
            return []
        items = (
            raw if isinstance(raw, list) else raw.get("datasets") if isinstance(raw, dict) else None
        )
        out = []
        for i, item in enumerate(items or []):
            name = (
                item.get("name")
                if isinstance(item, dict)
                else item
                if isinstance(item, str)
                else None
            )
            if not isinstance(name, str) or not name:
                continue
            data: dict[str, object] = {
                "id": name,
                "origin": "training data configuration",
                "index": i,
            }
            if isinstance(item, dict):
                data.update({k: item[k] for k in ("lines", "weight") if k in item})
            out.append(
                Evidence(
                    EvidenceKind.DATASET_REFERENCE,
                    entry.path,
                    "listed in a training data configuration",
                    component="public-data-listing",
                    data=data,
                    location=loc,
                )
            )
        return out

    @staticmethod
    def _config(tree: ReleaseTree, entry: FileEntry, loc: str) -> Evidence:
        data: dict[str, object] = {}
        text = tree.read_text(entry.path, MAX_CONFIG_BYTES)
        try:
            raw = json.loads(text or "")
        except (json.JSONDecodeError, ValueError):
            raw = None
        if isinstance(raw, dict):
            for key in (
                "architectures",
                "model_type",
                "_name_or_path",
                "base_model_name_or_path",
                "peft_type",
                "torch_dtype",
                "transformers_version",
                "_class_name",
                "__version__",
            ):
                if key in raw:
                    data[key] = raw[key]
            experts = [raw[k] for k in _EXPERT_KEYS if isinstance(raw.get(k), int)]
            if experts and max(experts) > 1:
                data["experts"] = max(experts)
            estimate = config_parameter_estimate(raw)
            if estimate is not None:
                data["estimated_parameters"] = estimate
        return Evidence(
            EvidenceKind.CONFIG,
            entry.path,
            "model configuration file",
            component="model-metadata",
            data=data,
            location=loc,
        )
