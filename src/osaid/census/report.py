"""The census report: one self-contained HTML file with inline SVG charts (no script, no
network). Every chart is an `<svg role="img">` with a title and description, labelled axes and
values printed next to the marks; each mark carries `data-key`/`data-value` so that tests can
check the report against the summary JSON."""

from __future__ import annotations

from html import escape
from typing import Any

from osaid.census import AI_ACT_VALUES, CATEGORIES

__all__ = ["render_report"]

COLORS = {
    "osaid-candidate": "#1b7837",
    "open-weights-only": "#7fbf7b",
    "unknown-license": "#bababa",
    "no-license": "#878787",
    "inherits-restriction": "#f1a340",
    "restricted-weights": "#d6604d",
    "non-commercial": "#b2182b",
    "conflicting-declarations": "#762a83",
}
BAR = "#2166ac"
WASH = "#c51b7d"
ACT = "#35978f"
FONT = "font-family:system-ui,sans-serif;font-size:12px"


def _fmt(n: float) -> str:
    return f"{n:,.0f}"


def _svg_open(chart: str, title: str, desc: str, width: int, height: int) -> list[str]:
    tid, did = f"{chart}-title", f"{chart}-desc"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{tid} {did}" '
        f'data-chart="{chart}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" style="{FONT}">',
        f'<title id="{tid}">{escape(title)}</title>',
        f'<desc id="{did}">{escape(desc)}</desc>',
    ]


def hbar(chart: str, title: str, desc: str, items: list[tuple[str, int]], color: str = BAR) -> str:
    """Horizontal bars: label, bar, value."""
    label_w, bar_w, row_h = 300, 420, 22
    width, height = label_w + bar_w + 90, 30 + row_h * max(len(items), 1) + 24
    top = max((v for _, v in items), default=0) or 1
    out = _svg_open(chart, title, desc, width, height)
    out.append(f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>')
    for i, (key, value) in enumerate(items):
        y = 30 + i * row_h
        w = bar_w * value / top
        out.append(
            f'<g data-key="{escape(key)}" data-value="{value}">'
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(_short(key))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{color}">'
            f"<title>{escape(key)}: {_fmt(value)}</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + 15}">{_fmt(value)}</text></g>'
        )
    out.append(
        f'<text x="{label_w + bar_w / 2}" y="{height - 4}" text-anchor="middle" fill="#555">'
        "number of models</text>"
    )
    out.append("</svg>")
    return "\n".join(out)


def _short(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def vbar(
    chart: str, title: str, desc: str, items: list[tuple[str, int]], x_label: str, color: str
) -> str:
    """Vertical bars over an ordered axis (time, depth)."""
    n = max(len(items), 1)
    col_w = max(14, min(48, 760 // n))
    plot_h, left, bottom = 220, 60, 60
    width, height = left + col_w * n + 20, 30 + plot_h + bottom
    top = max((v for _, v in items), default=0) or 1
    out = _svg_open(chart, title, desc, width, height)
    out.append(f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>')
    base = 30 + plot_h
    out.append(f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#333"/>')
    out.append(
        f'<text x="12" y="{30 + plot_h / 2}" transform="rotate(-90 12 {30 + plot_h / 2})" '
        'text-anchor="middle" fill="#555">number of models</text>'
    )
    for i, (key, value) in enumerate(items):
        h = plot_h * value / top
        x = left + i * col_w
        out.append(
            f'<g data-key="{escape(key)}" data-value="{value}">'
            f'<rect x="{x + 2}" y="{base - h:.1f}" width="{col_w - 4}" height="{h:.1f}" '
            f'fill="{color}"><title>{escape(key)}: {_fmt(value)}</title></rect>'
            f'<text x="{x + col_w / 2}" y="{base - h - 3:.1f}" text-anchor="middle" '
            f'font-size="10">{_fmt(value)}</text>'
            f'<text x="{x + col_w / 2}" y="{base + 12}" text-anchor="end" font-size="10" '
            f'transform="rotate(-45 {x + col_w / 2} {base + 12})">{escape(key)}</text></g>'
        )
    out.append(
        f'<text x="{left + col_w * n / 2}" y="{height - 4}" text-anchor="middle" fill="#555">'
        f"{escape(x_label)}</text>"
    )
    out.append("</svg>")
    return "\n".join(out)


def stacked(chart: str, title: str, desc: str, families: list[dict[str, Any]]) -> str:
    """One 100% bar per family, split by category, with a legend."""
    label_w, bar_w, row_h = 300, 440, 24
    legend_h = 20 * ((len(CATEGORIES) + 2) // 3)
    width = label_w + bar_w + 90
    height = 30 + row_h * max(len(families), 1) + 10 + legend_h
    out = _svg_open(chart, title, desc, width, height)
    out.append(f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>')
    for i, fam in enumerate(families):
        y = 30 + i * row_h
        total = fam["models"] or 1
        out.append(
            f'<g data-key="{escape(fam["family"])}" data-value="{fam["models"]}">'
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end">'
            f"{escape(_short(fam['family']))}</text>"
        )
        x = float(label_w)
        for cat in CATEGORIES:
            count = int(fam["categories"].get(cat, 0))
            if not count:
                continue
            w = bar_w * count / total
            out.append(
                f'<rect data-category="{cat}" data-value="{count}" x="{x:.1f}" y="{y + 3}" '
                f'width="{w:.1f}" height="{row_h - 6}" fill="{COLORS[cat]}">'
                f"<title>{escape(fam['family'])} — {cat}: {_fmt(count)}</title></rect>"
            )
            x += w
        out.append(f'<text x="{label_w + bar_w + 4}" y="{y + 16}">{_fmt(fam["models"])}</text></g>')
    ly = 30 + row_h * max(len(families), 1) + 10
    for j, cat in enumerate(CATEGORIES):
        lx, lyy = (j % 3) * 250, ly + (j // 3) * 20
        out.append(
            f'<rect x="{lx}" y="{lyy}" width="12" height="12" fill="{COLORS[cat]}"/>'
            f'<text x="{lx + 16}" y="{lyy + 11}">{cat}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _metric(name: str, label: str, value: Any) -> str:
    shown = _fmt(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
    if isinstance(value, float) and value < 1:
        shown = f"{value:.1%}"
    return (
        f'<tr><th scope="row">{escape(label)}</th>'
        f'<td data-metric="{name}" data-value="{value}">{escape(str(shown))}</td></tr>'
    )


def _ai_act_section(summary: dict[str, Any]) -> str:
    """The AI Act exemption as far as metadata shows, and models claiming "open source"."""
    act = summary["ai_act"]
    claims = summary["claims_open_source"]
    fails = act["licence_fails"]
    met = AI_ACT_VALUES[-1]
    metrics = [_metric(f"ai_act:{v}", v, act["values"][v]) for v in AI_ACT_VALUES]
    metrics += [
        _metric(
            "ai_act_licence_inherited",
            "licence fails only through a base model",
            fails["inherited_only"],
        ),
        _metric(
            "act_licence_met_osaid_licence_not_met",
            "meet the Act's licence condition, fail OSAID's",
            act["act_licence_met_osaid_licence_not_met"]["models"],
        ),
        _metric(
            "osaid_licence_met_act_licence_not_met",
            "meet OSAID's licence condition, fail the Act's",
            act["osaid_licence_met_act_licence_not_met"]["models"],
        ),
        _metric("claims_open_source", "claim open source", claims["models"]),
        _metric(
            "claims_fail_osaid_licence",
            "claim open source, fail OSAID's licence condition",
            claims["fail_osaid_licence"],
        ),
        _metric(
            "claims_fail_ai_act_licence",
            "claim open source, fail the Act's licence condition",
            claims["fail_ai_act_licence"],
        ),
    ]
    charts = [
        hbar(
            "ai_act",
            "EU AI Act open-source exemption, as far as metadata shows",
            "Number of models for each AI Act value, in decision order; training compute and "
            "monetisation are never known from metadata, so none is counted exempt outright.",
            [(v, int(act["values"][v])) for v in AI_ACT_VALUES],
            ACT,
        ),
        hbar(
            "ai_act_licence_kinds",
            "Why the Act's licence condition fails",
            "Models failing the Act's licence condition, by restriction kind (own or inherited; "
            "a model can have several).",
            [(k, int(v)) for k, v in fails["by_kind"].items()],
            ACT,
        ),
        hbar(
            "ai_act_met_by_category",
            "Meeting the Act's conditions metadata shows, by OSAID census category",
            "Models meeting every AI Act condition that metadata shows, by their OSAID census "
            "category: the exemption does not ask for data information or code.",
            [(c, int(act["by_osaid_category"][met][c])) for c in CATEGORIES],
            ACT,
        ),
    ]
    top = (
        "".join(
            f'<tr data-model="{escape(m["model_id"])}"><td>{escape(m["model_id"])}</td>'
            f"<td>{escape(m['license'])}</td><td>{escape(m['osaid_licence'])}</td>"
            f"<td>{escape(m['ai_act_licence'])}</td>"
            f'<td data-value="{m["downloads"] or 0}">{_fmt(m["downloads"] or 0)}</td></tr>'
            for m in claims["top_failing"]
        )
        or '<tr><td colspan="5">none seen</td></tr>'
    )
    differ = "; ".join(
        f"{escape(d['license'])} {_fmt(d['models'])}"
        for d in act["act_licence_met_osaid_licence_not_met"]["by_license"]
    )
    return f"""<h2>EU AI Act open-source exemption (Art. 53(2)), as far as metadata shows</h2>
<p>The licence condition is judged under the free-and-open-source-licence framework (no
restriction beyond attribution and comparable distribution terms), a base model's failing
licence passing down to its fine-tunes, adapters, merges and quantizations; weights must be
listed among the repo's files (a gated repo needs review); usage information needs a model card.
Training compute (systemic risk, 10^25 FLOP) and monetisation cannot be told from metadata:
<strong>{_fmt(act["conditions_met_as_far_as_metadata_shows"])}</strong> models meeting every
condition metadata shows is an upper bound of the exempt, not a count of exempt models.
Not legal advice; the AI Office decides.</p>
<table id="ai-act-metrics">{"".join(metrics)}</table>
<p>Licences meeting the Act's condition but not OSAID's: {differ or "none seen"}. A model can
also meet every condition metadata shows and not be Open Source AI for want of data
information or code: the chart below splits them by OSAID census category.</p>
{"".join(f"<figure>{c}</figure>" for c in charts)}
<h2>Claiming open source</h2>
<p>Models whose own tags, card front matter or license_name say "open source" (a whole word,
outside addresses; widget example inputs are not read). The dumps hold only the model card's
front matter, not its body: <strong>these counts are lower bounds</strong>.</p>
<table id="claims-failing"><tr><th>model</th><th>license</th><th>OSAID licence</th>
<th>AI Act licence</th><th>downloads</th></tr>
{top}</table>
"""


def render_report(summary: dict[str, Any]) -> str:
    cats = summary["categories"]
    lineage = summary["lineage"]
    wash = summary["open_washing"]
    metrics = [
        _metric("total_models", "Models", summary["total_models"]),
        _metric("no_license_share", "Share without any license", summary["no_license_share"]),
        _metric("open_washing", "Open-washing flags", wash["total"]),
        _metric(
            "models_with_base_model",
            "Models naming a base model",
            lineage["models_with_base_model"],
        ),
        _metric(
            "dangling_references", "Dangling base-model references", lineage["dangling_references"]
        ),
        _metric(
            "models_in_or_below_cycles",
            "Models in or below a cycle",
            lineage["models_in_or_below_cycles"],
        ),
        _metric("max_depth", "Deepest lineage", lineage["max_depth"]),
    ]
    metrics += [_metric(f"category:{c}", c, cats[c]) for c in CATEGORIES]
    charts = [
        hbar(
            "categories",
            "Census categories",
            "Number of models in each census category, in decision order.",
            [(c, int(cats[c])) for c in CATEGORIES],
        ),
        hbar(
            "license_distribution",
            "License distribution",
            "Most frequent licenses (canonical id, or Hub family label), number of models.",
            [(d["license"], int(d["models"])) for d in summary["license_distribution"]],
        ),
        stacked(
            "category_by_family",
            "Census category by family (largest families)",
            "For each of the largest families (models sharing a root base model), the share of "
            "its models in each census category.",
            summary["category_by_family"],
        ),
        hbar(
            "open_washing_by_family",
            "Open-washing by family",
            "Models tagged with open terms whose ancestor's license forbids that, per family.",
            [(d["family"], int(d["models"])) for d in wash["by_family"]],
            WASH,
        ),
        vbar(
            "open_washing_over_time",
            "Open-washing over time",
            "Models flagged for open-washing, per quarter of their creation date.",
            [(d["period"], int(d["open_washing"])) for d in wash["by_period"]],
            "quarter",
            WASH,
        ),
        vbar(
            "lineage_depth",
            "Lineage depth",
            "Number of models at each depth below their family root (0: no known base model).",
            [(str(d["depth"]), int(d["models"])) for d in lineage["depth_histogram"]],
            "depth (generations below the root)",
            BAR,
        ),
    ]
    ancestors = "".join(
        f'<tr data-ancestor="{escape(a["ancestor"])}"><td>{escape(a["ancestor"])}</td>'
        f'<td>{escape(a["license"])}</td><td data-value="{a["models"]}">{_fmt(a["models"])}</td></tr>'
        for a in wash["by_ancestor"]
    )
    missing = "".join(
        f"<li>{escape(k)}: {_fmt(v)}</li>" for k, v in summary.get("candidates_missing", {}).items()
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>osaid Hub census</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}}
table{{border-collapse:collapse}} th,td{{padding:3px 10px;text-align:left;border-bottom:1px solid #ddd}}
figure{{margin:2em 0}} td[data-value]{{text-align:right}}
</style></head><body>
<h1>Hugging Face Hub census</h1>
<p>Engine: {escape(str(summary.get("engine", "")))}. Inputs:
{escape(", ".join(str(i) for i in summary.get("inputs", [])))}.
Categories are decided in this order: {", ".join(CATEGORIES)} (see docs/census.md).</p>
<h2>Key figures</h2>
<table id="metrics">{"".join(metrics)}</table>
{"".join(f"<figure>{c}</figure>" for c in charts)}
<h2>Open-washing: most-named ancestors</h2>
<table id="open-washing-ancestors"><tr><th>ancestor</th><th>its license</th><th>models</th></tr>
{ancestors}</table>
<h2>What OSAID candidates still miss (from metadata)</h2><ul>{missing}</ul>
{_ai_act_section(summary)}</body></html>
"""
