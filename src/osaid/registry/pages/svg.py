"""Charts as SVG, made here: the badges served at `/badge/{slug}/{definition}.svg` for model
cards, and the heatmap of net votes (component × freedom)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from osaid.registry import services as svc


def roman(n: int | None) -> str:
    return {1: "I", 2: "II", 3: "III"}.get(n or 0, str(n))


def signed(value: int) -> str:
    return f"+{value}" if value > 0 else ("−" + str(-value) if value < 0 else "0")


_BADGE_COLOURS = {"pass": "#1a7f37", "fail": "#cf222e", "unknown": "#9a6700"}


def _text_width(text: str) -> int:
    """Rough width in px of `text` in 11px Verdana (enough to size a badge)."""
    wide = sum(1 for c in text if c in "mwMW@%")
    narrow = sum(1 for c in text if c in "iljt.,:;|!' ()[]I1")
    return int(7 * (len(text) - wide - narrow) + 10 * wide + 4 * narrow)


def badge_svg(label: str, message: str, status: str) -> str:
    """A flat, self-contained badge (shields.io look) with an accessible name."""
    colour = _BADGE_COLOURS.get(status, "#57606a")
    lw, mw = _text_width(label) + 12, _text_width(message) + 12
    width = lw + mw
    title = escape(f"{label}: {message}")
    lbl, msg = escape(label), escape(message)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" '
        f'viewBox="0 0 {width} 20" role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/>'
        f'<rect x="{lw}" width="{mw}" height="20" fill="{colour}"/>'
        f'<rect width="{width}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" '
        'font-size="11">'
        f'<text x="{lw / 2:.1f}" y="14">{lbl}</text>'
        f'<text x="{lw + mw / 2:.1f}" y="14">{msg}</text></g></svg>'
    )


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


_NEG = (178, 24, 43)
_ZERO = (247, 247, 247)
_POS = (33, 102, 172)


def heat_colour(value: int, scale: int) -> tuple[str, str]:
    """Fill and text colour of a net vote on a diverging red–white–blue scale."""
    t = 0.0 if scale <= 0 else max(-1.0, min(1.0, value / scale))
    rgb = _mix(_ZERO, _POS if t >= 0 else _NEG, abs(t))
    fill = "#{:02x}{:02x}{:02x}".format(*rgb)
    luminance = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    return fill, ("#ffffff" if luminance < 140 else "#1b1f24")


@dataclass(frozen=True)
class HeatRow:
    label: str
    values: tuple[int, ...]


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def heatmap_svg(
    rows: Sequence[HeatRow], columns: Sequence[str], *, title: str, chart_id: str = "heatmap"
) -> Markup:
    """Net votes by component (rows) and freedom (columns) as an inline SVG chart.

    Each cell prints its signed value (colour is never the only signal) and has a `<title>`;
    the chart has a title, a description and a legend of its colour scale.
    """
    scale = max([abs(v) for r in rows for v in r.values] + [1])
    label_w, cell_w, cell_h, top = 250, 78, 28, 58
    width = label_w + cell_w * len(columns) + 20
    legend_y = top + cell_h * len(rows) + 24
    height = legend_y + 56
    tid, did = f"{chart_id}-title", f"{chart_id}-desc"
    desc = (
        f"Net votes (+1 required, −1 not necessary) for {len(rows)} components and the "
        f"freedoms {', '.join(columns)}. Blue cells are net required, red cells net not "
        f"necessary; the darker, the stronger, up to {scale} votes. Each cell shows its number."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{tid} {did}" '
        'font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="{tid}">{escape(title)}</title>',
        f'<desc id="{did}">{escape(desc)}</desc>',
        f'<text x="0" y="18" font-weight="600" font-size="15" fill="#1b1f24">'
        f"{escape(_clip(title, 90))}</text>",
    ]
    for j, col in enumerate(columns):
        x = label_w + cell_w * j + cell_w / 2
        out.append(
            f'<text x="{x:.0f}" y="{top - 10}" text-anchor="middle" font-weight="600" '
            f'fill="#1b1f24">{escape(col)}</text>'
        )
    for i, row in enumerate(rows):
        y = top + cell_h * i
        out.append(
            f'<text x="{label_w - 8}" y="{y + cell_h / 2 + 4:.0f}" text-anchor="end" '
            f'fill="#1b1f24">{escape(_clip(row.label, 34))}</text>'
        )
        for j, value in enumerate(row.values):
            x = label_w + cell_w * j
            fill, ink = heat_colour(value, scale)
            shown = signed(value)
            out.append(
                f"<g><title>{escape(row.label)}, {escape(columns[j])}: {shown} net votes</title>"
                f'<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" fill="{fill}" '
                'stroke="#ffffff" stroke-width="2"/>'
                f'<text x="{x + cell_w / 2:.0f}" y="{y + cell_h / 2 + 5:.0f}" '
                f'text-anchor="middle" fill="{ink}">{shown}</text></g>'
            )
    out.append(f'<text x="0" y="{legend_y + 14}" fill="#1b1f24" font-weight="600">Net votes</text>')
    sw = 52
    if scale <= 3:
        legend = list(range(-scale, scale + 1))
    else:
        legend = [round(-scale + 2 * scale * k / 6) for k in range(7)]
    steps = len(legend)
    for k, value in enumerate(legend):
        fill, ink = heat_colour(value, scale)
        x = 90 + sw * k
        out.append(
            f'<rect x="{x}" y="{legend_y}" width="{sw}" height="20" fill="{fill}" '
            'stroke="#d0d7de"/>'
            f'<text x="{x + sw / 2:.0f}" y="{legend_y + 14}" text-anchor="middle" '
            f'fill="{ink}" font-size="11">{signed(value)}</text>'
        )
    out.append(
        f'<text x="90" y="{legend_y + 38}" fill="#57606a" font-size="11">← not necessary</text>'
        f'<text x="{90 + sw * steps}" y="{legend_y + 38}" text-anchor="end" fill="#57606a" '
        'font-size="11">required →</text>'
    )
    out.append("</svg>")
    return Markup("".join(out))


def badge_text(definition: str, summary: svc.SystemSummary | None) -> tuple[str, str, str]:
    """(label, message, colour status) of a system's badge for a definition."""
    label = {"osaid-1.0": "OSAID 1.0", "mof": "MOF", "eu-ai-act-2024": "EU AI Act"}.get(
        definition, definition
    )
    if summary is None:
        return label, "unknown system", "none"
    status = summary.statuses.get(definition)
    if status is None:
        return label, "not evaluated", "none"
    if definition == "mof":
        cls = summary.mof_class or 0
        return (
            "MOF",
            (f"Class {roman(cls)}" if cls else "unclassified"),
            ("pass" if cls else "fail"),
        )
    if definition == "eu-ai-act-2024":
        words = {"pass": "open-source exemption", "fail": "no exemption"}
        return label, words.get(status, "undetermined"), status if status in words else "unknown"
    if status == "pass":
        return label, "Open Source AI", "pass"
    if status == "fail":
        return label, ("legal terms fail" if summary.license_only_failure else "not met"), "fail"
    return label, "undetermined", "unknown"
