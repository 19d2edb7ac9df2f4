"""Known texts (`_fingerprints`): a file holding a published text as it is skips the search
for candidates, and gets the very answer the full search gives."""

from __future__ import annotations

import pytest
from helpers_identify import (
    XML,
    ai_template_paths,
    all_ids,
    change_copyright,
    render_xml,
    rewrap,
    spdx_text,
    with_header,
)

from osaid.errors import DataError
from osaid.licenses.identify import matcher
from osaid.licenses.identify._fingerprints import Fingerprints, get_fingerprints
from osaid.licenses.identify._index import get_index
from osaid.licenses.identify._keys import kept_words
from osaid.licenses.identify._templates import get_templates
from osaid.licenses.identify._words import WORDS_VERSION, words_of


def _both_ways(text: str) -> None:
    fast = matcher._identify(text, known_texts=True)
    full = matcher._identify(text, known_texts=False)
    assert fast == full


def _known(text: str) -> bool:
    return matcher.known_text(get_index(), get_templates(), words_of(text)) is not None


@pytest.mark.parametrize("spdx_id", all_ids())
def test_default_texts_and_their_copies_answer_as_the_full_search(spdx_id: str) -> None:
    # Rendered here independently of the package's XML reader (`helpers_identify`).
    text = render_xml(spdx_id)
    for variant in (text, change_copyright(text), rewrap(text), with_header(text)):
        _both_ways(variant)


def test_ai_templates_answer_as_the_full_search() -> None:
    paths = ai_template_paths()
    assert len(paths) > 30
    for path in paths:
        text = render_xml(path)
        _both_ways(text)
        _both_ways(change_copyright(text))


def test_spdx_test_texts_answer_as_the_full_search() -> None:
    tested = [
        i for i in all_ids()[::7] if (XML / "test" / "simpleTestForGenerator" / f"{i}.txt").exists()
    ]
    assert len(tested) > 80
    for spdx_id in tested:
        _both_ways(spdx_text(spdx_id))


def test_published_texts_take_the_short_way() -> None:
    known = [i for i in all_ids() if _known(render_xml(i))]
    # Nearly every default text is known; the few that are not take the full search (their
    # default text holds a second license, or another template matches more of it).
    assert len(known) >= 0.9 * len(all_ids())
    assert _known(render_xml("MIT"))
    assert _known(change_copyright(render_xml("MIT")))
    assert not _known(with_header(render_xml("MIT")))


def test_a_changed_line_that_the_template_holds_falls_back_to_the_search() -> None:
    # GPL-3.0's own copyright line (the FSF's) is license text, not a copyright notice of
    # the licensor: with it changed the words the keys see are the same, the template does
    # not match, and the full search decides (a near miss of GPL-3.0-only).
    text = render_xml("GPL-3.0-only")
    fsf = next(line for line in text.splitlines() if "Free Software Foundation, Inc." in line)
    changed = text.replace(fsf, "Copyright (C) 2024 Jane Q. Developer", 1)
    words = words_of(changed)
    assert get_fingerprints().templates(kept_words(words)[1])
    assert matcher.known_text(get_index(), get_templates(), words) is None
    _both_ways(changed)
    top = matcher.identify_text(changed)[0]
    assert (top.id, top.match.value) == ("GPL-3.0-only", "approximate")


def test_fingerprints_of_other_word_rules_are_refused() -> None:
    doc = {"format": 1, "words_version": WORDS_VERSION - 1, "keys_version": 2}
    with pytest.raises(DataError, match="rebuild"):
        Fingerprints({**doc, "sizes": [], "texts": {}})
