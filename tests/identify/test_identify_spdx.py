"""SPDX licenses: exact matches, modified variants, needs-review, unknown, several licenses."""

from __future__ import annotations

import random

import pytest
from helpers_identify import (
    change_copyright,
    licensedcode,
    random_prose,
    rewrap,
    text_of,
    with_header,
)

from osaid.licenses.identify import (
    REPORT_THRESHOLD,
    REVIEW_THRESHOLD,
    MatchKind,
    identify_text,
)
from osaid.licenses.identify._index import get_index

SAMPLE = [
    # (ScanCode key, SPDX id)
    ("mit", "MIT"),
    ("apache-2.0", "Apache-2.0"),
    ("gpl-2.0", "GPL-2.0-only"),
    ("gpl-2.0-plus", "GPL-2.0-or-later"),
    ("gpl-3.0", "GPL-3.0-only"),
    ("lgpl-2.1", "LGPL-2.1-only"),
    ("agpl-3.0", "AGPL-3.0-only"),
    ("bsd-new", "BSD-3-Clause"),
    ("bsd-simplified", "BSD-2-Clause"),
    ("isc", "ISC"),
    ("mpl-2.0", "MPL-2.0"),
    ("epl-2.0", "EPL-2.0"),
    ("unlicense", "Unlicense"),
    ("zlib", "Zlib"),
    ("cc-by-4.0", "CC-BY-4.0"),
    ("cc-by-sa-4.0", "CC-BY-SA-4.0"),
    ("cc-by-nc-4.0", "CC-BY-NC-4.0"),
    ("cc0-1.0", "CC0-1.0"),
    ("odbl-1.0", "ODbL-1.0"),
    ("boost-1.0", "BSL-1.0"),
]


def _only(text: str) -> list[tuple[str, MatchKind]]:
    return [(m.id, m.match) for m in identify_text(text)]


@pytest.mark.parametrize(("key", "spdx"), SAMPLE)
def test_reference_text_is_exact(key: str, spdx: str) -> None:
    (m,) = identify_text(text_of(key))
    assert (m.id, m.match, m.score, m.needs_review) == (spdx, MatchKind.EXACT, 1.0, False)
    assert m.scancode_key == key
    assert m.start_line >= 1 and m.end_line > m.start_line


@pytest.mark.parametrize(("key", "spdx"), SAMPLE)
def test_variants_keep_the_id(key: str, spdx: str) -> None:
    text = text_of(key)
    for variant in (change_copyright(text), rewrap(text), with_header(text)):
        found = identify_text(variant)
        assert [m.id for m in found] == [spdx]
        assert found[0].score >= REVIEW_THRESHOLD


def test_header_and_footer_stay_outside_the_line_span() -> None:
    text = text_of("apache-2.0")
    (m,) = identify_text(with_header(text))
    assert m.match is MatchKind.EXACT
    header_lines = 6
    assert m.start_line > header_lines
    assert m.end_line <= header_lines + text.count("\n") + 1


def test_a_random_sample_of_spdx_texts_is_exact() -> None:
    index = get_index()
    lc = licensedcode()
    spdx_entries = [lic for lic in index.licenses if lic.kind == "spdx" and lic.scancode_key in lc]
    rng = random.Random(7)
    for lic in rng.sample(spdx_entries, 40):
        assert lic.scancode_key is not None
        found = identify_text(lc[lic.scancode_key].text)
        assert [m.id for m in found][:1] == [lic.id] or lic.id in found[0].alternatives, lic.id


def test_truncated_text_is_approximate_and_needs_review() -> None:
    words = text_of("mpl-2.0").split(" ")
    half = " ".join(words[: int(len(words) * 0.6)])
    (m,) = identify_text(half)
    assert m.id == "MPL-2.0"
    assert m.match is MatchKind.APPROXIMATE
    assert REPORT_THRESHOLD <= m.score < REVIEW_THRESHOLD
    assert m.needs_review


def test_small_edit_is_approximate_but_accepted() -> None:
    text = text_of("mpl-2.0").replace("Each Contributor hereby grants", "Contributors grant", 1)
    (m,) = identify_text(text)
    assert m.id == "MPL-2.0"
    assert m.match is MatchKind.APPROXIMATE
    assert REVIEW_THRESHOLD <= m.score < 1.0
    assert not m.needs_review


def test_close_siblings_are_flagged() -> None:
    # GPL-3.0-only and -or-later differ only by the "or later" notice: an edited copy fits
    # both about as well, so it must be reviewed, and the other id is named.
    text = text_of("gpl-3.0").replace("Everyone is permitted", "Nobody at all is permitted", 1)
    (m,) = identify_text(text)
    assert m.id == "GPL-3.0-only"
    assert m.needs_review and "GPL-3.0-or-later" in m.alternatives


def test_random_prose_is_unknown() -> None:
    for seed in range(5):
        assert identify_text(random_prose(seed)) == ()
    assert identify_text("") == ()
    assert identify_text("MIT") == ()


def test_a_license_notice_is_not_the_license_text() -> None:
    notice = "Licensed under the Apache License, Version 2.0 (the License); see LICENSE."
    assert identify_text(notice) == ()


def test_two_licenses_in_one_file_in_order() -> None:
    text = (
        "Part one is under MIT:\n\n"
        + text_of("mit")
        + "\n\nPart two is under Apache 2.0:\n\n"
        + text_of("apache-2.0")
    )
    found = identify_text(text)
    assert [m.id for m in found] == ["MIT", "Apache-2.0"]
    assert all(m.match is MatchKind.EXACT for m in found)
    assert found[0].end_line < found[1].start_line


def test_only_and_or_later_are_told_apart_by_their_notice() -> None:
    assert _only(text_of("gpl-2.0"))[0][0] == "GPL-2.0-only"
    assert _only(text_of("gpl-2.0-plus"))[0][0] == "GPL-2.0-or-later"


def test_typographic_punctuation_and_case_do_not_matter() -> None:
    text = text_of("mit")
    fancy = text.replace('"', "\u201c").replace("'", "\u2019").replace("-", "\u2013").upper()
    (m,) = identify_text(fancy)
    assert (m.id, m.match) == ("MIT", MatchKind.EXACT)
