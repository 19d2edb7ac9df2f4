"""What detectors report: evidence, one raw observation about a release with its provenance.

A `Detector` looks at a `ReleaseTree` (`osaid.sources.interface`) and emits `Evidence`: what it
saw, where (`Span`), and how it found it. Evidence is never a judgment; the evaluation turns
it into verdicts.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from osaid.sources.interface import FileEntry, ReleaseTree


class EvidenceKind(StrEnum):
    """Kinds of raw evidence the detectors report."""

    WEIGHTS = "weights"
    CHECKPOINT = "checkpoint"
    OPTIMIZER_STATE = "optimizer-state"
    CONFIG = "config"
    TOKENIZER = "tokenizer"
    GENERATION_CONFIG = "generation-config"
    CODE = "code"
    MODEL_CARD = "model-card"
    DATA_CARD = "data-card"
    PAPER = "paper"
    EVAL_RESULTS = "eval-results"
    USAGE_DOC = "usage-doc"
    LICENSE_FILE = "license-file"
    NOTICE = "notice"
    USE_POLICY = "use-policy"
    SPDX_HEADER = "spdx-header"
    DECLARED_LICENSE = "declared-license"
    """A license declared in metadata (card front matter, package manifest, MOT record)."""
    DATASET_REFERENCE = "dataset-reference"
    """A data set named by the release; `data["role"]` says whether it is training data."""
    PARAMETERS_LINK = "parameters-link"
    """A link the release labels as its checkpoint or weights (published elsewhere)."""
    BASE_MODEL = "base-model"
    DATA_INFORMATION = "data-information"
    """A passage that discloses an aspect of the training data (the rubric)."""
    TRAINING_SCALE = "training-scale"
    """A sentence of the model card that states how many tokens the model was trained on."""
    ARRAY = "array"
    """A file in a weights format that is not the release's model parameters (data, a
    constant, a test fixture, a helper model), with what it is and why."""
    RISK = "risk"
    """A security finding, e.g. a pickle that imports os or subprocess."""
    CONFLICT = "conflict"
    """Two pieces of evidence that disagree."""


@dataclass(frozen=True)
class Span:
    """Where in a file: 1-based inclusive lines, or a byte range."""

    start_line: int | None = None
    end_line: int | None = None
    start_byte: int | None = None
    end_byte: int | None = None

    @classmethod
    def of_line(cls, line: int | None) -> Span | None:
        """The span of one line, or None when the line is not known."""
        return cls(start_line=line, end_line=line) if line else None


class LineRange:
    """Mixed into records of 1-based lines ``start_line``..``end_line``: their `Span`."""

    start_line: int
    end_line: int

    @property
    def span(self) -> Span:
        return Span(start_line=self.start_line, end_line=self.end_line)


@dataclass(frozen=True)
class Evidence:
    """One raw observation about a release, with its provenance. Never a judgment."""

    kind: EvidenceKind
    path: str
    """File path relative to the release root ("" for release-wide metadata)."""
    how: str
    """How it was found, e.g. "file name matches LICENSE*", "safetensors header"."""
    component: str | None = None
    """The canonical component this is evidence for, if any."""
    span: Span | None = None
    data: dict[str, Any] = field(default_factory=dict)
    """Detector-specific facts: parameter count, dtypes, license ids, quotes…"""
    location: str = ""
    """A citable URL or path for the evidence."""


class Detector(abc.ABC):
    """Looks at a release tree and emits evidence. Detectors never judge."""

    name: str

    @abc.abstractmethod
    def detect(self, tree: ReleaseTree, files: list[FileEntry]) -> list[Evidence]:
        """Evidence found in `files` (all of the tree's files, sorted by path)."""
