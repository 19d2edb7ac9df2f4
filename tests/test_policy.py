"""CI gate policies: reading, finding, applying the open data terms, and the gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from osaid.catalog import load_catalog_system
from osaid.definitions.interface import LegalFramework
from osaid.errors import InputError
from osaid.evaluation.evaluate import Evaluator
from osaid.licenses.knowledge import LegalOutcome, knowledge
from osaid.policy import (
    Policy,
    apply_policy_to_check,
    find_policy_file,
    gate,
    load_policy,
    parse_requirement,
    required_definitions,
)

ROOT = Path(__file__).resolve().parents[1]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ---- grammar ----


@pytest.mark.parametrize(
    ("text", "definition", "kind", "threshold"),
    [
        ("osaid-1.0", "osaid-1.0", "pass", None),
        ("mof>=2", "mof", "mof-class", 2.0),
        ("mof >= II", "mof", "mof-class", 2.0),
        ("mof-normalized>=1", "mof-normalized", "mof-class", 1.0),
        ("osai-index>=0.75", "osai-index", "score", 0.75),
        ("osai-index-legacy>=10", "osai-index-legacy", "score", 10.0),
        ("lf-proposal", "lf-proposal", "pass", None),
    ],
)
def test_requirement_grammar(
    text: str, definition: str, kind: str, threshold: float | None
) -> None:
    req = parse_requirement(text)
    assert (req.definition, req.kind, req.threshold) == (definition, kind, threshold)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("osaid-2.0", "unknown definition"),
        ("mof>=4", "a MOF class is 1, 2, 3"),
        ("osai-index>=2", "runs from 0 to 1"),
        ("osai-index>=high", "is not a number"),
        ("osaid-1.0>=1", "only mof and the index definitions take >="),
        ("mof > 2", "is not DEFINITION"),
    ],
)
def test_bad_requirements(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_requirement(text)


def test_required_definitions() -> None:
    assert required_definitions(["mof>=2", "osaid-1.0", "mof>=1"]) == ["mof", "osaid-1.0"]


# ---- files ----


def test_pyproject_table(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "pyproject.toml",
        """[project]
name = "x"

[tool.osaid]
definitions = ["osaid-1.0"]
require = ["osaid-1.0", "mof>=2"]
fail_on = ["unknown", "conflict"]

[tool.osaid.open_data_terms]
add = ["ODbL-1.0"]
""",
    )
    policy = load_policy(path)
    assert policy.definitions == ("osaid-1.0",)
    assert policy.evaluate == ["osaid-1.0", "mof"]
    assert policy.require == ("osaid-1.0", "mof>=2")
    assert policy.fail_on == ("unknown", "conflict")
    assert policy.open_data_terms is not None and policy.open_data_terms.add == ["ODbL-1.0"]


def test_osaid_toml_with_a_plain_list_of_terms(tmp_path: Path) -> None:
    path = _write(tmp_path / "osaid.toml", 'open_data_terms = ["ODbL-1.0"]\n')
    policy = load_policy(path)
    assert policy.definitions == ("osaid-1.0", "mof")
    assert policy.open_data_terms is not None and policy.open_data_terms.add == ["ODbL-1.0"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[tool.osaid]\nrequire = ["osaid-9"]\n',
            r"pyproject.toml:2: tool.osaid.require: unknown definition 'osaid-9'",
        ),
        (
            '[tool.osaid]\ndefinitions = ["osaid-1.0"]\nfail_on = ["maybe"]\n',
            r"pyproject.toml:3: tool.osaid.fail_on.0: 'maybe' is not one of",
        ),
        (
            '[tool.osaid]\nrequires = ["osaid-1.0"]\n',
            r"pyproject.toml:2: tool.osaid.requires: unknown field",
        ),
        (
            '[tool.osaid]\n\n[tool.osaid.open_data_terms]\nadd = ["Not-A-License"]\n',
            r"pyproject.toml:4: tool.osaid.open_data_terms.add: 'Not-A-License' is not a license id",
        ),
        (
            '[tool.osaid.open_data_terms]\nreplace = ["CC0-1.0"]\nadd = ["CC-BY-4.0"]\n',
            r"pyproject.toml:2: tool.osaid.open_data_terms.replace: replace excludes add",
        ),
        ('[tool.osaid]\nrequire = "osaid-1.0\n', r"pyproject.toml:2: invalid TOML"),
        ('[project]\nname = "x"\n', r"pyproject.toml: no \[tool.osaid\] table"),
    ],
)
def test_errors_are_one_line_with_file_line_and_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = _write(tmp_path / "pyproject.toml", text)
    with pytest.raises(InputError, match=expected) as err:
        load_policy(path)
    assert "\n" not in str(err.value)


def test_missing_policy_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="policy file not found"):
        load_policy(tmp_path / "osaid.toml")


def test_discovery_walks_up_and_prefers_osaid_toml(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    _write(tmp_path / "pyproject.toml", '[tool.osaid]\nrequire = ["osaid-1.0"]\n')
    _write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "no table here"\n')
    manifest = _write(deep / "m.yaml", "osaid_manifest: 1\n")
    assert find_policy_file(manifest) == tmp_path / "pyproject.toml"
    _write(tmp_path / "a" / "osaid.toml", 'require = ["mof>=3"]\n')
    assert find_policy_file(deep) == tmp_path / "a" / "osaid.toml"
    ids, require, policy = apply_policy_to_check(str(manifest), None)
    assert require == ["mof>=3"] and policy is not None
    assert ids == ["osaid-1.0", "mof"]


def test_no_policy_anywhere(tmp_path: Path) -> None:
    assert apply_policy_to_check("catalog:olmo", None, cwd=tmp_path) == ([], [], None)


# ---- the gate ----


def _policy(*require: str, fail_on: tuple[str, ...] = ()) -> Policy:
    return Policy(("osaid-1.0", "mof"), fail_on=fail_on).with_requirements(list(require))


def _report(slug: str, policy: Policy):  # type: ignore[no-untyped-def]
    return Evaluator().evaluate(load_catalog_system(slug), policy.evaluate)


def test_gate_passes_and_fails_with_reasons() -> None:
    policy = _policy("osaid-1.0", "lf-proposal", "osai-index>=0.9")
    assert gate(_report("olmo", policy), policy).passed
    result = gate(_report("llama-2", policy), policy)
    assert not result.passed
    assert result.reasons[0] == "osaid-1.0: Llama 2 is fail under osaid-1.0"
    assert "lf-proposal: Llama 2 is fail under lf-proposal (on legal terms only)" in result.reasons
    assert any(r.startswith("osai-index>=0.9: Llama 2 scores 0.5") for r in result.reasons)


def test_gate_on_mof_class() -> None:
    policy = _policy("mof>=3")
    report = _report("olmo", policy)
    klass = next(r for r in report.results if r.definition == "mof").mof_class
    assert gate(report, policy).passed is (klass != 0)
    if klass == 0:
        assert gate(report, policy).reasons == ("mof>=3: OLMo has no class under mof",)


def test_fail_on_unknown_and_needs_review() -> None:
    policy = _policy(fail_on=("unknown", "needs-review", "fail"))
    result = gate(_report("llama-2", policy), policy)
    assert any(r.startswith("fail_on fail: Llama 2 fails osaid-1.0") for r in result.reasons)
    olmo = gate(_report("olmo", policy), policy)
    review = [r for r in olmo.reasons if r.startswith("fail_on needs-review")]
    assert review  # OSAID 1.0 asks a person to judge data information equivalence


def test_fail_on_conflict_reads_release_conflicts() -> None:
    import dataclasses

    from osaid.sources.evidence import Evidence, EvidenceKind

    policy = _policy(fail_on=("conflict",))
    report = _report("olmo", policy)
    assert gate(report, policy).passed
    conflict = Evidence(
        kind=EvidenceKind.CONFLICT,
        path="LICENSE",
        how="test",
        data={
            "declared_in": "README.md",
            "declared": "MIT",
            "detected_in": "LICENSE",
            "detected": "Apache-2.0",
        },
    )
    system = dataclasses.replace(report.system, evidence=(conflict,))
    result = gate(dataclasses.replace(report, system=system), policy)
    assert not result.passed and "README.md declares 'MIT'" in result.reasons[0]


# ---- open data terms ----


def test_open_data_terms_judge_only_under_the_policys_context(tmp_path: Path) -> None:
    kb = knowledge()
    before = kb.judge("ODbL-1.0", LegalFramework.OPEN_TERMS).outcome
    policy = load_policy(_write(tmp_path / "osaid.toml", 'open_data_terms = ["ODbL-1.0"]\n'))
    context = policy.license_context()
    assert kb.judge("ODbL-1.0", LegalFramework.OPEN_TERMS, context).outcome is LegalOutcome.MET
    assert kb.data_versions(context)["open-data-terms"].startswith("policy ")
    # the knowledge base itself is unchanged: other checks keep the packaged allowlist
    assert kb.judge("ODbL-1.0", LegalFramework.OPEN_TERMS).outcome is before
    replaced = load_policy(
        _write(tmp_path / "osaid.toml", '[open_data_terms]\nreplace = ["CC0-1.0"]\n')
    ).license_context()
    outcome = kb.judge("CC-BY-4.0", LegalFramework.OPEN_TERMS, replaced).outcome
    assert outcome is LegalOutcome.NOT_MET
    assert kb.judge("CC-BY-4.0", LegalFramework.OPEN_TERMS).outcome is LegalOutcome.MET


def test_run_check_combines_policy_and_command_line(tmp_path: Path) -> None:
    from osaid.check import run_check
    from osaid.formats.json_report import render_json

    policy_file = _write(tmp_path / "osaid.toml", 'require = ["mof>=3"]\nfail_on = ["fail"]\n')
    run = run_check(
        "catalog:olmo",
        definitions=None,
        require=["osaid-1.0"],
        policy_path=policy_file,
        renderer=render_json,
    )
    assert run.definitions == ("osaid-1.0", "mof")
    assert run.policy is not None and run.policy.file == str(policy_file)
    assert '"definition": "osaid-1.0"' in run.text
    assert all(not r.startswith("osaid-1.0:") for r in run.gate.reasons)
    plain = run_check(
        "catalog:llama-2",
        definitions=["lf-proposal"],
        require=["osaid-1.0"],
        policy_path=None,
        renderer=render_json,
        use_policy=False,
    )
    assert plain.definitions == ("lf-proposal", "osaid-1.0")
    assert plain.gate.reasons == ("osaid-1.0: Llama 2 is fail under osaid-1.0",)


def test_pre_commit_hook_and_workflow_are_valid() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "osaid-check")
    assert hook["entry"] == "osaid check --require osaid-1.0"
    assert hook["language"] == "python"
    import re

    pattern = re.compile(hook["files"])
    assert pattern.search("osaid.yaml") and pattern.search("models/foo.osaid.yml")
    assert not pattern.search("src/app.py")
    workflow = yaml.safe_load((ROOT / "docs/ci/github-actions.yml").read_text())
    assert "jobs" in workflow


def test_two_checks_with_different_policies_run_at_once(tmp_path: Path) -> None:
    """Each check judges under its own policy, even in threads of one process."""
    import threading

    from osaid.check import run_check
    from osaid.formats.json_report import render_json

    manifest = _write(
        tmp_path / "system.yaml",
        "osaid_manifest: 1\nsystem: {name: Data terms}\nlicense: Apache-2.0\n"
        "components:\n  data-description: {status: released, license: ODbL-1.0}\n",
    )
    adds = _write(
        tmp_path / "adds.toml", 'definitions = ["osaid-1.0"]\nopen_data_terms = ["ODbL-1.0"]\n'
    )
    removes = _write(
        tmp_path / "removes.toml",
        'definitions = ["osaid-1.0"]\n[open_data_terms]\nreplace = ["CC0-1.0"]\n',
    )
    outcomes: dict[str, set[str]] = {"adds": set(), "removes": set()}
    barrier = threading.Barrier(2)

    def check(name: str, policy: Path) -> None:
        barrier.wait()
        for _ in range(20):
            run = run_check(
                str(manifest),
                definitions=None,
                require=None,
                policy_path=policy,
                renderer=render_json,
            )
            result = run.report.results[0]
            req = next(r for r in result.requirements if r.id == "data-information.description")
            outcomes[name].add(req.outcome.value)

    threads = [
        threading.Thread(target=check, args=("adds", adds)),
        threading.Thread(target=check, args=("removes", removes)),
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert outcomes == {"adds": {"met"}, "removes": {"not-met"}}
