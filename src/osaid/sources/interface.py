"""What every evidence source provides: a read-only view of a release's files.

A source (a local directory, a git repository, a Hugging Face repository) turns a location
into a `ReleaseTree`: the list of files with their sizes, and bounded reads of their
content. Detectors in `osaid.evidence` look at the tree and emit `Evidence`
(`osaid.sources.evidence`); they never judge. Sources never execute, import or unpickle anything, never follow a symlink out of
the scanned root, and read at most a capped number of bytes of any file.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import Any

from osaid.errors import OsaidError

MAX_TEXT_BYTES = 1024 * 1024
"""Most bytes read from any one text file (model cards, licenses, configs, code)."""


class SourceError(OsaidError):
    """A source could not be read."""


def check_range(where: str, start: int, length: int) -> None:
    """A SourceError naming `where` when a read asks for a negative offset or length."""
    if start < 0 or length < 0:
        raise SourceError(f"{where}: negative offset or length")


class SourceUnavailableError(SourceError):
    """The source is unreachable (network down, offline mode without a cached copy).

    Never a verdict: "Hub unreachable" must not read as "non-compliant"."""


@dataclass(frozen=True)
class FileEntry:
    """One file of a release, by its path relative to the release root (POSIX separators)."""

    path: str
    size: int
    """Size in bytes as the source reports it (sparse files count their apparent size)."""
    symlink: str | None = None
    """Where a symlink points, when the entry is one (it is never followed out of the root)."""
    lfs: bool = False
    """The file is stored with Git LFS (a pointer locally, or an LFS object on the Hub)."""
    archive: str | None = None
    """For members of a zip or tar archive: the archive's path."""


@dataclass(frozen=True)
class ReleaseInfo:
    """What a source knows about the release as a whole."""

    kind: str
    """directory, git or huggingface."""
    location: str
    """The path or URL the user gave."""
    revision: str | None = None
    """A git commit or Hugging Face revision, when known."""
    url: str | None = None
    """A public URL for the release, when known (for citations)."""
    metadata: dict[str, Any] = field(default_factory=dict)
    """Source-specific metadata, e.g. Hugging Face model info (tags, card data, siblings)."""


class ReleaseTree(abc.ABC):
    """A read-only, bounded view of the files of one release."""

    info: ReleaseInfo

    @abc.abstractmethod
    def files(self) -> list[FileEntry]:
        """Every file of the release, sorted by path."""

    @abc.abstractmethod
    def read_bytes(self, path: str, start: int = 0, length: int = MAX_TEXT_BYTES) -> bytes:
        """Read at most `length` bytes of a file from `start`. Raises SourceError."""

    def read_text(self, path: str, limit: int = MAX_TEXT_BYTES) -> str | None:
        """The start of a text file, or None when it is binary."""
        data = self.read_bytes(path, 0, limit)
        if b"\x00" in data[:8192]:
            return None
        return data.decode("utf-8", errors="replace")

    def url_for(self, path: str) -> str:
        """A citable location of a file (a URL where possible, else the local path)."""
        return f"{self.info.url.rstrip('/')}/{path}" if self.info.url else path

    def location_of(self, path: str, line: int | None = None) -> str:
        """A citable location of a line of a file: `URL#L12`, or `path:12` locally."""
        url = self.url_for(path)
        if not line:
            return url
        return f"{url}#L{line}" if url.startswith("http") else f"{path}:{line}"

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (temporary clones)."""
