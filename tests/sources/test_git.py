"""GitTree on repositories made in tmp_path; the "URL" tests clone a local bare repository
through file:// (and one clones from a closed loopback port to see the network fail)."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from osaid.sources.git import GitTree, is_git_url, public_url
from osaid.sources.interface import SourceError, SourceUnavailableError

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LFS_OID = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393"
LFS_POINTER = (
    f"version https://git-lfs.github.com/spec/v1\noid sha256:{LFS_OID}\nsize 13476839424\n"
)


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
    }
    out = subprocess.run(
        ["git", "-c", "user.email=dev@example.org", "-c", "user.name=Dev", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
    )
    return out.stdout.decode().strip()


def safetensors_bytes() -> bytes:
    header = json.dumps({"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}).encode()
    return struct.pack("<Q", len(header)) + header + b"\0" * 16


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "model"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("---\nlicense: mit\n---\n# Model\n")
    (root / "LICENSE").write_text("MIT License\n\nCopyright (c) 2024 Dev\n")
    (root / "model.safetensors").write_bytes(safetensors_bytes())
    (root / "weights").mkdir()
    (root / "weights" / "model-00001.safetensors").write_text(LFS_POINTER)
    (root / "big.bin").write_bytes(os.urandom(1024 * 1024 + 4096))
    (root / "src").mkdir()
    (root / "src" / "train.py").write_text("print('train')\n")
    os.symlink("LICENSE", root / "COPYING")
    os.symlink("../../etc/passwd", root / "escape")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "release")
    return root


def test_is_git_url(tmp_path: Path) -> None:
    assert is_git_url("https://github.com/org/repo.git")
    assert is_git_url("git@github.com:org/repo.git")
    assert is_git_url("file:///srv/repo.git")
    assert not is_git_url(str(tmp_path))
    assert not is_git_url("relative/dir")


def test_public_url() -> None:
    sha = "a" * 40
    assert (
        public_url("https://github.com/org/repo.git", sha)
        == f"https://github.com/org/repo/blob/{sha}"
    )
    assert (
        public_url("git@github.com:org/repo.git", sha) == f"https://github.com/org/repo/blob/{sha}"
    )
    assert (
        public_url("https://user:token@gitlab.com/group/sub/repo", sha)
        == f"https://gitlab.com/group/sub/repo/-/blob/{sha}"
    )
    assert (
        public_url("https://huggingface.co/org/model", sha)
        == f"https://huggingface.co/org/model/blob/{sha}"
    )
    assert public_url("http://github.com/org/repo", sha) is None
    assert public_url("file:///srv/repo.git", sha) is None
    assert public_url("https://git.example.org/org/repo", sha) is None


def test_local_repository(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD")
    tree = GitTree(str(repo))
    paths = [f.path for f in tree.files()]
    assert paths == [
        "COPYING",
        "LICENSE",
        "README.md",
        "big.bin",
        "escape",
        "model.safetensors",
        "src/train.py",
        "weights/model-00001.safetensors",
    ]
    entries = {f.path: f for f in tree.files()}
    assert entries["README.md"].size == len("---\nlicense: mit\n---\n# Model\n")
    assert entries["big.bin"].size == 1024 * 1024 + 4096
    lfs = entries["weights/model-00001.safetensors"]
    assert lfs.lfs and lfs.size == 13476839424
    assert entries["COPYING"].symlink == "LICENSE"
    assert tree.info.kind == "git"
    assert tree.info.revision == head
    assert tree.info.url is None  # no remote
    meta = tree.info.metadata
    assert meta["branch"] == "main"
    assert meta["dirty"] is False
    assert meta["lfs_pointers"] == 1
    assert meta["reads"] == "committed tree at HEAD"

    assert tree.read_text("README.md") == "---\nlicense: mit\n---\n# Model\n"
    assert tree.read_bytes("LICENSE", 0, 3) == b"MIT"
    assert tree.read_bytes("LICENSE", 4, 7) == b"License"
    assert tree.read_bytes("big.bin", 0, 16) == (repo / "big.bin").read_bytes()[:16]
    assert tree.read_bytes("weights/model-00001.safetensors").decode() == LFS_POINTER
    assert tree.read_bytes("COPYING") == (repo / "LICENSE").read_bytes()  # inside the tree
    with pytest.raises(SourceError, match="not followed"):
        tree.read_bytes("escape")
    with pytest.raises(SourceError, match="no file"):
        tree.read_bytes("nope.txt")


def test_committed_tree_not_working_tree(repo: Path) -> None:
    (repo / "README.md").write_text("changed\n")
    (repo / "untracked.txt").write_text("new\n")
    tree = GitTree(str(repo))
    assert tree.info.metadata["dirty"] is True
    assert "untracked.txt" not in [f.path for f in tree.files()]
    assert tree.read_text("README.md", 3) == "---"


def test_subdirectory(repo: Path) -> None:
    tree = GitTree(str(repo / "src"))
    assert [f.path for f in tree.files()] == ["train.py"]
    assert tree.read_text("train.py") == "print('train')\n"
    assert tree.info.metadata["subdirectory"] == "src"


def test_remote_url_gives_blob_links(repo: Path) -> None:
    git(repo, "remote", "add", "origin", "https://ci-user:s3cret@github.com/example-org/model.git")
    tree = GitTree(str(repo))
    head = tree.info.revision
    assert tree.info.url == f"https://github.com/example-org/model/blob/{head}"
    assert tree.url_for("LICENSE") == f"https://github.com/example-org/model/blob/{head}/LICENSE"
    assert tree.info.metadata["remote"] == "https://github.com/example-org/model.git"
    assert "s3cret" not in json.dumps(tree.info.metadata)


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not a git repository"):
        GitTree(str(tmp_path))
    with pytest.raises(SourceError, match="not a directory"):
        GitTree(str(tmp_path / "missing"))
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q")
    with pytest.raises(SourceError, match="no commits"):
        GitTree(str(empty))


def test_hooks_never_run(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "hook-ran"
    hook = repo / ".git" / "hooks" / "post-checkout"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hook.chmod(0o755)
    git(repo, "config", "core.fsmonitor", f"sh -c 'touch {marker}'")
    GitTree(str(repo)).files()
    assert not marker.exists()


def _bare(repo: Path, tmp_path: Path) -> Path:
    bare = tmp_path / "server.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(bare))
    git(bare, "config", "uploadpack.allowFilter", "true")
    return bare


def test_clone_file_url(repo: Path, tmp_path: Path) -> None:
    bare = _bare(repo, tmp_path)
    head = git(repo, "rev-parse", "HEAD")
    tree = GitTree(bare.as_uri())
    clone_dir = Path(tree.root)
    assert clone_dir.is_dir()
    assert tree.info.revision == head
    assert tree.info.metadata["cloned"] is True
    assert tree.info.url is None  # file:// has no public URL
    entries = {f.path: f for f in tree.files()}
    assert entries["weights/model-00001.safetensors"].lfs
    assert tree.read_text("README.md", 12) == "---\nlicense:"
    # The 1 MiB+ blob was filtered out and is never fetched.
    assert tree.info.metadata["unfetched"] == ["big.bin"]
    assert entries["big.bin"].size > 1024 * 1024
    with pytest.raises(SourceError, match="not fetched"):
        tree.read_bytes("big.bin", 0, 8)
    missing = git(clone_dir, "rev-list", "--objects", "--missing=print", "--no-walk", "HEAD")
    assert any(line.startswith("?") for line in missing.splitlines())
    tree.close()
    assert not clone_dir.exists()


def test_clone_context_manager(repo: Path, tmp_path: Path) -> None:
    bare = _bare(repo, tmp_path)
    with GitTree(bare.as_uri()) as tree:
        root = Path(tree.root)
        assert (root / "HEAD").exists()
    assert not root.exists()


def test_clone_missing_repository(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot clone") as err:
        GitTree((tmp_path / "nothing.git").as_uri())
    assert err.value.__cause__ is not None


def test_clone_network_unavailable() -> None:
    # Nothing listens on port 9 of the loopback interface: the connection is refused.
    with pytest.raises(SourceUnavailableError, match="cannot clone") as err:
        GitTree("https://127.0.0.1:9/org/repo.git", clone_timeout=60)
    assert "\n" not in str(err.value)
