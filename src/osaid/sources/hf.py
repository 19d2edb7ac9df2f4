"""A Hugging Face Hub model repository as a `ReleaseTree` (`hf:ORG/NAME[@REVISION]`).

Everything goes through `huggingface_hub` (2.x, whose HTTP client is an `httpx2.Client`
made by the factory set with `huggingface_hub.set_client_factory`; tests mock the Hub by
setting a factory whose client has an `httpx2.MockTransport`).

What is read, and how:

* the file listing, card data, tags and the Hub's own safetensors summary come from one
  model-info call (`GET /api/models/ORG/NAME/revision/REV?blobs=true`), converted once into
  typed values (`HfModelInfo.from_api`);
* small text files (README.md, LICENSE*, *.json, *.md, *.py, *.txt, *.yaml, …) of at most
  `MAX_TEXT_BYTES` are downloaded with `hf_hub_download` into the normal Hugging Face cache;
* the header of a `*.safetensors` file is fetched with `HfApi.parse_safetensors_file_metadata`
  (two HTTP range requests at most); `read_bytes` then serves a header rebuilt from it (the
  8-byte length and the JSON, padded with spaces to the real header length, as the format
  allows), so a detector reading a local safetensors file reads a Hub one the same way;
* weights and every other binary file are never downloaded: `read_bytes` raises `SourceError`.

Offline (`HF_HUB_OFFLINE=1`, or the Hub unreachable): the tree is built from the local cache.
Each online run keeps the raw model-info JSON and the safetensors headers it fetched in the
Hub's assets cache (`cached_assets_path("osaid", "models--ORG--NAME")`), so an offline run
lists every file of the revision; when only the snapshot of downloaded files is there
(`snapshot_download(local_files_only=True)`), the listing holds just those files and
`info.metadata["listing"]` says it is partial. `info.metadata["from_cache"]` is True offline.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

# osaid reads public metadata; it sends no usage telemetry (read when the library loads).
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import httpx2  # noqa: E402
from huggingface_hub import (  # noqa: E402
    HfApi,
    cached_assets_path,
    constants,
    get_session,
    hf_hub_download,
    hf_raise_for_status,
    snapshot_download,
)
from huggingface_hub.errors import (  # noqa: E402
    DisabledRepoError,
    EntryNotFoundError,
    FileMetadataError,
    GatedRepoError,
    HfHubHTTPError,
    LocalEntryNotFoundError,
    OfflineModeIsEnabled,
    RepositoryNotFoundError,
    RevisionNotFoundError,
    SafetensorsParsingError,
)

from osaid.sources.hf_info import (
    COMMIT,
    HfModelInfo,
    HfSibling,
    is_readable_text,
    parse_hf_location,
)
from osaid.sources.interface import (
    MAX_TEXT_BYTES,
    FileEntry,
    ReleaseInfo,
    ReleaseTree,
    SourceError,
    SourceUnavailableError,
    check_range,
)

__all__ = ["HfTree"]

_T = TypeVar("_T")


# ---- errors --------------------------------------------------------------------------------


def _login_hint() -> str:
    return "log in with `hf auth login` (or set HF_TOKEN)"


def _convert_error(label: str, exc: BaseException, what: str = "") -> SourceError:
    """One-line SourceError for any error huggingface_hub or httpx2 raised."""
    where = f"{label}{': ' + what if what else ''}"
    if isinstance(exc, GatedRepoError):
        return SourceUnavailableError(
            f"{where}: gated repository; {_login_hint()} and accept its conditions on the Hub"
        )
    if isinstance(exc, DisabledRepoError):
        return SourceUnavailableError(f"{where}: repository disabled on the Hub")
    if isinstance(exc, RepositoryNotFoundError):
        status = exc.response.status_code if exc.response is not None else None
        if status == 401:
            return SourceUnavailableError(
                f"{where}: repository not found or private; {_login_hint()} if it is private"
            )
        return SourceError(f"{where}: repository not found on the Hub")
    if isinstance(exc, RevisionNotFoundError):
        return SourceError(f"{where}: revision not found")
    if isinstance(exc, LocalEntryNotFoundError):
        return SourceUnavailableError(f"{where}: not in the local Hugging Face cache (offline)")
    if isinstance(exc, EntryNotFoundError):
        return SourceError(f"{where}: file not found on the Hub")
    if isinstance(exc, OfflineModeIsEnabled):
        return SourceUnavailableError(f"{where}: offline mode (HF_HUB_OFFLINE) and not cached")
    if isinstance(exc, HfHubHTTPError):
        status = exc.response.status_code if exc.response is not None else None
        if status in (401, 403):
            return SourceUnavailableError(
                f"{where}: access denied (HTTP {status}); {_login_hint()}"
            )
        if status is None or status == 429 or status >= 500:
            return SourceUnavailableError(f"{where}: Hub unavailable (HTTP {status})")
        return SourceError(f"{where}: Hub request failed (HTTP {status})")
    if isinstance(exc, (httpx2.TransportError, FileMetadataError, ConnectionError, TimeoutError)):
        return SourceUnavailableError(f"{where}: Hub unreachable ({type(exc).__name__})")
    if isinstance(exc, SafetensorsParsingError):
        return SourceError(f"{where}: invalid safetensors header")
    return SourceError(
        f"{where}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    )


def _call(label: str, what: str, fn: Callable[[], _T]) -> _T:
    try:
        return fn()
    except SourceError:
        raise
    except (HfHubHTTPError, httpx2.HTTPError, OSError, EntryNotFoundError, SafetensorsParsingError,
            ValueError) as exc:  # fmt: skip
        raise _convert_error(label, exc, what) from exc


# ---- the tree ------------------------------------------------------------------------------


class HfTree(ReleaseTree):
    """A model repository on the Hugging Face Hub, at one revision."""

    def __init__(
        self,
        repo_id: str,
        revision: str | None = None,
        *,
        api: HfApi | None = None,
        cache_dir: str | Path | None = None,
    ) -> None:
        if repo_id.startswith("hf:") or "@" in repo_id:
            repo_id, at = parse_hf_location(repo_id)
            revision = revision or at
        else:
            parse_hf_location(repo_id)  # validates
        self.repo_id = repo_id
        self.requested_revision = revision
        self.api = api or HfApi()
        self._cache_dir = str(cache_dir) if cache_dir is not None else None
        self._label = f"hf:{repo_id}" + (f"@{revision}" if revision else "")
        self._snapshot: Path | None = None
        self._headers: dict[str, bytes] = {}
        self.from_cache = False
        self.listing = "complete"
        self.model: HfModelInfo
        if constants.is_offline_mode():
            self._load_offline("offline mode (HF_HUB_OFFLINE)")
        else:
            try:
                self._load_online()
            except SourceUnavailableError as exc:
                if not self._try_offline(f"Hub unreachable: {exc}"):
                    raise
        self.revision = self.model.sha or revision or constants.DEFAULT_REVISION
        self._by_path = {
            s.path: FileEntry(path=s.path, size=s.size or 0, lfs=s.lfs) for s in self.model.siblings
        }
        metadata = self.model.to_metadata()
        metadata.update({"from_cache": self.from_cache, "listing": self.listing})
        if self.from_cache:
            metadata["cache_reason"] = self._cache_reason
        self.info = ReleaseInfo(
            kind="huggingface",
            location=f"hf:{repo_id}" + (f"@{revision}" if revision else ""),
            revision=self.revision,
            url=f"{self.api.endpoint.rstrip('/')}/{repo_id}/blob/{quote(self.revision, safe='')}",
            metadata=metadata,
        )

    @classmethod
    def from_location(cls, location: str, *, api: HfApi | None = None) -> HfTree:
        repo_id, revision = parse_hf_location(location)
        return cls(repo_id, revision, api=api)

    # -- loading --

    def _load_online(self) -> None:
        rev = self.requested_revision
        base = f"{self.api.endpoint.rstrip('/')}/api/models/{self.repo_id}"
        url = base if rev is None else f"{base}/revision/{quote(rev, safe='')}"

        def fetch() -> Any:
            headers = self.api._build_hf_headers()  # the headers HfApi itself sends
            response = get_session().get(url, headers=headers, params={"blobs": True})
            hf_raise_for_status(response)
            return response.json()

        raw = _call(self._label, "model info", fetch)
        try:
            self.model = HfModelInfo.from_api(raw)
        except ValueError as exc:
            raise SourceError(f"{self._label}: unexpected model-info response ({exc})") from exc
        self._save_model_info(raw)

    def _try_offline(self, reason: str) -> bool:
        try:
            self._load_offline(reason)
        except SourceUnavailableError:
            return False
        return True

    def _load_offline(self, reason: str) -> None:
        self.from_cache = True
        self._cache_reason = reason
        rev = self.requested_revision or constants.DEFAULT_REVISION
        sha = rev if COMMIT.match(rev) else self._read_assets_ref(rev)
        raw = self._read_assets_json("model-info", f"{sha}.json") if sha else None
        if raw is not None:
            try:
                self.model = HfModelInfo.from_api(raw)
            except ValueError:
                raw = None
        snapshot: Path | None = None
        try:
            snapshot = Path(
                snapshot_download(
                    self.repo_id,
                    revision=sha or rev,
                    cache_dir=self._cache_dir or constants.HF_HUB_CACHE,
                    local_files_only=True,
                )
            )
        except (LocalEntryNotFoundError, OSError, ValueError, HfHubHTTPError):
            snapshot = None
        self._snapshot = snapshot
        if raw is not None:
            self.listing = "complete"
            return
        if snapshot is None:
            raise SourceUnavailableError(
                f"{self._label}: not in the local Hugging Face cache ({reason})"
            )
        self.listing = "partial: files in the local cache only"
        siblings = [
            HfSibling(path=rel, size=size)
            for rel, size in _walk_snapshot(snapshot, self._repo_cache())
        ]
        self.model = HfModelInfo(id=self.repo_id, sha=snapshot.name, siblings=tuple(siblings))

    # -- the assets cache (our own files beside the Hub cache) --

    def _assets(self, subfolder: str) -> Path:
        return cached_assets_path(
            library_name="osaid",
            namespace=f"models--{self.repo_id.replace('/', '--')}",
            subfolder=subfolder,
            assets_dir=constants.HF_ASSETS_CACHE,
        )

    def _repo_cache(self) -> Path:
        root = Path(self._cache_dir or constants.HF_HUB_CACHE)
        return root / f"models--{self.repo_id.replace('/', '--')}"

    def _save_model_info(self, raw: Any) -> None:
        sha = self.model.sha
        if not sha or not COMMIT.match(sha):
            return
        try:
            (self._assets("model-info") / f"{sha}.json").write_text(json.dumps(raw), "utf-8")
            ref = self.requested_revision or constants.DEFAULT_REVISION
            if ref != sha:
                (self._assets("refs") / quote(ref, safe="")).write_text(sha, "utf-8")
        except (OSError, ValueError):
            pass  # a read-only cache only costs the offline listing

    def _read_assets_ref(self, rev: str) -> str | None:
        try:
            sha = (self._assets("refs") / quote(rev, safe="")).read_text("utf-8").strip()
        except (OSError, ValueError):
            sha = ""
        if not COMMIT.match(sha):
            try:  # the Hub cache's own refs, written by hf_hub_download
                sha = (self._repo_cache() / "refs" / rev).read_text("utf-8").strip()
            except (OSError, ValueError):
                return None
        return sha if COMMIT.match(sha) else None

    def _read_assets_json(self, subfolder: str, name: str) -> Any:
        try:
            path = self._assets(subfolder) / name
            if path.stat().st_size > 64 * MAX_TEXT_BYTES:
                return None
            return json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return None

    # -- ReleaseTree --

    def files(self) -> list[FileEntry]:
        return [self._by_path[p] for p in sorted(self._by_path)]

    def read_bytes(self, path: str, start: int = 0, length: int = MAX_TEXT_BYTES) -> bytes:
        entry = self._by_path.get(path)
        if entry is None:
            raise SourceError(f"{self._label}: no file {path!r} in the repository")
        check_range(f"{self._label}: {path}", start, length)
        if path.endswith(".safetensors"):
            header = self.safetensors_header(path)
            if start >= len(header) and length:
                raise SourceError(
                    f"{self._label}: {path}: only the header of a safetensors file is read from the Hub"
                )
            return header[start : start + length]
        if not is_readable_text(path):
            raise SourceError(
                f"{self._label}: {path}: not downloaded (only small text files and safetensors "
                "headers are read from the Hub; weights never are)"
            )
        if entry.size > MAX_TEXT_BYTES:
            raise SourceError(
                f"{self._label}: {path}: {entry.size} bytes, larger than the "
                f"{MAX_TEXT_BYTES}-byte limit for files read from the Hub"
            )
        local = self._local_file(path)
        try:
            with open(local, "rb") as fh:
                fh.seek(start)
                return fh.read(min(length, MAX_TEXT_BYTES))
        except OSError as exc:
            raise SourceError(f"{self._label}: {path}: cannot read cached copy") from exc

    def _local_file(self, path: str) -> Path:
        if self.from_cache:
            if self._snapshot is not None:
                candidate = self._snapshot / path
                if candidate.is_file() and _inside(candidate, self._repo_cache()):
                    return candidate
            raise SourceUnavailableError(
                f"{self._label}: {path}: not in the local Hugging Face cache ({self._cache_reason})"
            )
        local = _call(
            self._label,
            path,
            lambda: hf_hub_download(
                self.repo_id,
                path,
                revision=self.revision,
                cache_dir=self._cache_dir or constants.HF_HUB_CACHE,
                endpoint=self.api.endpoint,
                token=self.api.token,
            ),
        )
        return Path(local)

    def safetensors_header(self, path: str) -> bytes:
        """The header of a safetensors file: 8-byte little-endian length, then the JSON."""
        if path in self._headers:
            return self._headers[path]
        cache_name = quote(path, safe="") + ".json"
        if self.from_cache:
            raw = self._read_assets_json(f"safetensors--{self.revision}", cache_name)
            if not isinstance(raw, dict):
                raise SourceUnavailableError(
                    f"{self._label}: {path}: safetensors header not in the local cache "
                    f"({self._cache_reason})"
                )
            header_json = raw
        else:
            meta = _call(
                self._label,
                path,
                lambda: self.api.parse_safetensors_file_metadata(
                    self.repo_id, path, revision=self.revision
                ),
            )
            header_json = {}
            if meta.metadata:
                header_json["__metadata__"] = dict(meta.metadata)
            for name, tensor in meta.tensors.items():
                header_json[name] = {
                    "dtype": tensor.dtype,
                    "shape": list(tensor.shape),
                    "data_offsets": list(tensor.data_offsets),
                }
            try:
                (self._assets(f"safetensors--{self.revision}") / cache_name).write_text(
                    json.dumps(header_json), "utf-8"
                )
            except (OSError, ValueError):
                pass
        entry = self._by_path[path]
        data = json.dumps(header_json, separators=(",", ":")).encode()
        ends = [
            int(v["data_offsets"][1])
            for k, v in header_json.items()
            if k != "__metadata__" and isinstance(v, dict) and len(v.get("data_offsets", [])) == 2
        ]
        real_len = entry.size - 8 - max(ends, default=0)
        if real_len > len(data):  # the format allows trailing spaces: keep the real length
            data += b" " * real_len
            data = data[:real_len]
        header = struct.pack("<Q", len(data)) + data
        self._headers[path] = header
        return header


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (OSError, ValueError):
        return False
    return True


def _walk_snapshot(snapshot: Path, repo_cache: Path) -> Iterator[tuple[str, int]]:
    """Files of a cached snapshot whose blobs are inside the repository's cache folder."""
    for dirpath, dirnames, filenames in os.walk(snapshot):
        dirnames.sort()
        for name in sorted(filenames):
            full = Path(dirpath) / name
            if not _inside(full, repo_cache):
                continue
            try:
                size = full.stat().st_size
            except OSError:
                continue
            yield full.relative_to(snapshot).as_posix(), size
