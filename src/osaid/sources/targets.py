"""Which kind of target the user named, and the release tree it opens.

`hf:ORG/NAME[@REVISION]` is a Hugging Face repository; `git+PATH`, `git@…`, `ssh://`,
`git://` and `http(s)://` URLs are git repositories; anything else is a local path. Every
tree opened here lists the members of its zip and tar archives too (bounded, never
extracted to disk).
"""

from __future__ import annotations

from pathlib import Path

from osaid.errors import InputError
from osaid.sources.interface import ReleaseTree

__all__ = ["GIT_PREFIXES", "is_release_target", "is_remote", "open_tree"]

GIT_PREFIXES = ("git+", "git@", "ssh://", "git://", "http://", "https://")
"""Targets that name a git repository (`git+PATH` or a URL)."""


def is_remote(target: str) -> bool:
    """A Hugging Face repository or a git URL rather than a local path."""
    return target.startswith(("hf:", *GIT_PREFIXES))


def is_release_target(target: str) -> bool:
    """Something to scan rather than a manifest: a directory, a repository, or a URL that
    does not name a YAML file."""
    if target.startswith(("http://", "https://")):
        return not target.endswith((".yaml", ".yml"))
    return is_remote(target) or Path(target).is_dir()


def open_tree(target: str) -> ReleaseTree:
    """A release tree for a directory, `hf:ORG/NAME[@REV]` or a git repository, with the
    members of its zip and tar archives listed (bounded, never extracted to disk)."""
    from osaid.sources.archives import ArchiveTree

    return ArchiveTree(_base_tree(target))


def _base_tree(target: str) -> ReleaseTree:
    if target.startswith("hf:"):
        from osaid.sources.hf import HfTree

        return HfTree.from_location(target)
    path = Path(target)
    if not target.startswith(GIT_PREFIXES):
        if not path.exists():
            raise InputError("no such file or directory", file=target)
        from osaid.sources.local import LocalTree

        return LocalTree(path)
    from osaid.sources.git import GitTree

    return GitTree(target[len("git+") :] if target.startswith("git+") else target)
