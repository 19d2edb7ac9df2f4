"""Archives inside a release, as part of its tree: `ArchiveTree` lists the members of every
zip and tar file beside the files themselves, and `ArchiveDetector` reports archives that are
refused (bombs, unsafe member names, links out of the archive) as `risk` evidence. Listing and
reading members, and the limits that guard them: `osaid.sources.archive_members`.
"""

from __future__ import annotations

from osaid.sources.archive_members import (
    DEFAULT_LIMITS,
    ArchiveLimits,
    ArchiveListing,
    archive_format,
    list_archive,
    read_member,
)
from osaid.sources.evidence import Detector, Evidence
from osaid.sources.interface import MAX_TEXT_BYTES, FileEntry, ReleaseTree

_CACHE_MEMBER_MAX = MAX_TEXT_BYTES
_CACHE_TOTAL_MAX = 64 * 1024 * 1024

__all__ = ["ArchiveDetector", "ArchiveTree"]


class ArchiveTree(ReleaseTree):
    """A tree whose zip and tar files are expanded into their members (in memory).

    `files()` holds the base tree's files and, for each archive, `ARCHIVE/MEMBER` entries with
    `archive` set; `read_bytes` reads members through `read_member`. Refused archives keep
    only their own entry; the reasons are in `risks()` (and `ArchiveDetector` reports them).
    """

    def __init__(self, base: ReleaseTree, limits: ArchiveLimits = DEFAULT_LIMITS) -> None:
        self.base = base
        self.info = base.info
        self.limits = limits
        self._listings: dict[str, ArchiveListing] = {}
        self._members: dict[str, tuple[FileEntry, str]] = {}
        self._files: list[FileEntry] | None = None
        self._cache: dict[str, bytes] = {}
        self._cached = 0

    def listing(self, entry: FileEntry) -> ArchiveListing:
        """The (cached) listing of one archive of the base tree."""
        if entry.path not in self._listings:
            self._listings[entry.path] = list_archive(self.base, entry, self.limits)
        return self._listings[entry.path]

    def files(self) -> list[FileEntry]:
        if self._files is None:
            out = self.base.files()
            extra: list[FileEntry] = []
            for entry in out:
                if entry.archive is None and not entry.lfs and archive_format(entry.path):
                    if entry.size == 0:
                        continue
                    listing = self.listing(entry)
                    for member, fe in zip(listing.members, listing.entries, strict=True):
                        self._members[fe.path] = (entry, member.name)
                        extra.append(fe)
            self._files = sorted(out + extra, key=lambda e: e.path)
        return list(self._files)

    def risks(self) -> list[Evidence]:
        """Every risk found while listing the archives."""
        self.files()
        return [risk for listing in self._listings.values() for risk in listing.risks]

    def read_bytes(self, path: str, start: int = 0, length: int = MAX_TEXT_BYTES) -> bytes:
        if self._files is None:
            self.files()
        found = self._members.get(path)
        if found is None:
            return self.base.read_bytes(path, start, length)
        archive, member = found
        cached = self._cache.get(path)
        if cached is not None:
            return cached[start : start + length]
        size = next((m.size for m in self._listings[archive.path].members if m.name == member), 0)
        if size <= _CACHE_MEMBER_MAX and self._cached + size <= _CACHE_TOTAL_MAX:
            data = read_member(self.base, archive, member, 0, size, self.limits)
            self._cache[path] = data
            self._cached += len(data)
            return data[start : start + length]
        return read_member(self.base, archive, member, start, length, self.limits)

    def url_for(self, path: str) -> str:
        return self.base.url_for(path)

    def close(self) -> None:
        self._cache.clear()
        self.base.close()


class ArchiveDetector(Detector):
    """Reports archives that were refused (bombs, path traversal, links out, too large)."""

    name = "archives"

    def __init__(self, limits: ArchiveLimits = DEFAULT_LIMITS) -> None:
        self.limits = limits

    def detect(self, tree: ReleaseTree, files: list[FileEntry]) -> list[Evidence]:
        out: list[Evidence] = []
        for entry in files:
            if entry.archive is not None or entry.lfs or entry.size == 0:
                continue
            if archive_format(entry.path) is None:
                continue
            if isinstance(tree, ArchiveTree):
                listing = tree.listing(entry)
            else:
                listing = list_archive(tree, entry, self.limits)
            out.extend(listing.risks)
        return out
