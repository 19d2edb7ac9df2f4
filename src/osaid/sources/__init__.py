"""Evidence sources: local directories, git repositories and Hugging Face repositories."""

from osaid.sources.interface import (
    MAX_TEXT_BYTES,
    Detector,
    Evidence,
    EvidenceKind,
    FileEntry,
    ReleaseInfo,
    ReleaseTree,
    SourceError,
    SourceUnavailableError,
    Span,
)

__all__ = [
    "MAX_TEXT_BYTES",
    "Detector",
    "Evidence",
    "EvidenceKind",
    "FileEntry",
    "ReleaseInfo",
    "ReleaseTree",
    "SourceError",
    "SourceUnavailableError",
    "Span",
]
