"""Shared fixtures. Tests are hermetic: they read only this repository (reference data in
tests/data, with its provenance in tests/data/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/* from the current output",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data: the reference data copied into the repository."""
    if not DATA.is_dir():
        pytest.fail(f"reference data not found at {DATA}")
    return DATA
