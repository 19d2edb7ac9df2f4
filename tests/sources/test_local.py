"""LocalTree: listing, symlink rules, the Hugging Face cache layout, LFS pointers, bounded reads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from osaid.sources.interface import MAX_TEXT_BYTES, SourceError
from osaid.sources.local import MAX_READ_BYTES, LocalTree

SHA = "0123456789abcdef0123456789abcdef01234567"
LFS_POINTER = (
    "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 13476839424\n"
)


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data)
    else:
        path.write_bytes(data)
    return path


def test_lists_files_sorted_with_sizes(tmp_path: Path) -> None:
    _write(tmp_path / "README.md", "# hi\n")
    _write(tmp_path / "src" / "b.py", "x = 1\n")
    _write(tmp_path / "src" / "a" / "deep.txt", "abc")
    tree = LocalTree(tmp_path)
    files = tree.files()
    assert [f.path for f in files] == ["README.md", "src/a/deep.txt", "src/b.py"]
    assert {f.path: f.size for f in files}["src/a/deep.txt"] == 3
    assert all(f.symlink is None and not f.lfs and f.archive is None for f in files)
    assert tree.info.kind == "directory"
    assert tree.info.location == str(tmp_path)
    assert tree.read_text("src/b.py") == "x = 1\n"


def test_git_internals_skipped_and_checkout_noted(tmp_path: Path) -> None:
    _write(tmp_path / "model.py", "pass\n")
    _write(tmp_path / ".git" / "HEAD", "ref: refs/heads/main\n")
    _write(tmp_path / ".git" / "refs" / "heads" / "main", SHA + "\n")
    _write(tmp_path / ".git" / "objects" / "ab" / "cdef", b"\x00" * 10)
    _write(
        tmp_path / ".git" / "config",
        '[core]\n\tbare = false\n[remote "origin"]\n\turl = https://user:tok@example.org/o/r.git\n',
    )
    _write(tmp_path / "sub" / ".git", "gitdir: ../.git/modules/sub\n")
    tree = LocalTree(tmp_path)
    assert [f.path for f in tree.files()] == ["model.py"]
    git = tree.info.metadata["git"]
    assert git["head"] == SHA
    assert git["branch"] == "main"
    assert git["remote"] == "https://example.org/o/r.git"  # credentials dropped
    assert tree.info.revision == SHA


def test_git_packed_refs(tmp_path: Path) -> None:
    _write(tmp_path / ".git" / "HEAD", "ref: refs/heads/dev\n")
    _write(tmp_path / ".git" / "packed-refs", f"# pack-refs\n{SHA} refs/heads/dev\n")
    assert LocalTree(tmp_path).info.metadata["git"]["head"] == SHA


def test_symlink_to_etc_is_listed_but_not_followed_or_read(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", "a")
    (tmp_path / "etc").symlink_to("/etc")
    (tmp_path / "passwd").symlink_to("/etc/passwd")
    tree = LocalTree(tmp_path)
    files = {f.path: f for f in tree.files()}
    assert set(files) == {"a.txt", "etc", "passwd"}
    assert files["etc"].symlink == "/etc"
    assert files["passwd"].symlink == "/etc/passwd"
    assert files["passwd"].size == 0
    for path in ("passwd", "etc/passwd", "etc/hostname"):
        with pytest.raises(SourceError, match="outside"):
            tree.read_bytes(path)


def test_symlink_inside_tree_is_readable(tmp_path: Path) -> None:
    _write(tmp_path / "real" / "config.json", '{"a": 1}')
    (tmp_path / "link.json").symlink_to("real/config.json")
    tree = LocalTree(tmp_path)
    entry = {f.path: f for f in tree.files()}["link.json"]
    assert entry.symlink == "real/config.json"
    assert entry.size == 8
    assert tree.read_bytes("link.json") == b'{"a": 1}'


def test_directory_symlinks_are_not_walked(tmp_path: Path) -> None:
    _write(tmp_path / "real" / "x.txt", "x")
    (tmp_path / "alias").symlink_to("real", target_is_directory=True)
    (tmp_path / "loop").symlink_to(".", target_is_directory=True)
    tree = LocalTree(tmp_path)
    files = {f.path: f for f in tree.files()}
    assert set(files) == {"alias", "loop", "real/x.txt"}
    assert files["alias"].symlink == "real" and files["alias"].size == 0
    # Reading through an inside directory link resolves inside: allowed.
    assert tree.read_bytes("alias/x.txt") == b"x"


def _hf_cache(tmp_path: Path) -> tuple[Path, Path]:
    repo = tmp_path / "hub" / "models--acme--tiny-llm"
    blob = _write(repo / "blobs" / ("b" * 64), '{"model_type": "llama"}')
    _write(repo / "blobs" / ("c" * 64), b"W" * 100)
    _write(repo / "refs" / "main", SHA)
    snap = repo / "snapshots" / SHA
    snap.mkdir(parents=True)
    (snap / "config.json").symlink_to(f"../../blobs/{blob.name}")
    (snap / "sub").mkdir()
    (snap / "sub" / "w.bin").symlink_to(f"../../../blobs/{'c' * 64}")
    (snap / "escape.txt").symlink_to("../../../../outside.txt")
    _write(tmp_path / "outside.txt", "secret")
    return repo, snap


def test_hf_cache_snapshot_blobs_are_readable(tmp_path: Path) -> None:
    repo, snap = _hf_cache(tmp_path)
    tree = LocalTree(snap)
    assert tree.trust_root == repo.resolve()
    files = {f.path: f for f in tree.files()}
    assert set(files) == {"config.json", "escape.txt", "sub/w.bin"}
    assert files["config.json"].symlink == f"../../blobs/{'b' * 64}"
    assert files["config.json"].size == len('{"model_type": "llama"}')
    assert files["sub/w.bin"].size == 100
    assert tree.read_text("config.json") == '{"model_type": "llama"}'
    assert tree.read_bytes("sub/w.bin", 10, 5) == b"WWWWW"
    with pytest.raises(SourceError, match="outside"):
        tree.read_bytes("escape.txt")
    assert files["escape.txt"].size == 0
    meta = tree.info.metadata["hf_cache"]
    assert meta == {
        "repo_type": "model",
        "repo_id": "acme/tiny-llm",
        "revision": SHA,
        "refs": ["main"],
    }
    assert tree.info.revision == SHA
    assert tree.url_for("config.json") == (
        f"https://huggingface.co/acme/tiny-llm/blob/{SHA}/config.json"
    )
    # The snapshot's own path may not climb into the repo folder either.
    with pytest.raises(SourceError):
        tree.read_bytes("../../refs/main")


def test_hf_cache_snapshot_subfolder_trusts_the_repo_folder(tmp_path: Path) -> None:
    repo, snap = _hf_cache(tmp_path)
    tree = LocalTree(snap / "sub")
    assert tree.trust_root == repo.resolve()
    assert tree.read_bytes("w.bin", 0, 3) == b"WWW"
    assert tree.info.metadata["hf_cache_subfolder"] == "sub"


def test_plain_folder_does_not_trust_its_parent(tmp_path: Path) -> None:
    _write(tmp_path / "secret.txt", "s")
    rel = tmp_path / "release"
    rel.mkdir()
    (rel / "up.txt").symlink_to("../secret.txt")
    tree = LocalTree(rel)
    with pytest.raises(SourceError, match="outside"):
        tree.read_bytes("up.txt")


def test_lfs_pointer_files_are_flagged(tmp_path: Path) -> None:
    _write(tmp_path / "model.safetensors", LFS_POINTER)
    _write(tmp_path / "notes.txt", "version 2 of the notes " * 10)
    tree = LocalTree(tmp_path)
    files = {f.path: f for f in tree.files()}
    assert files["model.safetensors"].lfs is True
    assert files["notes.txt"].lfs is False
    assert tree.info.metadata["lfs_pointers"]["model.safetensors"] == {
        "oid": "sha256:" + "a" * 64,
        "size": 13476839424,
    }


def test_read_bytes_is_bounded(tmp_path: Path) -> None:
    _write(tmp_path / "f.bin", bytes(range(256)) * 4)
    big = tmp_path / "sparse.bin"
    with open(big, "wb") as fh:
        fh.truncate(10 * 1024**3)
    tree = LocalTree(tmp_path)
    assert tree.read_bytes("f.bin", 0, 4) == b"\x00\x01\x02\x03"
    assert tree.read_bytes("f.bin", 1020, 100) == bytes(range(252, 256))
    assert tree.read_bytes("f.bin", 5000, 10) == b""
    assert len(tree.read_bytes("sparse.bin", 0, 10**12)) == MAX_READ_BYTES
    assert len(tree.read_bytes("sparse.bin")) == MAX_TEXT_BYTES
    assert {f.path: f.size for f in tree.files()}["sparse.bin"] == 10 * 1024**3
    with pytest.raises(SourceError):
        tree.read_bytes("f.bin", -1, 4)


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd", "a/../../x", "", "a\x00b"])
def test_read_rejects_paths_out_of_the_tree(tmp_path: Path, bad: str) -> None:
    _write(tmp_path / "a" / "f", "f")
    with pytest.raises(SourceError):
        LocalTree(tmp_path).read_bytes(bad)


def test_missing_file_and_directory_errors_name_the_path(tmp_path: Path) -> None:
    tree = LocalTree(tmp_path)
    with pytest.raises(SourceError, match="nope.txt"):
        tree.read_bytes("nope.txt")
    (tmp_path / "d").mkdir()
    with pytest.raises(SourceError, match="d: not a regular file"):
        tree.read_bytes("d")
    with pytest.raises(SourceError, match="missing"):
        LocalTree(tmp_path / "missing")
    _write(tmp_path / "file", "x")
    with pytest.raises(SourceError, match="not a directory"):
        LocalTree(tmp_path / "file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_neither_listed_nor_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    tree = LocalTree(tmp_path)
    assert tree.files() == []
    with pytest.raises(SourceError, match="not a regular file"):
        tree.read_bytes("pipe")  # O_NONBLOCK: returns at once instead of hanging


def test_read_text_of_binary_is_none(tmp_path: Path) -> None:
    _write(tmp_path / "w.bin", b"\x00\x01\x02")
    assert LocalTree(tmp_path).read_text("w.bin") is None


def test_ten_thousand_files_are_listed_in_order_with_their_sizes(tmp_path: Path) -> None:
    # How fast is measured by bench/bench_scan_dir.py (a 10,000-file release), not here.
    for d in range(100):
        sub = tmp_path / f"dir{d:03d}"
        sub.mkdir()
        for i in range(100):
            (sub / f"f{i:03d}.txt").write_bytes(b"x" * (i * 7))
    files = LocalTree(tmp_path).files()
    assert len(files) == 10_000
    assert files == sorted(files, key=lambda f: f.path)
    assert {f.path: f.size for f in files}["dir042/f013.txt"] == 13 * 7
