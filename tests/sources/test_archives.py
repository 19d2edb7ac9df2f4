"""Archives: members listed and read in memory; bombs, traversal and links out refused."""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import zipfile
from pathlib import Path

import pytest

from osaid.sources.archive_members import (
    MAX_MEMBERS,
    ArchiveLimits,
    archive_format,
    list_archive,
    read_member,
)
from osaid.sources.archives import ArchiveDetector, ArchiveTree
from osaid.sources.evidence import EvidenceKind
from osaid.sources.interface import FileEntry, SourceError
from osaid.sources.local import LocalTree


def _entry(tree: LocalTree, path: str) -> FileEntry:
    return next(f for f in tree.files() if f.path == path)


def _snapshot(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def _tar(path: Path, members: dict[str, bytes], mode: str = "w:gz") -> None:
    with tarfile.open(path, mode) as tf:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))


def test_archive_format_by_name() -> None:
    assert archive_format("a/b.zip") == "zip"
    assert archive_format("x.tar") == "tar"
    assert archive_format("x.tar.gz") == "tar:gz"
    assert archive_format("x.TGZ") == "tar:gz"
    assert archive_format("x.tar.xz") == "tar:xz"
    assert archive_format("model.safetensors") is None


def test_zip_members_listed_and_read_in_memory(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "release.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("LICENSE", "Apache License 2.0\n" * 100)
        zf.writestr("src/train.py", "print('train')\n")
        zf.writestr("empty/", "")
    before = _snapshot(tmp_path)
    tree = ArchiveTree(LocalTree(tmp_path))
    files = {f.path: f for f in tree.files()}
    assert set(files) == {"release.zip", "release.zip/LICENSE", "release.zip/src/train.py"}
    lic = files["release.zip/LICENSE"]
    assert lic.archive == "release.zip"
    assert lic.size == len("Apache License 2.0\n") * 100
    assert tree.read_text("release.zip/src/train.py") == "print('train')\n"
    assert tree.read_bytes("release.zip/LICENSE", 7, 7) == b"License"
    assert tree.read_bytes("release.zip", 0, 2) == b"PK"
    assert tree.risks() == []
    assert _snapshot(tmp_path) == before  # nothing extracted


def test_tar_gz_members_listed_and_read(tmp_path: Path) -> None:
    _tar(tmp_path / "code.tar.gz", {"pkg/model.py": b"class M: ...\n", "README.md": b"# r\n"})
    tree = ArchiveTree(LocalTree(tmp_path))
    paths = [f.path for f in tree.files()]
    assert paths == ["code.tar.gz", "code.tar.gz/README.md", "code.tar.gz/pkg/model.py"]
    assert tree.read_text("code.tar.gz/pkg/model.py") == "class M: ...\n"
    entry = _entry(tree.base, "code.tar.gz")  # type: ignore[arg-type]
    assert read_member(tree.base, entry, "README.md", 2, 10) == b"r\n"
    with pytest.raises(SourceError, match="no such member"):
        read_member(tree.base, entry, "nope")


def test_plain_tar_with_inside_symlink(tmp_path: Path) -> None:
    with tarfile.open(tmp_path / "r.tar", "w") as tf:
        info = tarfile.TarInfo("a/real.txt")
        info.size = 2
        tf.addfile(info, io.BytesIO(b"hi"))
        link = tarfile.TarInfo("a/link.txt")
        link.type = tarfile.SYMTYPE
        link.linkname = "real.txt"
        tf.addfile(link)
    listing = list_archive(LocalTree(tmp_path), _entry(LocalTree(tmp_path), "r.tar"))
    assert not listing.refused
    by_name = {m.name: m for m in listing.members}
    assert by_name["a/link.txt"].symlink == "real.txt"
    tree = ArchiveTree(LocalTree(tmp_path))
    with pytest.raises(SourceError, match="not a regular member"):
        tree.read_bytes("r.tar/a/link.txt")


def test_zip_with_ten_thousand_members_is_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "many.zip", "w") as zf:
        for i in range(10_000):
            zf.writestr(f"f{i}", b"")
    tree = ArchiveTree(LocalTree(tmp_path))
    assert [f.path for f in tree.files()] == ["many.zip"]
    (risk,) = tree.risks()
    assert risk.kind == EvidenceKind.RISK
    assert risk.path == "many.zip"
    assert risk.data["issue"] == "too-many-members"
    assert risk.data["members"] == 10_000
    assert risk.data["limit"] == MAX_MEMBERS


def test_highly_compressed_member_is_a_zip_bomb(tmp_path: Path) -> None:
    size = 64 * 1024 * 1024
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("zeros.bin", "w") as fh:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    assert (tmp_path / "bomb.zip").stat().st_size < 200_000
    local = LocalTree(tmp_path)
    tree = ArchiveTree(local)
    assert [f.path for f in tree.files()] == ["bomb.zip"]
    (risk,) = ArchiveDetector().detect(tree, tree.files())
    assert risk.data["issue"] == "archive-bomb"
    assert risk.data["severity"] == "high"
    assert risk.data["ratio"] > 200
    with pytest.raises(SourceError, match="bomb"):
        read_member(local, _entry(local, "bomb.zip"), "zeros.bin")
    assert local.bytes_read < 1_000_000


def test_tar_declaring_a_huge_member_is_a_tar_bomb(tmp_path: Path) -> None:
    # A 1 GiB member declared in a tiny .tar.gz: refused from its header, before decompressing.
    info = tarfile.TarInfo("zeros.bin")
    info.size = 1024**3
    raw = info.tobuf(format=tarfile.GNU_FORMAT) + b"\x00" * (1024 * 1024)
    (tmp_path / "bomb.tar.gz").write_bytes(gzip.compress(raw))
    local = LocalTree(tmp_path)
    (risk,) = ArchiveDetector().detect(local, local.files())
    assert risk.data["issue"] == "archive-bomb"
    assert risk.data["severity"] == "high"
    assert local.bytes_read < 100_000


@pytest.mark.parametrize("name", ["../evil.sh", "a/../../evil.sh", "/etc/cron.d/evil"])
def test_tar_with_unsafe_member_names_is_refused(tmp_path: Path, name: str) -> None:
    _tar(tmp_path / "t.tar.gz", {"ok.txt": b"fine", name: b"#!/bin/sh\n"})
    tree = ArchiveTree(LocalTree(tmp_path))
    assert [f.path for f in tree.files()] == ["t.tar.gz"]
    (risk,) = tree.risks()
    assert risk.data["issue"] == "path-traversal"
    assert risk.data["severity"] == "high"
    assert not (tmp_path.parent / "evil.sh").exists()


def test_zip_with_dotdot_member_is_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "z.zip", "w") as zf:
        zf.writestr("../../escape.txt", "x")
    local = LocalTree(tmp_path)
    listing = list_archive(local, _entry(local, "z.zip"))
    assert listing.refused and listing.members == []
    assert listing.risks[0].data["issue"] == "path-traversal"
    with pytest.raises(SourceError, match="unsafe"):
        read_member(local, _entry(local, "z.zip"), "../../escape.txt")


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../etc/passwd"])
def test_tar_links_pointing_outside_are_refused(tmp_path: Path, target: str) -> None:
    with tarfile.open(tmp_path / "l.tar", "w") as tf:
        link = tarfile.TarInfo("a/passwd")
        link.type = tarfile.SYMTYPE
        link.linkname = target
        tf.addfile(link)
    local = LocalTree(tmp_path)
    listing = list_archive(local, _entry(local, "l.tar"))
    assert listing.refused
    assert listing.risks[0].data["issue"] == "link-outside"


def test_zip_symlink_member_outside_is_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "s.zip", "w") as zf:
        info = zipfile.ZipInfo("link")
        info.create_system = 3
        info.external_attr = (0o120777) << 16
        zf.writestr(info, "/etc/passwd")
    local = LocalTree(tmp_path)
    listing = list_archive(local, _entry(local, "s.zip"))
    assert listing.refused
    assert listing.risks[0].data["issue"] == "link-outside"


def test_corrupt_archive_is_a_low_risk_not_an_exception(tmp_path: Path) -> None:
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "broken.tar.gz").write_bytes(b"\x1f\x8b garbage")
    tree = ArchiveTree(LocalTree(tmp_path))
    assert [f.path for f in tree.files()] == ["broken.tar.gz", "broken.zip"]
    risks = tree.risks()
    assert {r.data["issue"] for r in risks} == {"archive-unreadable"}
    assert {r.data["severity"] for r in risks} == {"low"}


def test_compressed_tar_larger_than_the_scan_limit_is_not_listed(tmp_path: Path) -> None:
    _tar(tmp_path / "big.tar.gz", {f"f{i}.bin": os.urandom(4096) for i in range(20)})
    limits = ArchiveLimits(max_tar_scan=16 * 1024)
    tree = ArchiveTree(LocalTree(tmp_path), limits)
    assert [f.path for f in tree.files()] == ["big.tar.gz"]
    assert tree.risks()[0].data["issue"] == "archive-not-listed"


def test_member_read_offset_limit(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "r.zip", "w") as zf:
        zf.writestr("a.txt", "0123456789")
    local = LocalTree(tmp_path)
    limits = ArchiveLimits(max_member_read=4)
    entry = _entry(local, "r.zip")
    assert read_member(local, entry, "a.txt", 0, 100, limits) == b"0123"
    with pytest.raises(SourceError, match="read limit"):
        read_member(local, entry, "a.txt", 5, 1, limits)
