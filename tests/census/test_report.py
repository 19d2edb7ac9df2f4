"""The HTML report renders offline in headless Chromium and shows the summary's numbers."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from osaid.census.run import run_census
from osaid.census.synth import write

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class _Marks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.metrics: dict[str, str] = {}
        self.charts: dict[str, dict[str, int]] = {}
        self._chart: str | None = None
        self.external: list[str] = []
        self.failing_claims: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "link", "img") or (a.get("src") or "").startswith("http"):
            self.external.append(tag)
        if tag == "svg":
            self._chart = a.get("data-chart")
            self.charts[self._chart or ""] = {}
        if tag == "g" and self._chart and a.get("data-key") is not None:
            self.charts[self._chart][a["data-key"] or ""] = int(a["data-value"] or 0)
        if tag == "tr" and a.get("data-model"):
            self.failing_claims.append(a["data-model"] or "")
        if tag == "td" and a.get("data-metric"):
            self.metrics[a["data-metric"] or ""] = a.get("data-value") or ""


def test_report_numbers_match_summary_and_render(tmp_path: Path) -> None:
    src = write(5_000, tmp_path / "synth.parquet", seed=2)
    result = run_census([src], tmp_path / "out", progress=False)
    summary = json.loads(result.summary.read_text())
    marks = _Marks()
    marks.feed(result.report.read_text())
    assert marks.external == []  # self-contained: no script, stylesheet or image to fetch
    assert int(marks.metrics["total_models"]) == summary["total_models"]
    assert float(marks.metrics["no_license_share"]) == summary["no_license_share"]
    assert int(marks.metrics["open_washing"]) == summary["open_washing"]["total"]
    for cat, count in summary["categories"].items():
        assert int(marks.metrics[f"category:{cat}"]) == count
        assert marks.charts["categories"][cat] == count
    assert marks.charts["license_distribution"] == {
        d["license"]: d["models"] for d in summary["license_distribution"]
    }
    assert marks.charts["category_by_family"] == {
        f["family"]: f["models"] for f in summary["category_by_family"]
    }
    assert marks.charts["open_washing_by_family"] == {
        f["family"]: f["models"] for f in summary["open_washing"]["by_family"]
    }
    assert marks.charts["open_washing_over_time"] == {
        p["period"]: p["open_washing"] for p in summary["open_washing"]["by_period"]
    }
    assert marks.charts["lineage_depth"] == {
        str(d["depth"]): d["models"] for d in summary["lineage"]["depth_histogram"]
    }
    act = summary["ai_act"]
    assert marks.charts["ai_act"] == act["values"]
    for value, count in act["values"].items():
        assert int(marks.metrics[f"ai_act:{value}"]) == count
    assert marks.charts["ai_act_licence_kinds"] == act["licence_fails"]["by_kind"]
    met = act["by_osaid_category"]["conditions-met-as-far-as-metadata-shows"]
    assert marks.charts["ai_act_met_by_category"] == met
    assert (
        int(marks.metrics["act_licence_met_osaid_licence_not_met"])
        == (act["act_licence_met_osaid_licence_not_met"]["models"])
    )
    claims = summary["claims_open_source"]
    assert claims["models"] > 0  # synth: 2% of models
    assert int(marks.metrics["claims_open_source"]) == claims["models"]
    assert int(marks.metrics["claims_fail_osaid_licence"]) == claims["fail_osaid_licence"]
    assert int(marks.metrics["claims_fail_ai_act_licence"]) == claims["fail_ai_act_licence"]
    assert marks.failing_claims == [m["model_id"] for m in claims["top_failing"]]
    assert len(marks.failing_claims) > 0

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium): no screenshot")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "census-report.png"
    shot.unlink(missing_ok=True)
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--window-size=1100,2600",
            f"--screenshot={shot}",
            result.report.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
