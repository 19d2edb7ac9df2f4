"""A release tree over a local directory: a Hugging Face snapshot, a git checkout, any folder.

Safety rules (see `osaid.sources.interface`):

* The walk uses `os.scandir` and never follows a directory symlink; `.git/` internals are
  skipped (a checkout is noted in `info.metadata["git"]`).
* Symlinks are listed with their link text in `FileEntry.symlink`. Their content is read only
  when the fully resolved target stays inside the *trust root*: the release folder itself, or,
  for a Hugging Face cache snapshot (`…/models--ORG--NAME/snapshots/<rev>/`, whose files link
  to `../../blobs/<hash>`), the `models--ORG--NAME` folder.
* Files are opened read-only with `O_NOFOLLOW` (on the resolved path) and `O_NONBLOCK` (a FIFO
  never blocks the scan), must be regular files, and are read with `pread` for at most the
  requested bytes (never more than `MAX_READ_BYTES` per call). Nothing is mmapped.
* Git LFS pointer files (a small text file starting with the LFS spec line) are flagged with
  `FileEntry.lfs`; their object id and size are in `info.metadata["lfs_pointers"]`.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from osaid.sources.interface import (
    MAX_TEXT_BYTES,
    FileEntry,
    ReleaseInfo,
    ReleaseTree,
    SourceError,
    check_range,
)

MAX_READ_BYTES = 64 * 1024 * 1024
"""Most bytes one `read_bytes` call returns, whatever length was asked for."""

LFS_POINTER_MIN = 120
LFS_POINTER_MAX = 1024
"""A Git LFS pointer file is at least ~126 bytes and, by the LFS spec, under 1024 bytes."""

LFS_SPEC_PREFIX = b"version https://git-lfs.github.com/spec/"

SKIPPED_DIRS = frozenset({".git"})
"""Directory (or file) names never walked into: version-control internals."""

_GIT_META_CAP = 256 * 1024
"""Most bytes read from any one `.git` file to describe a checkout."""

_NO_LFS_SUFFIXES = frozenset(
    {
        ".py",
        ".md",
        ".rst",
        ".c",
        ".h",
        ".cc",
        ".cpp",
        ".hpp",
        ".cu",
        ".js",
        ".ts",
        ".go",
        ".rs",
        ".java",
        ".yaml",
        ".yml",
        ".toml",
        ".cfg",
        ".ini",
        ".sh",
        ".html",
        ".css",
        ".ipynb",
    }
)
"""Source and prose files, never stored with LFS in practice: not sniffed for pointers."""

_HF_CACHE_REPO = re.compile(r"^(models|datasets|spaces)--(.+)$")
_SHA_RE = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_LFS_OID = re.compile(rb"^oid (sha256:[0-9a-f]{64})$", re.MULTILINE)
_LFS_SIZE = re.compile(rb"^size (\d+)$", re.MULTILINE)

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
_OPEN_FLAGS = os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_CLOEXEC | _O_BINARY


def _within(path: str, root: str) -> bool:
    """Whether the absolute, resolved `path` is `root` or below it."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _pread_all(fd: int, length: int, start: int) -> bytes:
    chunks: list[bytes] = []
    got = 0
    while got < length:
        chunk = os.pread(fd, length - got, start + got)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _hf_snapshot(path: Path) -> tuple[Path | None, re.Match[str] | None]:
    """The `…/models--ORG--NAME/snapshots/<rev>` folder `path` is in (or is), if any."""
    for folder in (path, *path.parents):
        if folder.parent.name == "snapshots":
            match = _HF_CACHE_REPO.match(folder.parent.parent.name)
            if match:
                return folder, match
    return None, None


def parse_lfs_pointer(data: bytes) -> dict[str, Any] | None:
    """The `{"oid": …, "size": …}` of a Git LFS pointer file's content, or None."""
    if not data.startswith(LFS_SPEC_PREFIX) or len(data) >= LFS_POINTER_MAX:
        return None
    oid = _LFS_OID.search(data)
    size = _LFS_SIZE.search(data)
    if oid is None or size is None:
        return None
    return {"oid": oid.group(1).decode("ascii"), "size": int(size.group(1))}


class LocalTree(ReleaseTree):
    """A read-only, bounded view of a local release directory."""

    def __init__(self, root: Path | str) -> None:
        given = Path(root)
        try:
            resolved = given.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            raise SourceError(f"{given}: cannot open release directory: {exc}") from exc
        if not resolved.is_dir():
            raise SourceError(f"{given}: not a directory")
        self.root = resolved
        self._root_str = str(resolved)
        self.bytes_read = 0
        """Bytes read from files so far (listing sniffs and `read_bytes`), for budgets."""
        self._files: list[FileEntry] | None = None
        self._lfs: dict[str, dict[str, Any]] = {}

        metadata: dict[str, Any] = {}
        revision: str | None = None
        url: str | None = None
        trust = resolved
        snapshot, match = _hf_snapshot(resolved)
        if snapshot is not None and match is not None:
            trust = snapshot.parent.parent
            repo_type = match.group(1).rstrip("s")
            repo_id = match.group(2).replace("--", "/")
            revision = snapshot.name
            if snapshot != resolved:
                metadata["hf_cache_subfolder"] = resolved.relative_to(snapshot).as_posix()
            metadata["hf_cache"] = {
                "repo_type": repo_type,
                "repo_id": repo_id,
                "revision": revision,
            }
            prefix = "" if repo_type == "model" else f"{repo_type}s/"
            if _SHA_RE.match(revision):
                url = f"https://huggingface.co/{prefix}{repo_id}/blob/{revision}"
        self.trust_root = trust
        """Symlinks are read through only when they resolve inside this folder."""
        self._trust_str = str(trust)
        if "hf_cache" in metadata and revision is not None:
            metadata["hf_cache"]["refs"] = self._hf_refs(trust, revision)
        git = self._git_metadata(resolved)
        if git is not None:
            metadata["git"] = git
            revision = revision or git.get("head")
        if (resolved / ".cache" / "huggingface").is_dir():
            metadata["hf_local_dir"] = True
        self.info = ReleaseInfo(
            kind="directory",
            location=str(given),
            revision=revision,
            url=url,
            metadata=metadata,
        )

    # ---- listing -----------------------------------------------------------------------

    def files(self) -> list[FileEntry]:
        if self._files is None:
            entries = self._walk()
            entries.sort(key=lambda e: e.path)
            self._files = entries
            if self._lfs:
                self.info.metadata["lfs_pointers"] = dict(sorted(self._lfs.items()))
        return list(self._files)

    def _walk(self) -> list[FileEntry]:
        out: list[FileEntry] = []
        stack: list[tuple[str, str]] = [(self._root_str, "")]
        while stack:
            directory, prefix = stack.pop()
            try:
                with os.scandir(directory) as it:
                    items = list(it)
            except OSError as exc:
                raise SourceError(f"{prefix or '.'}: cannot list directory: {exc}") from exc
            for item in items:
                name = item.name
                rel = prefix + name
                if name in SKIPPED_DIRS:
                    continue
                if not prefix and name == ".cache" and self.info.metadata.get("hf_local_dir"):
                    continue
                try:
                    if item.is_symlink():
                        out.append(self._symlink_entry(item.path, rel))
                    elif item.is_dir(follow_symlinks=False):
                        stack.append((item.path, rel + "/"))
                    elif item.is_file(follow_symlinks=False):
                        size = item.stat(follow_symlinks=False).st_size
                        out.append(self._file_entry(item.path, rel, name, size))
                    # FIFOs, sockets and devices are not release files: skipped.
                except OSError as exc:
                    raise SourceError(f"{rel}: cannot stat: {exc}") from exc
        return out

    def _symlink_entry(self, full: str, rel: str) -> FileEntry:
        target = os.readlink(full)
        real = os.path.realpath(full)
        size = 0
        if _within(real, self._trust_str):
            try:
                st = os.stat(real)
            except OSError:
                st = None
            if st is not None and stat.S_ISREG(st.st_mode):
                size = st.st_size
        return FileEntry(path=rel, size=size, symlink=target)

    def _file_entry(self, full: str, rel: str, name: str, size: int) -> FileEntry:
        if LFS_POINTER_MIN <= size < LFS_POINTER_MAX and os.path.splitext(name)[1].lower() not in (
            _NO_LFS_SUFFIXES
        ):
            try:
                head = self._read_path(full, 0, size)
            except SourceError:
                head = b""
            pointer = parse_lfs_pointer(head)
            if pointer is not None:
                self._lfs[rel] = pointer
                return FileEntry(path=rel, size=size, lfs=True)
        return FileEntry(path=rel, size=size)

    # ---- reading -----------------------------------------------------------------------

    def resolve(self, path: str) -> str:
        """The resolved absolute path of a release file; SourceError when it leaves the root."""
        drive = os.name == "nt" and re.match(r"^[A-Za-z]:", path) is not None
        if not path or "\x00" in path or path.startswith(("/", "\\")) or drive:
            raise SourceError(f"{path!r}: not a relative path inside the release")
        parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
        if not parts or ".." in parts:
            raise SourceError(f"{path}: not a relative path inside the release")
        real = os.path.realpath(os.path.join(self._root_str, *parts))
        if not _within(real, self._trust_str):
            raise SourceError(f"{path}: resolves outside the release root; not read")
        return real

    def read_bytes(self, path: str, start: int = 0, length: int = MAX_TEXT_BYTES) -> bytes:
        check_range(path, start, length)
        return self._read_path(self.resolve(path), start, length, shown=path)

    def _read_path(self, real: str, start: int, length: int, shown: str | None = None) -> bytes:
        shown = shown or os.path.relpath(real, self._root_str)
        try:
            fd = os.open(real, _OPEN_FLAGS)
        except OSError as exc:
            raise SourceError(f"{shown}: cannot open: {exc.strerror or exc}") from exc
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise SourceError(f"{shown}: not a regular file; not read")
            want = max(0, min(length, MAX_READ_BYTES, st.st_size - start))
            data = _pread_all(fd, want, start) if want else b""
        except OSError as exc:
            raise SourceError(f"{shown}: cannot read: {exc.strerror or exc}") from exc
        finally:
            os.close(fd)
        self.bytes_read += len(data)
        return data

    # ---- metadata ----------------------------------------------------------------------

    def _small(self, path: Path) -> str | None:
        """A small metadata file's text (read with the same rules), or None."""
        try:
            real = os.path.realpath(path)
            if not _within(real, self._trust_str):
                return None
            return self._read_path(real, 0, _GIT_META_CAP).decode("utf-8", errors="replace")
        except (SourceError, OSError):
            return None

    def _hf_refs(self, repo_dir: Path, revision: str) -> list[str]:
        refs_dir = repo_dir / "refs"
        names: list[str] = []
        try:
            with os.scandir(refs_dir) as it:
                for item in it:
                    if item.is_file(follow_symlinks=False):
                        text = self._small(Path(item.path))
                        if text is not None and text.strip() == revision:
                            names.append(item.name)
        except OSError:
            return []
        return sorted(names)

    def _git_metadata(self, root: Path) -> dict[str, Any] | None:
        git = root / ".git"
        if git.is_symlink() or not git.exists():
            return None
        if git.is_file():
            # A worktree or submodule: its git directory lives elsewhere; not read.
            return {"checkout": True, "worktree": True, "head": None, "branch": None}
        info: dict[str, Any] = {"checkout": True, "head": None, "branch": None}
        head = (self._small(git / "HEAD") or "").strip()
        if head.startswith("ref:"):
            ref = head[4:].strip()
            if ref.startswith("refs/heads/"):
                info["branch"] = ref[len("refs/heads/") :]
            if re.fullmatch(r"refs/[A-Za-z0-9._/-]+", ref) and ".." not in ref:
                sha = (self._small(git / ref) or "").strip()
                if not _SHA_RE.match(sha):
                    sha = self._packed_ref(git, ref) or ""
                info["head"] = sha or None
        elif _SHA_RE.match(head):
            info["head"] = head
        remote = self._git_remote(git)
        if remote:
            info["remote"] = remote
        return info

    def _packed_ref(self, git: Path, ref: str) -> str | None:
        for line in (self._small(git / "packed-refs") or "").splitlines():
            sha, _, name = line.partition(" ")
            if name.strip() == ref and _SHA_RE.match(sha):
                return sha
        return None

    def _git_remote(self, git: Path) -> str | None:
        section = None
        for raw in (self._small(git / "config") or "").splitlines():
            line = raw.strip()
            if line.startswith("["):
                section = line
            elif section == '[remote "origin"]' and line.startswith("url"):
                _, _, value = line.partition("=")
                # Drop any credentials embedded in the URL.
                return re.sub(r"^([a-z+]+://)[^/@]*@", r"\1", value.strip())
        return None
