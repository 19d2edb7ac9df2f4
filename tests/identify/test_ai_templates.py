"""AI-model licenses go through the same matcher as SPDX licenses, with templates osaid wrote
from their published texts (``src/osaid/licenses/data/ai-templates``).

Generated from the template files: every template's text is exact as its own id, and so is
the text with its replaceable parts (model name, date, licensor) changed to other values its
expression allows; the published texts copied in ``tests/data/repos`` are exact; an edited
text is approximate, needs review and names its family's other licenses.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers_identify import ai_template_paths, render_xml, template_meta

from osaid.licenses import catalog as c
from osaid.licenses.identify import LicenseMatch, MatchKind, identify_file, identify_text
from osaid.licenses.identify._index import get_index

REPOS = Path(__file__).resolve().parents[1] / "data" / "repos"
PATHS = ai_template_paths()


def _texts(matches: tuple[LicenseMatch, ...]) -> list[LicenseMatch]:
    return [m for m in matches if m.form == "text"]


def test_there_are_templates_and_each_names_a_catalog_license() -> None:
    catalog = c.load_catalog()
    assert PATHS
    for p in PATHS:
        assert template_meta(p)["id"] in catalog, p.name


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_template_text_is_exact(path: Path) -> None:
    found = _texts(identify_text(render_xml(path)))
    assert [(m.id, m.match, m.needs_review) for m in found] == [
        (template_meta(path)["id"], MatchKind.EXACT, False)
    ]


def _other_value(regex: str, default: str) -> str | None:
    """Another value a replaceable part's expression allows (None: none found)."""
    candidates = [
        default.replace(",", ""),
        default.replace(" Inc.", ", Inc."),
        default.rstrip("."),
        "Example Model Team",
        "March 1, 2031",
        "2031-03-01",
    ]
    for value in candidates:
        if value != default and re.fullmatch(regex, value, flags=re.I | re.S):
            return value
    return None


def _varied(path: Path) -> dict[str, str]:
    values = {}
    for name, regex, default in template_meta(path)["alts"]:  # type: ignore[misc]
        v = _other_value(regex, " ".join(default.split()))
        if v is not None:
            values[name] = v
    return values


VARIED = [p for p in PATHS if _varied(p)]


def test_some_templates_have_replaceable_parts() -> None:
    assert VARIED


@pytest.mark.parametrize("path", VARIED, ids=lambda p: p.stem)
def test_replaceable_parts_with_other_values(path: Path) -> None:
    values = _varied(path)
    text = render_xml(path, values)
    assert all(v in text for v in values.values())
    (m,) = _texts(identify_text(text))
    assert (m.id, m.match, m.needs_review) == (template_meta(path)["id"], MatchKind.EXACT, False)


REAL = {
    "flux/model_licenses/LICENSE-FLUX1-dev": "LicenseRef-FLUX-1-dev-Non-Commercial",
    "ChatGLM-6B/MODEL_LICENSE": "LicenseRef-ChatGLM-6B",
    "DeepSeek-V3/LICENSE-MODEL": "LicenseRef-DeepSeek-1.0",
    "generative-models/model_licenses/LICENCE-SD-Turbo": "LicenseRef-Stability-AI-NC-Research",
    "generative-models/model_licenses/LICENSE-SDXL-Turbo": "LicenseRef-Stability-AI-NC-Research",
    "generative-models/model_licenses/LICENSE-SV3D": "LicenseRef-Stability-AI-NC-Research",
    "generative-models/model_licenses/LICENSE-SVD": "LicenseRef-Stability-AI-SVD-NC-Community",
    "generative-models/model_licenses/LICENSE-SDXL0.9": "LicenseRef-SDXL-0.9-Research",
    "generative-models/model_licenses/LICENSE-SDXL1.0": "LicenseRef-OpenRAIL-PlusPlus-M",
}


@pytest.mark.parametrize("rel", sorted(REAL))
def test_published_text_is_exact(rel: str) -> None:
    found = _texts(identify_file(REPOS / rel).matches)
    assert [(m.id, m.match, m.needs_review) for m in found] == [(REAL[rel], MatchKind.EXACT, False)]
    assert found[0].kind == "ai"


def test_chatglm_english_part_alone_is_a_near_miss() -> None:
    """The published text is bilingual; its English part alone is not the whole text."""
    text = (REPOS / "ChatGLM-6B/MODEL_LICENSE").read_text(encoding="utf-8")
    english = text[text.index("1. Definitions") :]
    found = _texts(identify_text("The ChatGLM-6B License\n\n" + english))
    assert [(m.id, m.match, m.needs_review) for m in found] == [
        ("LicenseRef-ChatGLM-6B", MatchKind.APPROXIMATE, True)
    ]


def _edited(text: str) -> str:
    paragraphs = text.split("\n\n")
    del paragraphs[len(paragraphs) // 2]
    paragraphs.insert(3, "The Licensor may publish additional guidance for this release.")
    return "\n\n".join(paragraphs)


@pytest.mark.parametrize("rel", sorted(REAL))
def test_an_edited_text_is_approximate_needs_review_and_names_the_family(rel: str) -> None:
    found = _texts(identify_text(_edited((REPOS / rel).read_text(encoding="utf-8"))))
    assert found and all(m.match is MatchKind.APPROXIMATE and m.needs_review for m in found)
    best = max(found, key=lambda m: m.end_line - m.start_line)
    assert best.id == REAL[rel]
    family = {
        lic.id
        for lic in get_index().licenses
        if lic.family == best.family and lic.kind == best.kind and lic.id != best.id
    }
    assert family <= set(best.alternatives)
