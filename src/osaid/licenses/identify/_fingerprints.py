"""Known texts: a file whose words are those of a template's default text.

Most license files are a license's text as published, with at most their copyright lines
changed. For each template's default text the build records a *fingerprint* (a hash of the
words the keys are made of: notice lines and list markers left out) and the templates that
matched it when the whole search ran (``data/fingerprints.json``). A text with the same
fingerprint skips the search for candidates: those templates are tried on it at once, and
they still decide. When they do not match the whole text (a copyright line that the template
holds literally was changed, a hash collision), the full search runs as for any text.

This is the whole-text hash match that ScanCode runs first, kept honest by the template.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from osaid.licenses.identify._data import check_built_for, read_data
from osaid.licenses.identify._keys import KEYS_VERSION, kept_words
from osaid.licenses.identify._words import WORDS_VERSION, Words

RESOURCE = "fingerprints.json"
FORMAT = 1
VERSIONS = {"format": FORMAT, "words_version": WORDS_VERSION, "keys_version": KEYS_VERSION}
"""What the file records it was built for."""


def fingerprint(words: Sequence[str]) -> str:
    """A hash of a word sequence (the same on every platform and interpreter)."""
    data = " ".join(words).encode("utf-8", errors="surrogatepass")
    return hashlib.blake2b(data, digest_size=12).hexdigest()


class Fingerprints:
    """Fingerprint → template keys, and the word counts that have a fingerprint (a text of
    any other length is not hashed at all)."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        check_built_for(RESOURCE, "known texts", doc, VERSIONS)
        self._templates: dict[str, tuple[str, ...]] = {
            fp: tuple(keys) for fp, keys in doc["texts"].items()
        }
        self._sizes = frozenset(int(n) for n in doc["sizes"])

    def may_know(self, n_kept: int) -> bool:
        """Whether a text of `n_kept` kept words may be known (checked before the words
        are gathered and hashed)."""
        return n_kept in self._sizes

    def templates(self, kept: Sequence[str]) -> tuple[str, ...]:
        """The templates to try first on a text whose kept words (`_keys.kept_words`) are
        `kept` (empty: none is known to match them)."""
        if not self.may_know(len(kept)):
            return ()
        return self._templates.get(fingerprint(kept), ())


def document(entries: Iterable[tuple[Words, Sequence[str]]]) -> dict[str, Any]:
    """The data file's content for (default text's words, templates that matched it) pairs.
    Two default texts with the same fingerprint but different matches (never seen in the
    SPDX list) are left out: such a text takes the full search."""
    texts: dict[str, list[str]] = {}
    clash: set[str] = set()
    sizes: set[int] = set()
    for words, keys in entries:
        kept = kept_words(words)[1]
        fp = fingerprint(kept)
        if fp in texts and texts[fp] != list(keys):
            clash.add(fp)
        texts.setdefault(fp, list(keys))
        sizes.add(len(kept))
    for fp in clash:
        del texts[fp]
    return {
        **VERSIONS,
        "sizes": sorted(sizes),
        "texts": dict(sorted(texts.items())),
    }


@cache
def get_fingerprints() -> Fingerprints:
    return Fingerprints(json.loads(read_data(RESOURCE, "known texts")))
