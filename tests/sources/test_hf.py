"""HfTree against a mocked Hub: huggingface_hub's client factory makes an httpx2 client whose
transport is an `httpx2.MockTransport` serving the fixtures in fixtures/hf/. No test touches
the network: an unexpected request gets a 404, and a "down" hub raises ConnectError."""

from __future__ import annotations

import hashlib
import json
import re
import struct
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from huggingface_hub import HfApi, constants, set_client_factory
from huggingface_hub.utils._http import default_client_factory, hf_request_event_hook

from osaid.sources.hf import HfTree
from osaid.sources.hf_info import HfModelInfo, is_readable_text, parse_hf_location
from osaid.sources.interface import SourceError, SourceUnavailableError

FIXTURES = Path(__file__).parent / "fixtures" / "hf"
ENDPOINT = "https://huggingface.co"
TINY = "example-org/tiny-open-lm"
TINY_SHA = "0123456789abcdef0123456789abcdef01234567"
GATED = "example-org/gated-lm"


def _safetensors_bytes(header_file: Path) -> bytes:
    header = json.loads(header_file.read_text())
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * ((-len(raw)) % 8)
    end = max(v["data_offsets"][1] for k, v in header.items() if k != "__metadata__")
    return struct.pack("<Q", len(raw)) + raw + b"\0" * end


class FakeHub:
    """Answers like the Hub's API and resolve endpoints, from the fixture folders."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.requests: list[httpx2.Request] = []
        self.down = False

    def _repo(self, org: str, name: str) -> Path | None:
        folder = self.root / f"{org}--{name}"
        return folder if folder.is_dir() else None

    def handler(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if self.down:
            raise httpx2.ConnectError("network is unreachable", request=request)
        path = request.url.path
        if m := re.fullmatch(r"/api/models/([^/]+)/([^/]+)(?:/revision/([^/]+))?", path):
            return self._model_info(*m.groups())
        if m := re.fullmatch(r"/([^/]+)/([^/]+)/resolve/([^/]+)/(.+)", path):
            return self._resolve(request, *m.groups())
        return httpx2.Response(404, headers={"X-Error-Code": "RepoNotFound"})

    def _model_info(self, org: str, name: str, rev: str | None) -> httpx2.Response:
        repo = self._repo(org, name)
        if repo is None:
            return httpx2.Response(
                401,
                headers={"X-Error-Code": "RepoNotFound", "X-Error-Message": "Repository not found"},
                json={"error": "Repository not found"},
            )
        info = json.loads((repo / "model_info.json").read_text())
        if rev not in (None, "main", info["sha"]):
            return httpx2.Response(
                404,
                headers={"X-Error-Code": "RevisionNotFound"},
                json={"error": f"Invalid rev id: {rev}"},
            )
        return httpx2.Response(200, json=info)

    def _resolve(
        self, request: httpx2.Request, org: str, name: str, rev: str, file: str
    ) -> httpx2.Response:
        repo = self._repo(org, name)
        if repo is None:
            return httpx2.Response(404, headers={"X-Error-Code": "RepoNotFound"})
        info = json.loads((repo / "model_info.json").read_text())
        gated_file = repo / "gated.json"
        if gated_file.exists() and file in json.loads(gated_file.read_text()):
            return httpx2.Response(
                401,
                headers={
                    "X-Error-Code": "GatedRepo",
                    "X-Error-Message": f"Access to model {org}/{name} is restricted. You must have "
                    "access to it and be authenticated to access it. Please log in.",
                },
            )
        local = repo / "files" / file
        if file.endswith(".safetensors") and (repo / "files" / f"{file}.header.json").exists():
            body = _safetensors_bytes(repo / "files" / f"{file}.header.json")
            etag = hashlib.sha256(body).hexdigest()
        elif local.is_file():
            body = local.read_bytes()
            etag = hashlib.sha1(b"blob %d\0" % len(body) + body).hexdigest()
        else:
            return httpx2.Response(
                404,
                headers={"X-Error-Code": "EntryNotFound", "X-Repo-Commit": info["sha"]},
            )
        headers = {
            "ETag": f'"{etag}"',
            "X-Repo-Commit": info["sha"],
            "Content-Type": "text/plain; charset=utf-8",
            "Accept-Ranges": "bytes",
        }
        status = 200
        if (rng := request.headers.get("range")) and (m := re.fullmatch(r"bytes=(\d+)-(\d*)", rng)):
            start, end = int(m.group(1)), int(m.group(2) or len(body) - 1)
            headers["Content-Range"] = f"bytes {start}-{min(end, len(body) - 1)}/{len(body)}"
            body = body[start : end + 1]
            status = 206
        if request.method == "HEAD":
            headers["Content-Length"] = str(len(body))
            return httpx2.Response(status, headers=headers)
        return httpx2.Response(status, headers=headers, content=body)


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeHub]:
    home = tmp_path / "hf-home"
    monkeypatch.setattr(constants, "HF_HOME", str(home))
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(home / "hub"))
    monkeypatch.setattr(constants, "HF_ASSETS_CACHE", str(home / "assets"))
    monkeypatch.setattr(constants, "HF_TOKEN_PATH", str(home / "token"))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    # No telemetry: build_hf_headers would otherwise fetch the Hub's agent registry.
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_TELEMETRY", True)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    fake = FakeHub(FIXTURES)
    set_client_factory(
        lambda: httpx2.Client(
            transport=httpx2.MockTransport(fake.handler),
            event_hooks={"request": [hf_request_event_hook]},
            follow_redirects=True,
        )
    )
    yield fake
    set_client_factory(default_client_factory)


def _api() -> HfApi:
    return HfApi(endpoint=ENDPOINT, token=False)


def test_parse_location() -> None:
    assert parse_hf_location("hf:org/name") == ("org/name", None)
    assert parse_hf_location("hf:org/name@v1.0") == ("org/name", "v1.0")
    assert parse_hf_location("https://huggingface.co/org/name/tree/dev") == ("org/name", "dev")
    assert parse_hf_location("gpt2") == ("gpt2", None)
    for bad in ("hf:../etc", "hf:a/b/c", "hf:org/name@", "hf:org--x/y", "hf:"):
        with pytest.raises(SourceError):
            parse_hf_location(bad)


def test_readable_text_names() -> None:
    assert is_readable_text("README.md")
    assert is_readable_text("LICENSE")
    assert is_readable_text("sub/LICENSE.txt")
    assert is_readable_text("tokenizer_config.json")
    assert is_readable_text("USE_POLICY.md")
    assert not is_readable_text("model.safetensors")
    assert not is_readable_text("pytorch_model.bin")
    assert not is_readable_text("tokenizer.model")


def test_model_info_from_api_rejects_unsafe_paths() -> None:
    with pytest.raises(ValueError, match="unsafe"):
        HfModelInfo.from_api({"id": "a/b", "siblings": [{"rfilename": "../x"}]})
    with pytest.raises(ValueError):
        HfModelInfo.from_api(["not", "a", "dict"])


def test_online_listing_and_reads(hub: FakeHub) -> None:
    tree = HfTree(TINY, api=_api())
    files = tree.files()
    assert [f.path for f in files] == [
        ".gitattributes",
        "LICENSE",
        "README.md",
        "config.json",
        "model.safetensors",
        "pytorch_model.bin",
        "tokenizer.json",
    ]
    by_path = {f.path: f for f in files}
    assert by_path["model.safetensors"].lfs and by_path["model.safetensors"].size == 1736
    assert not by_path["README.md"].lfs
    info = tree.info
    assert info.kind == "huggingface"
    assert info.location == f"hf:{TINY}"
    assert info.revision == TINY_SHA
    assert info.url == f"{ENDPOINT}/{TINY}/blob/{TINY_SHA}"
    assert tree.url_for("README.md") == f"{ENDPOINT}/{TINY}/blob/{TINY_SHA}/README.md"
    meta = info.metadata
    assert meta["from_cache"] is False and meta["listing"] == "complete"
    assert meta["card_data"]["license"] == "apache-2.0"
    assert "license:apache-2.0" in meta["tags"]
    assert meta["pipeline_tag"] == "text-generation"
    assert meta["library_name"] == "transformers"
    assert meta["sha"] == TINY_SHA
    assert meta["last_modified"] == "2024-05-24T10:11:12.000Z"
    assert meta["gated"] is False
    assert meta["safetensors"] == {"parameters": {"BF16": 256, "F32": 256}, "total": 512}
    # The model-info call asked for file metadata.
    first = hub.requests[0]
    assert first.url.path == f"/api/models/{TINY}" and first.url.params.get("blobs") == "true"

    readme = tree.read_text("README.md")
    assert readme is not None and readme.startswith("---\nlicense: apache-2.0")
    assert tree.read_bytes("README.md", 4, 7) == b"license"
    assert b"Apache License" in tree.read_bytes("LICENSE")
    # The file went into the normal Hugging Face cache.
    cached = Path(constants.HF_HUB_CACHE) / "models--example-org--tiny-open-lm" / "snapshots"
    assert (cached / TINY_SHA / "README.md").is_file()


def test_pinned_revision(hub: FakeHub) -> None:
    tree = HfTree.from_location(f"hf:{TINY}@main", api=_api())
    assert tree.info.revision == TINY_SHA
    assert tree.info.location == f"hf:{TINY}@main"
    assert hub.requests[0].url.path == f"/api/models/{TINY}/revision/main"
    with pytest.raises(SourceError, match="revision not found") as err:
        HfTree(TINY, "no-such-branch", api=_api())
    assert not isinstance(err.value, SourceUnavailableError)
    assert err.value.__cause__ is not None


def test_safetensors_header_without_downloading_weights(hub: FakeHub) -> None:
    tree = HfTree(TINY, api=_api())
    (size,) = struct.unpack("<Q", tree.read_bytes("model.safetensors", 0, 8))
    header = json.loads(tree.read_bytes("model.safetensors", 8, size))
    assert header["lm_head.weight"] == {
        "dtype": "F32",
        "shape": [32, 8],
        "data_offsets": [512, 1536],
    }
    assert header["__metadata__"] == {"format": "pt"}
    # The rebuilt header has the real length: 8 + header + data == file size.
    assert 8 + size + 1536 == 1736
    with pytest.raises(SourceError, match="only the header"):
        tree.read_bytes("model.safetensors", 8 + size + 10, 10)
    # Only ranged requests reached the safetensors file.
    st = [r for r in hub.requests if r.url.path.endswith("model.safetensors")]
    assert st and all(r.headers.get("range", "").startswith("bytes=") for r in st)


def test_weights_and_big_files_are_never_downloaded(hub: FakeHub) -> None:
    tree = HfTree(TINY, api=_api())
    with pytest.raises(SourceError, match="not downloaded"):
        tree.read_bytes("pytorch_model.bin")
    with pytest.raises(SourceError, match="larger than"):
        tree.read_bytes("tokenizer.json")
    with pytest.raises(SourceError, match="no file"):
        tree.read_bytes("missing.txt")
    assert not any(
        "pytorch_model.bin" in r.url.path or "tokenizer.json" in r.url.path for r in hub.requests
    )


def test_gated_repository(hub: FakeHub) -> None:
    tree = HfTree(GATED, api=_api())
    assert tree.info.metadata["gated"] == "manual"
    assert tree.info.metadata["card_data"]["extra_gated_prompt"].startswith("You agree")
    # The card is public, the rest is gated.
    assert b"Gated LM" in tree.read_bytes("README.md")
    with pytest.raises(SourceUnavailableError) as err:
        tree.read_bytes("LICENSE")
    message = str(err.value)
    assert message.startswith(f"hf:{GATED}: LICENSE: gated repository")
    assert "hf auth login" in message and "\n" not in message
    assert err.value.__cause__ is not None
    with pytest.raises(SourceUnavailableError, match="gated"):
        tree.read_bytes("model.safetensors", 0, 8)


def test_missing_repository(hub: FakeHub) -> None:
    with pytest.raises(SourceUnavailableError, match="not found or private") as err:
        HfTree("example-org/does-not-exist", api=_api())
    assert "\n" not in str(err.value)
    assert err.value.__cause__ is not None


def test_network_down_without_cache(hub: FakeHub) -> None:
    hub.down = True
    with pytest.raises(SourceUnavailableError, match="Hub unreachable") as err:
        HfTree(TINY, api=_api())
    assert isinstance(err.value.__cause__, httpx2.ConnectError)


def test_offline_from_cache(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    online = HfTree(TINY, api=_api())
    readme = online.read_bytes("README.md")
    header = online.read_bytes("model.safetensors", 0, 4096)
    online.close()

    hub.down = True
    hub.requests.clear()
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    tree = HfTree(TINY, api=_api())
    assert hub.requests == []
    meta = tree.info.metadata
    assert meta["from_cache"] is True
    assert meta["listing"] == "complete"
    assert "offline" in meta["cache_reason"]
    assert meta["card_data"]["license"] == "apache-2.0"
    assert tree.info.revision == TINY_SHA
    assert [f.path for f in tree.files()] == [f.path for f in online.files()]
    assert tree.read_bytes("README.md") == readme
    assert tree.read_bytes("model.safetensors", 0, 4096) == header
    with pytest.raises(SourceUnavailableError, match="not in the local Hugging Face cache"):
        tree.read_bytes("LICENSE")  # never fetched online
    assert hub.requests == []


def test_offline_partial_snapshot(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    HfTree(TINY, api=_api()).read_bytes("README.md")
    # Without osaid's saved model info, only the cached snapshot is known.
    for saved in (Path(constants.HF_ASSETS_CACHE) / "osaid").rglob("*.json"):
        saved.unlink()
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    hub.down = True
    tree = HfTree(f"hf:{TINY}", api=_api())
    assert tree.info.metadata["listing"].startswith("partial")
    assert [f.path for f in tree.files()] == ["README.md"]
    assert tree.read_text("README.md", 20) == "---\nlicense: apache-"


def test_unreachable_hub_falls_back_to_cache(hub: FakeHub) -> None:
    HfTree(TINY, api=_api())
    hub.down = True
    tree = HfTree(TINY, api=_api())
    assert tree.info.metadata["from_cache"] is True
    assert "Hub unreachable" in tree.info.metadata["cache_reason"]


def test_offline_not_cached(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(SourceUnavailableError, match="offline"):
        HfTree(TINY, api=_api())
