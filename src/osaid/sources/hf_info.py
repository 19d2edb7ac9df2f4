"""Locations and model info of the Hugging Face Hub, as typed values.

`parse_hf_location` reads `hf:ORG/NAME[@REVISION]` (or a huggingface.co URL);
`HfModelInfo.from_api` converts the Hub's model-info JSON (camelCase, missing fields) once into
frozen values, so nothing else reads the wire format.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

from osaid.sources.interface import SourceError

__all__ = [
    "COMMIT",
    "TEXT_NAMES",
    "TEXT_SUFFIXES",
    "HfModelInfo",
    "HfSibling",
    "is_readable_text",
    "parse_hf_location",
]

_T = TypeVar("_T")

TEXT_SUFFIXES = frozenset(
    {
        ".md", ".markdown", ".txt", ".rst", ".json", ".jsonl", ".yaml", ".yml", ".toml",
        ".cfg", ".ini", ".py", ".sh", ".jinja", ".j2", ".tsv", ".csv", ".html", ".cff",
        ".bib", ".ipynb",
    }
)  # fmt: skip
"""File suffixes `read_bytes` downloads (when the file is at most MAX_TEXT_BYTES)."""

TEXT_NAMES = re.compile(
    r"(?i)^(readme|license|licence|copying|notice|authors|citation|use[_-]?policy|"
    r"acceptable[_-]use[_-]policy|responsible[_-]use|datasheet|data[_-]?card|model[_-]?card|"
    r"requirements|makefile|dockerfile|\.gitattributes|\.gitignore)([._-].*)?$"
)
"""Base names read whatever their suffix (LICENSE, LICENSE.txt, NOTICE, USE_POLICY.md …)."""

_REPO_ID = re.compile(r"^(?:[A-Za-z0-9][\w.-]{0,95}/)?[A-Za-z0-9][\w.-]{0,95}$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")
"""A full commit sha."""
_HF_URL = re.compile(r"^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/([^/?#]+(?:/[^/?#]+)?)/?")


def parse_hf_location(location: str) -> tuple[str, str | None]:
    """`hf:ORG/NAME[@REV]` (or a huggingface.co URL, or a bare `ORG/NAME`) → (repo_id, revision)."""
    loc = location.strip()
    if loc.startswith("hf:"):
        loc = loc[3:]
    elif m := _HF_URL.match(loc):
        tail = loc[m.end() :]
        rev = None
        if tail.startswith(("tree/", "blob/")):
            rev = tail.split("/")[1] or None
        loc = m.group(1) + (f"@{rev}" if rev else "")
    repo_id, sep, revision = loc.partition("@")
    if sep and not revision:
        raise SourceError(f"hf:{repo_id}: empty revision after '@'")
    if not _REPO_ID.match(repo_id) or ".." in repo_id or "--" in repo_id:
        raise SourceError(f"{location}: not a Hugging Face repository id (expected ORG/NAME)")
    return repo_id, revision or None


def is_readable_text(path: str) -> bool:
    """Whether `read_bytes` may download this file (by its name; the size cap comes on top)."""
    name = path.rsplit("/", 1)[-1]
    suffix = os.path.splitext(name)[1].lower()
    return suffix in TEXT_SUFFIXES or bool(TEXT_NAMES.match(name))


# ---- typed model info ----------------------------------------------------------------------


def _opt(data: dict[str, Any], key: str, typ: type[_T]) -> _T | None:
    value = data.get(key)
    return value if isinstance(value, typ) else None


def _safe_relpath(path: str) -> bool:
    parts = path.split("/")
    return bool(path) and not path.startswith("/") and "\\" not in path and ".." not in parts


@dataclass(frozen=True)
class HfSibling:
    """One file of a Hub repository as the model-info call lists it."""

    path: str
    size: int | None = None
    blob_id: str | None = None
    lfs_sha256: str | None = None
    """Set when the file is stored with LFS (or Xet, which the Hub also reports as LFS)."""

    @property
    def lfs(self) -> bool:
        return self.lfs_sha256 is not None

    @classmethod
    def from_api(cls, data: Any) -> HfSibling:
        if not isinstance(data, dict) or not isinstance(data.get("rfilename"), str):
            raise ValueError("sibling without rfilename")
        path = data["rfilename"]
        if not _safe_relpath(path):
            raise ValueError(f"unsafe file name {path!r}")
        lfs = data.get("lfs")
        size = _opt(data, "size", int)
        lfs_sha = None
        if isinstance(lfs, dict):
            lfs_sha = _opt(lfs, "sha256", str) or ""
            size = _opt(lfs, "size", int) if size is None else size
        return cls(path=path, size=size, blob_id=_opt(data, "blobId", str), lfs_sha256=lfs_sha)


@dataclass(frozen=True)
class HfModelInfo:
    """The fields of the Hub's model-info JSON that osaid uses, typed."""

    id: str
    sha: str | None
    siblings: tuple[HfSibling, ...]
    card_data: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    pipeline_tag: str | None = None
    library_name: str | None = None
    last_modified: str | None = None
    created_at: str | None = None
    gated: str | bool = False
    """False, or the Hub's gating mode ("auto" or "manual")."""
    private: bool = False
    disabled: bool = False
    author: str | None = None
    safetensors: dict[str, Any] | None = None
    """The Hub's summary of the safetensors weights: {"parameters": {dtype: n}, "total": n}."""
    config: dict[str, Any] | None = None
    base_models: dict[str, Any] | list[Any] | None = None
    downloads: int | None = None
    likes: int | None = None

    @classmethod
    def from_api(cls, data: Any) -> HfModelInfo:
        """Convert the JSON of `GET /api/models/ORG/NAME[/revision/REV]`. Raises ValueError."""
        if not isinstance(data, dict):
            raise ValueError("model info is not a JSON object")
        repo_id = data.get("id") or data.get("modelId")
        if not isinstance(repo_id, str):
            raise ValueError("model info without id")
        siblings_raw = data.get("siblings")
        if siblings_raw is None:
            siblings_raw = []
        if not isinstance(siblings_raw, list):
            raise ValueError("siblings is not a list")
        siblings = tuple(
            sorted((HfSibling.from_api(s) for s in siblings_raw), key=lambda s: s.path)
        )
        tags = data.get("tags")
        gated = data.get("gated", False)
        base = data.get("baseModels")
        return cls(
            id=repo_id,
            sha=_opt(data, "sha", str),
            siblings=siblings,
            card_data=_opt(data, "cardData", dict) or {},
            tags=tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
            pipeline_tag=_opt(data, "pipeline_tag", str),
            library_name=_opt(data, "library_name", str),
            last_modified=_opt(data, "lastModified", str),
            created_at=_opt(data, "createdAt", str),
            gated=gated if isinstance(gated, (str, bool)) else bool(gated),
            private=data.get("private") is True,
            disabled=data.get("disabled") is True,
            author=_opt(data, "author", str),
            safetensors=_opt(data, "safetensors", dict),
            config=_opt(data, "config", dict),
            base_models=base if isinstance(base, (dict, list)) else None,
            downloads=_opt(data, "downloads", int),
            likes=_opt(data, "likes", int),
        )

    def to_metadata(self) -> dict[str, Any]:
        """The JSON-able metadata kept in `ReleaseInfo.metadata`."""
        return {
            "repo_id": self.id,
            "sha": self.sha,
            "card_data": self.card_data,
            "tags": list(self.tags),
            "pipeline_tag": self.pipeline_tag,
            "library_name": self.library_name,
            "last_modified": self.last_modified,
            "created_at": self.created_at,
            "gated": self.gated,
            "private": self.private,
            "disabled": self.disabled,
            "author": self.author,
            "safetensors": self.safetensors,
            "config": self.config,
            "base_models": self.base_models,
            "downloads": self.downloads,
            "likes": self.likes,
        }
