"""Members of zip and tar archives in a release, listed and read in memory, never extracted.

An archive is read through `ReleaseTree.read_bytes` (so a local tree's symlink and size rules
apply), with Python's `zipfile` and `tarfile` over a seekable in-memory view. Nothing is
written to disk, nothing is executed.

Limits (module constants, bundled in `ArchiveLimits`) guard against archive bombs:

* `MAX_MEMBERS` members per archive, `MAX_CENTRAL_DIRECTORY` bytes of zip central directory;
* `MAX_TOTAL_SIZE` declared uncompressed bytes per archive, `MAX_MEMBER_SIZE` per member;
* `MAX_RATIO`: the most a member (zip) or the whole archive (compressed tar) may expand over
  its compressed size, checked from the declared sizes before anything is decompressed, for
  anything of at least `RATIO_MIN_SIZE` bytes;
* `MAX_TAR_SCAN`: the most decompressed bytes walked to list a compressed tar (a tar has no
  index: listing a .tar.gz means decompressing it up to its last header);
* `MAX_MEMBER_READ`: the most bytes decompressed from one member for one read.

An archive that breaks a limit, has an absolute or `..` member name, or a link that points out
of the archive is *refused*: none of its members are listed, and a `risk` Evidence says why.
Listing never raises for a bad archive: a scan goes on.
"""

from __future__ import annotations

import io
import posixpath
import re
import stat
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from osaid.sources.evidence import Evidence, EvidenceKind
from osaid.sources.interface import MAX_TEXT_BYTES, FileEntry, ReleaseTree, SourceError, check_range

MAX_MEMBERS = 5_000
"""Most members an archive may have to be listed."""
MAX_CENTRAL_DIRECTORY = 16 * 1024 * 1024
"""Most bytes of a zip central directory read to list the archive."""
MAX_TOTAL_SIZE = 16 * 1024**3
"""Most declared uncompressed bytes of all members of one archive (16 GiB)."""
MAX_MEMBER_SIZE = 8 * 1024**3
"""Most declared uncompressed bytes of one member (8 GiB)."""
MAX_RATIO = 200
"""Most a member may expand over its compressed size (text compresses ~5-20x; bombs 1000x)."""
RATIO_MIN_SIZE = 1024 * 1024
"""Members (or compressed tars) smaller than this uncompressed are not ratio-checked."""
MAX_TAR_SCAN = 256 * 1024 * 1024
"""Most decompressed bytes walked to list a compressed tar."""
MAX_MEMBER_READ = 64 * 1024 * 1024
"""Most bytes decompressed from one member by one read (offset + length)."""
MAX_LINK_TARGET = 4096
"""Most bytes read from a zip symlink member (its content is the link target)."""


ZIP_SUFFIXES = (".zip",)
TAR_SUFFIXES = {
    ".tar": "",
    ".tar.gz": "gz",
    ".tgz": "gz",
    ".tar.bz2": "bz2",
    ".tbz2": "bz2",
    ".tar.xz": "xz",
    ".txz": "xz",
}


@dataclass(frozen=True)
class ArchiveLimits:
    """The limits one listing or read applies (defaults: the module constants)."""

    max_members: int = MAX_MEMBERS
    max_central_directory: int = MAX_CENTRAL_DIRECTORY
    max_total_size: int = MAX_TOTAL_SIZE
    max_member_size: int = MAX_MEMBER_SIZE
    max_ratio: float = MAX_RATIO
    ratio_min_size: int = RATIO_MIN_SIZE
    max_tar_scan: int = MAX_TAR_SCAN
    max_member_read: int = MAX_MEMBER_READ


DEFAULT_LIMITS = ArchiveLimits()


@dataclass(frozen=True)
class ArchiveMember:
    """One regular file or link inside an archive."""

    name: str
    size: int
    compressed_size: int | None = None
    symlink: str | None = None


@dataclass
class ArchiveListing:
    """The members of one archive, or why it was refused."""

    path: str
    format: str
    """zip or tar."""
    members: list[ArchiveMember] = field(default_factory=list)
    risks: list[Evidence] = field(default_factory=list)
    refused: bool = False

    @property
    def entries(self) -> list[FileEntry]:
        """The members as release files: path `ARCHIVE/MEMBER`, `archive` set."""
        return [
            FileEntry(
                path=f"{self.path}/{m.name}", size=m.size, symlink=m.symlink, archive=self.path
            )
            for m in self.members
        ]


class _Refused(Exception):
    def __init__(self, issue: str, severity: str, message: str, **facts: Any) -> None:
        super().__init__(message)
        self.issue = issue
        self.severity = severity
        self.message = message
        self.facts = facts


def archive_format(path: str) -> str | None:
    """ "zip", "tar", "tar:gz" (…bz2, xz) by file name, or None for other files."""
    lower = path.lower()
    if lower.endswith(ZIP_SUFFIXES):
        return "zip"
    for suffix, comp in sorted(TAR_SUFFIXES.items(), key=lambda kv: -len(kv[0])):
        if lower.endswith(suffix):
            return f"tar:{comp}" if comp else "tar"
    return None


class TreeReader(io.RawIOBase):
    """A seekable, read-only file object over one file of a tree (bounded reads)."""

    def __init__(self, tree: ReleaseTree, path: str, size: int) -> None:
        super().__init__()
        self._tree = tree
        self._path = path
        self._size = size
        self._pos = 0
        self.consumed = 0
        """Bytes fetched from the tree through this reader."""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        want = min(len(view), self._size - self._pos)
        if want <= 0:
            return 0
        data = self._tree.read_bytes(self._path, self._pos, want)
        view[: len(data)] = data
        self._pos += len(data)
        self.consumed += len(data)
        return len(data)


def open_reader(tree: ReleaseTree, entry: FileEntry) -> io.BufferedReader:
    """A buffered, seekable reader over a tree file (64 KiB read-ahead)."""
    return io.BufferedReader(TreeReader(tree, entry.path, entry.size), buffer_size=64 * 1024)


_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def _unsafe_name(name: str) -> bool:
    if not name or "\x00" in name or name.startswith(("/", "\\")):
        return True
    if _DRIVE.match(name):
        return True  # a Windows drive letter
    parts = name.replace("\\", "/").split("/")
    return ".." in parts


def _link_escapes(member: str, target: str) -> bool:
    if not target or target.startswith(("/", "\\")) or _DRIVE.match(target):
        return True
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(member), target))
    return joined == ".." or joined.startswith("../") or joined.startswith("/")


def _risk(tree: ReleaseTree, path: str, how: str, refusal: _Refused) -> Evidence:
    return Evidence(
        kind=EvidenceKind.RISK,
        path=path,
        how=how,
        data={
            "severity": refusal.severity,
            "issue": refusal.issue,
            "message": refusal.message,
            **refusal.facts,
        },
        location=tree.url_for(path),
    )


# ---- zip --------------------------------------------------------------------------------

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"


def zip_directory_size(tree: ReleaseTree, entry: FileEntry) -> tuple[int, int]:
    """(member count, central directory bytes) from a zip's end record, read from its tail."""
    tail_len = min(entry.size, 22 + 65535 + 20)
    tail = tree.read_bytes(entry.path, entry.size - tail_len, tail_len)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise _Refused("archive-unreadable", "low", "not a zip file (no end of central directory)")
    _, _, _, _, count, cd_size, _, _ = struct.unpack("<4sHHHHIIH", tail[at : at + 22])
    if (count == 0xFFFF or cd_size == 0xFFFFFFFF) and at >= 20:
        loc = tail[at - 20 : at]
        if loc[:4] == _EOCD64_LOCATOR:
            (eocd64_offset,) = struct.unpack("<Q", loc[8:16])
            rec = tree.read_bytes(entry.path, eocd64_offset, 56)
            if rec[:4] == _EOCD64 and len(rec) == 56:
                count, cd_size = struct.unpack("<QQ", rec[32:48])
    return count, cd_size


def _zip_is_link(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def _list_zip(tree: ReleaseTree, entry: FileEntry, limits: ArchiveLimits) -> list[ArchiveMember]:
    count, cd_size = zip_directory_size(tree, entry)
    if count > limits.max_members:
        raise _Refused(
            "too-many-members",
            "medium",
            f"zip has {count} members, more than the limit of {limits.max_members}; not listed",
            members=count,
            limit=limits.max_members,
        )
    if cd_size > limits.max_central_directory:
        raise _Refused(
            "too-many-members",
            "medium",
            f"zip central directory of {cd_size} bytes exceeds {limits.max_central_directory}",
            central_directory=cd_size,
            limit=limits.max_central_directory,
        )
    members: list[ArchiveMember] = []
    total = 0
    with zipfile.ZipFile(open_reader(tree, entry)) as zf:
        infos = zf.infolist()
        if len(infos) > limits.max_members:
            raise _Refused(
                "too-many-members",
                "medium",
                f"zip has {len(infos)} members, more than the limit of {limits.max_members}",
                members=len(infos),
                limit=limits.max_members,
            )
        for info in infos:
            name = info.filename
            _check_name(name)
            _check_sizes(name, info.file_size, info.compress_size, limits)
            total += info.file_size
            if total > limits.max_total_size:
                raise _bomb_total(total, limits)
            if info.is_dir():
                continue
            link = None
            if _zip_is_link(info):
                if info.file_size > MAX_LINK_TARGET:
                    raise _Refused("link-outside", "high", f"link member {name!r} is too long")
                with zf.open(info) as fh:
                    link = fh.read(MAX_LINK_TARGET).decode("utf-8", errors="replace")
                _check_link(name, link)
            members.append(ArchiveMember(name, info.file_size, info.compress_size, link))
    return members


def _check_sizes(name: str, size: int, compressed: int | None, limits: ArchiveLimits) -> None:
    if size > limits.max_member_size:
        raise _Refused(
            "archive-bomb",
            "high",
            f"member {name!r} declares {size} bytes, more than the limit of "
            f"{limits.max_member_size}; archive refused",
            member=name,
            size=size,
            limit=limits.max_member_size,
        )
    if compressed is not None and size >= limits.ratio_min_size:
        ratio = size / max(compressed, 1)
        if ratio > limits.max_ratio:
            raise _Refused(
                "archive-bomb",
                "high",
                f"member {name!r} expands {ratio:.0f}x ({compressed} -> {size} bytes), more "
                f"than the limit of {limits.max_ratio:.0f}x: a possible zip bomb; archive refused",
                member=name,
                size=size,
                compressed_size=compressed,
                ratio=round(ratio, 1),
                limit=limits.max_ratio,
            )


def _bomb_total(total: int, limits: ArchiveLimits) -> _Refused:
    return _Refused(
        "archive-bomb",
        "high",
        f"members declare more than {limits.max_total_size} uncompressed bytes in all; "
        "archive refused",
        total_size=total,
        limit=limits.max_total_size,
    )


def _check_name(name: str) -> None:
    if _unsafe_name(name):
        raise _Refused(
            "path-traversal",
            "high",
            f"member name {name!r} is absolute or climbs out with '..'; archive refused",
            member=name,
        )


def _check_link(name: str, target: str) -> None:
    if _link_escapes(name, target):
        raise _Refused(
            "link-outside",
            "high",
            f"link member {name!r} points outside the archive ({target!r}); archive refused",
            member=name,
            target=target,
        )


# ---- tar --------------------------------------------------------------------------------


def _open_tar(tree: ReleaseTree, entry: FileEntry, fmt: str) -> tarfile.TarFile:
    comp = fmt.partition(":")[2]
    mode: Any = f"r:{comp}" if comp else "r:"
    return tarfile.open(fileobj=open_reader(tree, entry), mode=mode)


def _iter_tar(
    tf: tarfile.TarFile, entry: FileEntry, fmt: str, limits: ArchiveLimits
) -> Iterator[tarfile.TarInfo]:
    """Yield the tar's members, enforcing the limits before each header is reached."""
    compressed = ":" in fmt
    count = 0
    declared = 0
    while True:
        member = tf.next()
        if member is None:
            return
        count += 1
        if count > limits.max_members:
            raise _Refused(
                "too-many-members",
                "medium",
                f"tar has more than {limits.max_members} members; not listed",
                limit=limits.max_members,
            )
        declared += member.size if member.isfile() else 0
        if declared > limits.max_total_size:
            raise _bomb_total(declared, limits)
        if member.isfile():
            _check_sizes(member.name, member.size, None, limits)
        if compressed and declared >= limits.ratio_min_size:
            ratio = declared / max(entry.size, 1)
            if ratio > limits.max_ratio:
                raise _Refused(
                    "archive-bomb",
                    "high",
                    f"compressed tar of {entry.size} bytes declares {declared} bytes of members "
                    f"({ratio:.0f}x, more than {limits.max_ratio:.0f}x): a possible tar bomb; "
                    "archive refused",
                    size=declared,
                    compressed_size=entry.size,
                    ratio=round(ratio, 1),
                    limit=limits.max_ratio,
                )
        yield member
        if compressed and tf.offset > limits.max_tar_scan:
            raise _Refused(
                "archive-not-listed",
                "low",
                f"compressed tar is larger than {limits.max_tar_scan} bytes unpacked; "
                "listing it would mean decompressing it: not listed",
                limit=limits.max_tar_scan,
            )


def _list_tar(
    tree: ReleaseTree, entry: FileEntry, fmt: str, limits: ArchiveLimits
) -> list[ArchiveMember]:
    members: list[ArchiveMember] = []
    with _open_tar(tree, entry, fmt) as tf:
        for member in _iter_tar(tf, entry, fmt, limits):
            name = member.name
            _check_name(name)
            if member.issym():
                _check_link(name, member.linkname)
                members.append(ArchiveMember(name, 0, None, member.linkname))
            elif member.islnk():
                if _unsafe_name(member.linkname):
                    raise _Refused(
                        "link-outside",
                        "high",
                        f"hard link {name!r} points outside the archive "
                        f"({member.linkname!r}); archive refused",
                        member=name,
                        target=member.linkname,
                    )
                members.append(ArchiveMember(name, 0, None, member.linkname))
            elif member.isfile():
                members.append(ArchiveMember(name, member.size))
            # Directories, devices and FIFOs are not release files.
    return members


# ---- public API -------------------------------------------------------------------------


def list_archive(
    tree: ReleaseTree, entry: FileEntry, limits: ArchiveLimits = DEFAULT_LIMITS
) -> ArchiveListing:
    """The members of a zip or tar file of the tree; never raises for a bad archive."""
    fmt = archive_format(entry.path) or "zip"
    listing = ArchiveListing(path=entry.path, format=fmt.partition(":")[0])
    how = f"{listing.format} listing within archive limits"
    try:
        if fmt == "zip":
            members = _list_zip(tree, entry, limits)
        else:
            members = _list_tar(tree, entry, fmt, limits)
    except _Refused as refusal:
        listing.refused = True
        listing.risks.append(_risk(tree, entry.path, how, refusal))
        return listing
    except (
        OSError,
        EOFError,
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        tarfile.TarError,
        zlib.error,
        SourceError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as exc:
        listing.refused = True
        unreadable = _Refused("archive-unreadable", "low", f"archive could not be read: {exc}")
        listing.risks.append(_risk(tree, entry.path, how, unreadable))
        return listing
    names: set[str] = set()
    for member in members:
        if member.name not in names:
            names.add(member.name)
            listing.members.append(member)
    listing.members.sort(key=lambda m: m.name)
    return listing


def read_member(
    tree: ReleaseTree,
    entry: FileEntry,
    member: str,
    start: int = 0,
    length: int = MAX_TEXT_BYTES,
    limits: ArchiveLimits = DEFAULT_LIMITS,
) -> bytes:
    """At most `length` bytes of one archive member from `start`, decompressed in memory.

    Raises SourceError when the member is missing, a link, unsafe, or past the limits."""
    where = f"{entry.path}/{member}"
    check_range(where, start, length)
    if _unsafe_name(member):
        raise SourceError(f"{where}: unsafe member name; not read")
    if start >= limits.max_member_read:
        raise SourceError(f"{where}: offset beyond the {limits.max_member_read}-byte read limit")
    length = min(length, limits.max_member_read - start)
    fmt = archive_format(entry.path) or "zip"
    try:
        if fmt == "zip":
            with zipfile.ZipFile(open_reader(tree, entry)) as zf:
                info = zf.getinfo(member)
                if info.is_dir() or _zip_is_link(info):
                    raise SourceError(f"{where}: not a regular member; not read")
                _check_sizes(member, info.file_size, info.compress_size, limits)
                with zf.open(info) as fh:
                    return _read_span(fh, start, length)
        with _open_tar(tree, entry, fmt) as tf:
            for m in _iter_tar(tf, entry, fmt, limits):
                if m.name == member:
                    if not m.isfile():
                        raise SourceError(f"{where}: not a regular member; not read")
                    member_fh = tf.extractfile(m)
                    if member_fh is None:
                        raise SourceError(f"{where}: not a regular member; not read")
                    return _read_span(member_fh, start, length)
    except _Refused as refusal:
        raise SourceError(f"{where}: {refusal.message}") from None
    except KeyError:
        pass
    except (
        OSError,
        EOFError,
        zipfile.BadZipFile,
        tarfile.TarError,
        zlib.error,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as exc:
        raise SourceError(f"{where}: cannot read archive member: {exc}") from exc
    raise SourceError(f"{where}: no such member")


def _read_span(fh: Any, start: int, length: int) -> bytes:
    skip = start
    while skip > 0:
        chunk = fh.read(min(skip, 1024 * 1024))
        if not chunk:
            return b""
        skip -= len(chunk)
    data: bytes = fh.read(length)
    return data
