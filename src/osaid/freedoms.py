"""The four freedoms of the Open Source AI Definition."""

from __future__ import annotations

from enum import StrEnum


class Freedom(StrEnum):
    """A freedom an Open Source AI must grant (OSAID 1.0, "What is Open Source AI")."""

    USE = "use"
    STUDY = "study"
    MODIFY = "modify"
    SHARE = "share"

    @property
    def text(self) -> str:
        return _TEXT[self]


_TEXT = {
    Freedom.USE: "Use the system for any purpose and without having to ask for permission.",
    Freedom.STUDY: "Study how the system works and inspect its components.",
    Freedom.MODIFY: "Modify the system for any purpose, including to change its output.",
    Freedom.SHARE: "Share the system for others to use with or without modifications, for any purpose.",
}

ALL_FREEDOMS: tuple[Freedom, ...] = tuple(Freedom)
