"""A git repository as a `ReleaseTree`: a local repository, or a URL cloned shallowly.

**What is read: the committed tree at HEAD**, never the working tree. A release is what was
committed; uncommitted edits, untracked and ignored files are not part of it (use the
directory source to scan a working tree as it is). `info.metadata["dirty"]` says when the
working tree of a local repository differs from HEAD, so a report can warn about it.

* Listing: `git ls-tree -r -z --full-tree HEAD` and `git cat-file --batch-check` for sizes.
  Run inside a subdirectory of a repository, the tree is that subdirectory's part of HEAD.
* Reads: `git cat-file blob SHA`, of which at most `start + length` bytes are read before the
  process is stopped. Nothing is checked out, so no filter, hook or attribute runs.
* Git LFS: a blob that is an LFS pointer becomes a `FileEntry` with `lfs=True` and the size
  of the LFS object it points to (as the Hub reports it); reading it reads the pointer text.
* Symlinks are listed with their target and never followed out of the tree.
* Submodules (gitlinks) are not listed; their paths are in `info.metadata["submodules"]`.
* URLs (https://, ssh://, git@host:path, file://) are cloned into a temporary directory that
  `close()` removes: `git clone --bare --depth 1 --filter=blob:limit=1m --single-branch`.
  Blobs over 1 MiB are not fetched: they are listed with a size of at least 1 MiB + 1 (their
  paths are in `info.metadata["unfetched"]`) and reading them raises `SourceError`; the
  clone's promisor remote is removed right after cloning so that git can never fetch them
  lazily. Objects missing from a local partial clone are treated the same way.

Safety: git runs without a shell, with `core.hooksPath=/dev/null`, `protocol.ext.allow=never`,
`protocol.file.allow=user`, `core.fsmonitor=false`, `GIT_TERMINAL_PROMPT=0`, no pager, and
a timeout on every command. Credentials in remote URLs are never stored or shown.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from osaid.sources.interface import (
    MAX_TEXT_BYTES,
    FileEntry,
    ReleaseInfo,
    ReleaseTree,
    SourceError,
    SourceUnavailableError,
    check_range,
)

__all__ = ["GitTree", "is_git_url", "public_url"]

SAFE_CONFIG = (
    "-c", "core.hooksPath=/dev/null",
    "-c", "protocol.ext.allow=never",
    "-c", "protocol.file.allow=user",
    "-c", "core.fsmonitor=false",
    "-c", "core.pager=cat",
    "-c", "credential.interactive=false",
)  # fmt: skip
"""Options given to every git command."""

CLONE_FILTER_BYTES = 1024 * 1024
"""Blobs larger than this are not fetched when cloning (`--filter=blob:limit=1m`)."""

LOCAL_TIMEOUT = 120.0
CLONE_TIMEOUT = 600.0

_LFS_POINTER = re.compile(
    rb"^version https://git-lfs\.github\.com/spec/v1\n(?:[a-z0-9.-]+ [^\n]*\n)*?oid sha256:[0-9a-f]{64}\n"
    rb"(?:[a-z0-9.-]+ [^\n]*\n)*?size (\d+)\n"
)
_LFS_POINTER_MAX = 1024
_SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?[\w.-]+:(?!//)[^\\]")
_UNAVAILABLE = re.compile(
    r"(?i)could not resolve host|failed to connect|connection refused|connection timed out|"
    r"network is unreachable|operation timed out|temporary failure in name resolution|"
    r"could not read from remote repository|no route to host|connection reset|"
    r"terminal prompts disabled|authentication failed|ssl|tls|proxy"
)
_FORGES = {
    "github.com": "{base}/blob/{rev}",
    "gitlab.com": "{base}/-/blob/{rev}",
    "codeberg.org": "{base}/src/commit/{rev}",
    "bitbucket.org": "{base}/src/{rev}",
    "huggingface.co": "{base}/blob/{rev}",
}


def is_git_url(location: str) -> bool:
    """Whether `location` is a URL git would clone rather than a local path."""
    if re.match(r"^(https?|ssh|git|file)://", location):
        return True
    return bool(_SCP_LIKE.match(location)) and not os.path.exists(location)


def _scrub(url: str) -> str:
    """A URL without user name or password."""
    if "://" not in url:
        return re.sub(r"^[^@/:]+@", "", url) if _SCP_LIKE.match(url) else url
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def public_url(remote: str, revision: str) -> str | None:
    """A browsable https URL of the tree at `revision` (github → …/blob/REV), when known."""
    remote = _scrub(remote)
    if m := re.match(
        r"^(?:ssh://)?(?:[^@/]+@)?([\w.-]+)[:/]([\w.-]+/[\w./-]+?)(?:\.git)?/?$", remote
    ):
        if not remote.startswith(("http://", "https://")):
            remote = f"https://{m.group(1)}/{m.group(2)}"
    parts = urlsplit(remote)
    if parts.scheme != "https" or not parts.hostname:
        return None
    path = parts.path.rstrip("/")
    path = path[:-4] if path.endswith(".git") else path
    base = f"https://{parts.hostname}{path}"
    template = _FORGES.get(parts.hostname.lower())
    if template is None or path.count("/") < 2:
        return None
    return template.format(base=base, rev=revision)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_PAGER": "cat",
            "PAGER": "cat",
            "GIT_OPTIONAL_LOCKS": "0",
            "GIT_NO_LAZY_FETCH": "1",  # git >= 2.44; older git is protected by `_missing`
            "LC_ALL": "C",
            "LANGUAGE": "C",
        }
    )
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


@dataclass(frozen=True)
class _Blob:
    sha: str
    mode: str


class GitTree(ReleaseTree):
    """The committed tree at HEAD of a local git repository or of a shallow clone of a URL."""

    def __init__(
        self,
        location: str,
        *,
        branch: str | None = None,
        clone_timeout: float = CLONE_TIMEOUT,
        timeout: float = LOCAL_TIMEOUT,
    ) -> None:
        self.location = location
        self.timeout = timeout
        self._tmp: str | None = None
        if shutil.which("git") is None:
            raise SourceError(f"{location}: git is not installed")
        try:
            if is_git_url(location):
                self._clone(location, branch, clone_timeout)
            else:
                self._open_local(location)
            self._load()
        except BaseException:
            self.close()
            raise

    # -- running git --

    def _git(
        self,
        *args: str,
        input: bytes | None = None,
        timeout: float | None = None,
        cwd: str | None = None,
    ) -> bytes:
        cmd = ["git", *SAFE_CONFIG, *args]
        try:
            proc = subprocess.run(
                cmd,
                cwd=cwd or self.root,
                input=input,
                capture_output=True,
                timeout=timeout or self.timeout,
                env=_env(),
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise SourceError(f"{self.location}: git {args[0]} timed out") from exc
        except OSError as exc:
            raise SourceError(f"{self.location}: cannot run git ({exc.strerror})") from exc
        if proc.returncode != 0:
            raise SourceError(f"{self.location}: git {args[0]} failed: {_last_line(proc.stderr)}")
        return proc.stdout

    # -- opening --

    def _open_local(self, location: str) -> None:
        path = Path(location).expanduser()
        if not path.is_dir():
            raise SourceError(f"{location}: not a directory")
        self.root = str(path)
        self.cloned = False
        try:
            bare = self._git("rev-parse", "--is-bare-repository").strip() == b"true"
        except SourceError as exc:
            raise SourceError(f"{location}: not a git repository ({exc})") from exc
        self.prefix = "" if bare else self._git("rev-parse", "--show-prefix").decode().strip()
        self.bare = bare
        self.remote = self._config("remote.origin.url")

    def _clone(self, url: str, branch: str | None, timeout: float) -> None:
        self._tmp = tempfile.mkdtemp(prefix="osaid-git-")
        dest = os.path.join(self._tmp, "repo.git")
        args = [
            "clone",
            "--bare",
            "--quiet",
            "--depth",
            "1",
            f"--filter=blob:limit={CLONE_FILTER_BYTES}",
            "--single-branch",
            "--no-tags",
        ]
        if branch:
            args += ["--branch", branch]
        cmd = ["git", *SAFE_CONFIG, *args, "--", url, dest]
        shown = _scrub(url)
        try:
            proc = subprocess.run(
                cmd,
                cwd=self._tmp,
                capture_output=True,
                timeout=timeout,
                env=_env(),
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            raise SourceUnavailableError(
                f"{shown}: git clone timed out after {timeout:g}s"
            ) from exc
        except OSError as exc:
            raise SourceError(f"{shown}: cannot run git ({exc.strerror})") from exc
        if proc.returncode != 0:
            stderr = proc.stderr.decode("utf-8", "replace").replace(url, shown)
            line = _last_line(stderr.encode())
            cause = subprocess.CalledProcessError(proc.returncode, "git clone", stderr=stderr)
            if _UNAVAILABLE.search(stderr):
                raise SourceUnavailableError(f"{shown}: cannot clone: {line}") from cause
            raise SourceError(f"{shown}: cannot clone: {line}") from cause
        self.root = dest
        self.cloned = True
        self.bare = True
        self.prefix = ""
        self.remote = url
        # Without a promisor remote git cannot fetch the filtered-out blobs behind our back.
        self._git("config", "--remove-section", "remote.origin")

    def _config(self, key: str) -> str | None:
        try:
            value = self._git("config", "--get", key).decode("utf-8", "replace").strip()
        except SourceError:
            return None
        return value or None

    # -- listing --

    def _load(self) -> None:
        try:
            self.head = self._git("rev-parse", "--verify", "HEAD^{commit}").decode().strip()
        except SourceError as exc:
            raise SourceError(f"{self.location}: repository has no commits") from exc
        branch = None
        try:
            branch = self._git("symbolic-ref", "--short", "-q", "HEAD").decode().strip() or None
        except SourceError:
            branch = None
        missing = self._missing()
        raw = self._git("ls-tree", "-r", "-z", "--full-tree", self.head)
        blobs: dict[str, _Blob] = {}
        submodules: list[str] = []
        for record in raw.split(b"\0"):
            if not record:
                continue
            meta, _, name = record.partition(b"\t")
            mode, kind, sha = meta.decode().split(" ")
            path = name.decode("utf-8", "replace")
            if self.prefix:
                if not path.startswith(self.prefix):
                    continue
                path = path[len(self.prefix) :]
            if kind == "commit":
                submodules.append(path)
            elif kind == "blob":
                blobs[path] = _Blob(sha=sha, mode=mode)
        present = sorted({b.sha for b in blobs.values() if b.sha not in missing})
        sizes: dict[str, int] = {}
        if present:
            out = self._git("cat-file", "--batch-check", input="\n".join(present).encode() + b"\n")
            for line in out.decode().splitlines():
                parts = line.split(" ")
                if len(parts) == 3 and parts[1] == "blob":
                    sizes[parts[0]] = int(parts[2])
        small = sorted(
            {
                b.sha
                for b in blobs.values()
                if b.mode != "120000" and sizes.get(b.sha, _LFS_POINTER_MAX + 1) <= _LFS_POINTER_MAX
            }
        )
        contents = self._batch_contents(small)
        self._blobs = blobs
        self._missing_shas = missing
        entries: dict[str, FileEntry] = {}
        lfs_count = 0
        unfetched: list[str] = []
        for path, blob in blobs.items():
            if blob.sha in missing:
                unfetched.append(path)
                entries[path] = FileEntry(path=path, size=CLONE_FILTER_BYTES + 1)
                continue
            size = sizes.get(blob.sha, 0)
            if blob.mode == "120000":
                target = self._read_blob(blob.sha, 0, 4096).decode("utf-8", "replace")
                entries[path] = FileEntry(path=path, size=size, symlink=target)
                continue
            pointer = _LFS_POINTER.match(contents.get(blob.sha, b""))
            if pointer:
                lfs_count += 1
                entries[path] = FileEntry(path=path, size=int(pointer.group(1)), lfs=True)
            else:
                entries[path] = FileEntry(path=path, size=size)
        self._entries = entries
        dirty = None if self.bare else self._dirty()
        metadata: dict[str, Any] = {
            "root": None if self.cloned else str(Path(self.root).resolve()),
            "cloned": self.cloned,
            "subdirectory": self.prefix.rstrip("/") or None,
            "branch": branch,
            "remote": _scrub(self.remote) if self.remote else None,
            "dirty": dirty,
            "reads": "committed tree at HEAD",
            "lfs_pointers": lfs_count,
            "submodules": sorted(submodules),
            "unfetched": sorted(unfetched),
        }
        url = public_url(self.remote, self.head) if self.remote else None
        if url and self.prefix:
            url = f"{url}/{self.prefix.rstrip('/')}"
        self.info = ReleaseInfo(
            kind="git",
            location=_scrub(self.location) if is_git_url(self.location) else self.location,
            revision=self.head,
            url=url,
            metadata=metadata,
        )

    def _missing(self) -> set[str]:
        """Blobs of HEAD's tree that a partial clone does not have (never fetched here)."""
        if not self.cloned and self._config("extensions.partialclone") is None:
            return set()
        out = self._git("rev-list", "--objects", "--missing=print", "--no-walk", "HEAD")
        return {line[1:] for line in out.decode().splitlines() if line.startswith("?")}

    def _dirty(self) -> bool | None:
        try:
            out = self._git("status", "--porcelain", "--untracked-files=no", "--ignore-submodules")
        except SourceError:
            return None
        return bool(out.strip())

    def _batch_contents(self, shas: list[str]) -> dict[str, bytes]:
        if not shas:
            return {}
        out = self._git("cat-file", "--batch", input="\n".join(shas).encode() + b"\n")
        contents: dict[str, bytes] = {}
        pos = 0
        while pos < len(out):
            nl = out.index(b"\n", pos)
            header = out[pos:nl].decode().split(" ")
            pos = nl + 1
            if len(header) != 3:  # "<sha> missing"
                continue
            size = int(header[2])
            contents[header[0]] = out[pos : pos + size]
            pos += size + 1
        return contents

    def _read_blob(self, sha: str, start: int, length: int) -> bytes:
        if sha in self._missing_shas:
            raise SourceError(f"{self.location}: blob {sha[:12]} was not fetched")
        cmd = ["git", *SAFE_CONFIG, "cat-file", "blob", sha]
        want = start + length
        try:
            proc = subprocess.Popen(
                cmd,
                cwd=self.root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                env=_env(),
            )
        except OSError as exc:
            raise SourceError(f"{self.location}: cannot run git ({exc.strerror})") from exc
        assert proc.stdout is not None
        chunks: list[bytes] = []
        got = 0
        try:
            while got < want:
                chunk = proc.stdout.read(min(1 << 16, want - got))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
        finally:
            if proc.poll() is None:
                proc.kill()
            try:
                _, err = proc.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                err = b""
        if proc.returncode not in (0, -9) and got < want and not chunks:
            raise SourceError(f"{self.location}: git cat-file failed: {_last_line(err)}")
        return b"".join(chunks)[start:want]

    # -- ReleaseTree --

    def files(self) -> list[FileEntry]:
        return [self._entries[p] for p in sorted(self._entries)]

    def read_bytes(self, path: str, start: int = 0, length: int = MAX_TEXT_BYTES) -> bytes:
        blob = self._blobs.get(path)
        if blob is None:
            raise SourceError(f"{self.location}: no file {path!r} at {self.head[:12]}")
        check_range(f"{self.location}: {path}", start, length)
        if blob.mode == "120000":
            target = self._entries[path].symlink or ""
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            inner = self._blobs.get(resolved)
            if target.startswith("/") or inner is None or inner.mode == "120000":
                raise SourceError(
                    f"{self.location}: {path}: symlink to {target!r} outside the tree or to a "
                    "symlink; not followed"
                )
            blob = inner
            path = resolved
        if blob.sha in self._missing_shas:
            raise SourceError(
                f"{self.location}: {path}: larger than {CLONE_FILTER_BYTES} bytes; not fetched "
                "by the shallow clone"
            )
        return self._read_blob(blob.sha, start, length)

    def close(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> GitTree:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _last_line(stderr: bytes) -> str:
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    return lines[-1] if lines else "no message"
