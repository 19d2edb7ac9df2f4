"""Bad input gets one precise line, exit 2, and no traceback."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osaid._yaml import load_yaml
from osaid.errors import InputError, ManifestError
from osaid.manifest.load import load_system, load_system_text

GOOD = """\
osaid_manifest: 1
system:
  name: Tiny
  producer: {name: Example Lab, kind: research-institute}
license: Apache-2.0
components:
  training-code:
    location: https://example.org/train
    license: MIT
  Model parameters (Final):
    location: https://example.org/weights
"""


def test_good_manifest_reads_and_maps_aliases() -> None:
    system = load_system_text(GOOD, name="m.yaml")
    assert set(system.manifest.components) == {"training-code", "model-parameters-final"}


def _error(text: str) -> InputError:
    with pytest.raises(InputError) as err:
        load_system_text(text, name="m.yaml")
    return err.value


BILLION_LAUGHS = "\n".join(
    ["osaid_manifest: 1", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]"
        for p, c in zip("abcdefg", "bcdefgh", strict=True)
    ]
)


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        ("osaid_manifest: 1\nsystem: {name: [unclosed\n", 3, None, "invalid YAML"),
        (BILLION_LAUGHS, None, None, "alias bomb"),
        (GOOD.replace("name: Tiny", "name: Tiny\n  name2: x"), 4, "system.name2", "unknown field"),
        (GOOD.replace("name: Tiny", "name: 42"), 3, "system.name", "valid string"),
        (
            GOOD.replace("kind: research-institute", "kind: wizard"),
            4,
            "system.producer.kind",
            "Input should be",
        ),
        (
            GOOD.replace("  training-code:", "  warp-drive:"),
            7,
            "components.warp-drive",
            "unknown component",
        ),
        (
            GOOD.replace("location: https://example.org/train", "status: maybe"),
            8,
            "components.training-code.status",
            "Input should be",
        ),
        (GOOD.replace("osaid_manifest: 1\n", ""), 1, None, "not an osaid manifest"),
        (
            GOOD.replace("osaid_manifest: 1", "osaid_manifest: 2"),
            1,
            "osaid_manifest",
            "Input should be 1",
        ),
        ("- just\n- a list\n", 1, None, "not an osaid manifest"),
        (GOOD + "components: {}\n", 12, None, "duplicate key"),
        (GOOD.replace("  name: Tiny\n", ""), 2, "system.name", "required field is missing"),
        ("osaid_manifest: 1\nsystem: {name: x}\nx: &a {<<: {b: 1}}\n", 3, None, "merge keys"),
    ],
)
def test_bad_manifest_is_located(
    text: str, line: int | None, field: str | None, words: str
) -> None:
    err = _error(text)
    assert words in err.message
    if line is not None:
        assert err.line == line
    assert err.field == field
    assert err.file == "m.yaml"
    assert "\n" not in err.one_line()


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("  \n")
    with pytest.raises(InputError, match="file is empty"):
        load_system(path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "weights.yaml"
    path.write_bytes(b"\x00\x01PK\x03\x04" * 10)
    with pytest.raises(InputError, match="binary"):
        load_system(path)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("osaid_manifest: 1\n" + "# padding\n" * 500_000)
    with pytest.raises(InputError, match="larger than the"):
        load_system(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("osaid_manifest: 1\nsystem: {name: caf\xe9}\n".encode("latin-1"))
    with pytest.raises(InputError) as err:
        load_system(path)
    assert err.value.line == 2


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_system(tmp_path / "nope.yaml")


def test_unknown_license_is_a_finding_not_an_error() -> None:
    system = load_system_text(
        GOOD.replace("license: MIT", "license: Frobnicate-License-9"), name="m.yaml"
    )
    assert system.manifest.components["training-code"].license == "Frobnicate-License-9"


# ---- property-based ---------------------------------------------------------------------

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20))
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(string.ascii_letters + "-_", max_size=12), children, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "osaid_manifest",
                "system",
                "components",
                "license",
                "training_data",
                "lineage",
                "assertions",
                "junk",
            ]
        ),
        yaml_values,
        max_size=6,
    )
)
def test_loader_never_crashes_on_arbitrary_structures(data: dict[str, object]) -> None:
    import json

    text = json.dumps(data)
    try:
        load_system_text(text, name="p.json")
    except ManifestError as err:
        assert err.file == "p.json"
        assert err.message
    except InputError as err:
        assert err.file == "p.json"


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_yaml_reader_only_raises_input_errors(text: str) -> None:
    try:
        load_yaml(text, file="t.yaml")
    except InputError as err:
        assert err.file == "t.yaml"
