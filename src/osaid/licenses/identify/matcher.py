"""Find the licenses in a text: templates decide, shingles find and measure.

For one text:

1. **Dismiss** what cannot hold a license: binary data, and text without any of the words
   licenses are made of (`_LICENSE_WORDS`), in microseconds.
2. **Words** as the SPDX matching guidelines compare them (`_words`), and their shingle keys
   (`_keys`).
3. **Candidates** from the shingle index (`_shingles`): licenses, exceptions, standard
   notices and AI-model licenses whose rare keys the text contains; a template is tried only
   when nearly all of its required words' keys are in the text (`REQUIRED_SHARE`).
4. **Templates decide** (`_template`, `_exact`): a template that matches under the
   guidelines is an *exact* match: the text is that license. Longer matches win, notices
   decide between ids that share a text, exceptions join their license.
5. ``SPDX-License-Identifier:`` lines (`_identifiers`).
6. **Near misses** (`_near`): where no template matched, the closest candidates by shingle
   score are reported as *approximate*, with the words that differ from the template, and
   flagged ``needs_review`` unless they are close to certain (`REVIEW_THRESHOLD`, never for
   AI-model licenses). A sibling is never reported as exact.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from functools import partial

from osaid.licenses.identify import _shingles
from osaid.licenses.identify._exact import (
    MAX_LICENSES,
    Exact,
    apply_notices,
    attach_exceptions,
    exact_match,
    more_matches,
    notice_match,
    resolve,
    template_matches,
)
from osaid.licenses.identify._fingerprints import get_fingerprints
from osaid.licenses.identify._identifiers import identifiers
from osaid.licenses.identify._index import LicenseIndex, get_index
from osaid.licenses.identify._keys import (
    SHINGLE,
    TextKeys,
    keep_mask,
    kept_by_mask,
    kept_count,
    left_out,
    text_keys,
)
from osaid.licenses.identify._near import (
    approximate,
    longer_near_miss,
)
from osaid.licenses.identify._result import FileResult, LicenseMatch
from osaid.licenses.identify._template import match
from osaid.licenses.identify._templates import Templates, get_templates
from osaid.licenses.identify._words import Words, words_of

__all__ = ["MAX_BYTES", "Search", "identify_bytes", "identify_file", "identify_text", "search"]

MAX_BYTES = 1024 * 1024
"""`identify_file` reads at most this many bytes (1 MiB) of a file; the rest is ignored."""
TEMPLATE_SHARE = 0.5
"""A template is tried when at least this share of its candidate keys is in the text ..."""
REQUIRED_SHARE = 0.9
"""... and at least this share of its required keys (a text that matches has them all, bar
the few a different line layout moves onto a copyright line or a list marker)."""
MAX_TEMPLATES = 40

_LICENSE_WORDS = re.compile(
    r"licen[cs]|copyright|\(c\)|\u00a9|permi|warrant|agree|terms|spdx|distribut|freely|cop(?:y|ie)"
    r"|freeware|public\s+domain|modif|responsib|claim|creative commons|\u8bb8\u53ef|\u6388\u6743"
    r"|\u7248\u6743|\u30e9\u30a4\u30bb\u30f3\u30b9|\u8a31\u8afe",
    re.IGNORECASE,
)
"""A text with none of these is not a license (Chinese: license, authorise, copyright)."""


def _worth_trying(index: LicenseIndex, i: int, qset: set[int]) -> bool:
    if index.licenses[i].template is None:
        return False
    sample = index.required_sample(i)
    return sum(map(qset.__contains__, sample)) >= REQUIRED_SHARE * len(sample)


def identify_text(text: str) -> tuple[LicenseMatch, ...]:
    """Licenses whose text appears in `text`, in the order they appear (empty: unknown)."""
    return _identify(text, known_texts=True)


def _identify(text: str, *, known_texts: bool) -> tuple[LicenseMatch, ...]:
    """`identify_text`; ``known_texts=False`` runs the full search even for a text whose
    fingerprint is known (the tests compare both ways)."""
    if _LICENSE_WORDS.search(text) is None:
        return ()
    index = get_index()
    templates = get_templates()
    words = words_of(text)
    found = known_text(index, templates, words) if known_texts else None
    return _report(text, index, templates, words, found or search(index, templates, words))


@dataclass(frozen=True)
class Search:
    """What the templates found in a text, and what is left for near misses."""

    found: list[Exact]
    licenses: list[Exact]
    notices: list[Exact]
    rest: bool
    """Whether more than a word or two of the text lies outside the matches."""
    tk: TextKeys | None = None
    qset: set[int] = field(default_factory=set)
    shares: list[tuple[float, int]] = field(default_factory=list)


def known_text(index: LicenseIndex, templates: Templates, words: Words) -> Search | None:
    """The matches of a text whose fingerprint is that of a template's default text, when
    the templates recorded for it match the whole text (`_fingerprints`); None otherwise."""
    keep = keep_mask(words)
    fingerprints = get_fingerprints()
    if not fingerprints.may_know(kept_count(words, keep)):
        return None
    kept, kept_text = kept_by_mask(words, keep)
    keys = fingerprints.templates(kept_text)
    if not keys:
        return None
    by_template = index.by_template()
    found = []
    for key in keys:
        span = match(templates.get(key), words)
        if span is not None:
            found.append(Exact(by_template[key], span[0], span[1]))
    licenses, notices = resolve(index, found)
    if not licenses or left_out(kept, ((e.start, e.end) for e in (*licenses, *notices))) >= SHINGLE:
        return None
    return Search(found, licenses, notices, rest=False)


def search(index: LicenseIndex, templates: Templates, words: Words) -> Search:
    """Candidates from the shingle index, the templates that match, and whether anything
    is left outside them."""
    tk = text_keys(words, index.vocabulary)
    qset = tk.key_set()
    shares = _shingles.shares(index, qset, TEMPLATE_SHARE) if qset else []
    cands = [i for _, i in shares[:MAX_TEMPLATES] if _worth_trying(index, i, qset)]
    if not cands:
        return Search([], [], [], True, tk, qset, shares)
    worth = partial(_worth_trying, index)
    found = template_matches(index, templates, words, cands, worth, tk)
    licenses, notices = resolve(index, found)
    # Nothing (or a word or two) outside the matches: no second copy, no longer license
    # that adds to one, nothing approximate to look for.
    rest = tk.left_out((e.start, e.end) for e in (*licenses, *notices)) >= SHINGLE
    if rest:
        licenses, notices = more_matches(
            index, templates, words, found, licenses, notices, worth, tk
        )
    return Search(found, licenses, notices, rest, tk, qset, shares)


def _report(
    text: str, index: LicenseIndex, templates: Templates, words: Words, s: Search
) -> tuple[LicenseMatch, ...]:
    results: list[LicenseMatch] = []
    taken: list[tuple[int, int]] = []
    notices = apply_notices(index, s.licenses, s.notices, words)
    tried = {e.lic for e in s.found}
    for e in attach_exceptions(index, s.licenses)[:MAX_LICENSES]:
        longer = None
        if s.rest and s.tk is not None:
            longer = longer_near_miss(index, templates, e, words, s.tk, s.qset, s.shares, tried)
        if longer is None:
            results.append(exact_match(index, e, words))
        else:
            results.append(longer[0])
            taken.append(longer[1])
        taken.append((e.start, e.end))
    for n in notices:
        results.append(notice_match(index, n, words))
        taken.append((n.start, n.end))
    results.extend(identifiers(text, index))
    texts = len([r for r in results if r.form == "text"])
    if s.rest and s.tk is not None and texts < MAX_LICENSES and s.qset:
        room = MAX_LICENSES - len(results)
        results.extend(approximate(index, templates, words, s.tk, taken, room))
    results.sort(key=lambda m: (m.start_line, m.form != "text", m.id))
    return tuple(results)


def identify_bytes(data: bytes) -> tuple[LicenseMatch, ...]:
    """Like `identify_text` for raw bytes (UTF-8, UTF-16 with a byte-order mark, or any
    ASCII-compatible encoding; binary data gives no match)."""
    data = _decode_utf16(data)
    if _is_binary(data):
        return ()
    return identify_text(data.decode("utf-8", errors="replace"))


def _decode_utf16(data: bytes) -> bytes:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data
    return data


def _is_binary(data: bytes) -> bool:
    head = data[:8192]
    return b"\x00" in head and head[:2] not in (b"\xff\xfe", b"\xfe\xff")


def identify_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> FileResult:
    """Identify the licenses in one file.

    Reads at most `max_bytes` (default 1 MiB). Never follows a symbolic link and never raises
    for a file problem: a link, a directory, a missing, unreadable or binary file gives a
    result without matches and a `note`.
    """
    name = os.fspath(path)
    try:
        st = os.lstat(name)
    except FileNotFoundError:
        return FileResult(path=name, note="file not found")
    except OSError as exc:
        return FileResult(path=name, note=f"cannot read file ({exc.strerror})")
    if stat.S_ISLNK(st.st_mode):
        return FileResult(path=name, note="symbolic link, not followed")
    if stat.S_ISDIR(st.st_mode):
        return FileResult(path=name, note="is a directory")
    if not stat.S_ISREG(st.st_mode):
        return FileResult(path=name, note="not a regular file")
    try:
        fd = os.open(name, _READ_FLAGS)
        try:
            data = _read_up_to(fd, st.st_size, max_bytes + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        return FileResult(path=name, note=f"cannot read file ({exc.strerror or exc})")
    note = None
    if len(data) > max_bytes:
        data = data[:max_bytes]
        note = f"larger than {max_bytes} bytes: only the first {max_bytes} were read"
    if _is_binary(data):
        return FileResult(path=name, note="binary file", bytes_read=len(data))
    if not data or data.isspace():
        return FileResult(path=name, note="empty file", bytes_read=len(data))
    matches = identify_bytes(data)
    return FileResult(path=name, matches=matches, note=note, bytes_read=len(data))


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _read_up_to(fd: int, size: int, limit: int) -> bytes:
    """At most `limit` bytes of an open file whose size was `size` when it was looked at:
    one read of the file's size (a buffer of the limit for each small file costs more than
    reading it), then the rest until the end or the limit when the file has grown since, or
    when its size was not known (0, as for files the system makes up when read)."""
    want = min(size + 1, limit) if size else limit
    data = os.read(fd, want)
    if len(data) == size < want:
        return data
    parts = [data]
    got = len(data)
    while got < limit:
        more = os.read(fd, limit - got)
        if not more:
            break
        parts.append(more)
        got += len(more)
    return b"".join(parts)
