"""Shields-style SVG badges for one definition's verdict (docs/formats.md#badges).

"OSAID 1.0 | pass" (green), "OSAID 1.0 | fail" (red), "OSAID 1.0 | unknown" (grey);
"MOF | Class II" (greens by class) or "MOF | unclassified" (grey). Each badge has a `<title>`
and `role="img"` with an `aria-label`, so screen readers read the verdict; the words carry
it, never the colour alone. Text widths are estimated from Verdana's advance widths at 11px
(the font shields.io uses), so no font file is needed.
"""

from __future__ import annotations

from html import escape

from osaid.evaluation.result import DefinitionResult, Status
from osaid.formats import _common as c

GREEN = "#3c1"
RED = "#e05d44"
GREY = "#9f9f9f"
LABEL = "#555"
_MOF_COLOURS = {1: "#3c1", 2: "#97ca00", 3: "#a4a61d"}
_STATUS_COLOURS = {Status.PASS: GREEN, Status.FAIL: RED, Status.UNKNOWN: GREY}

# Approximate advance widths (px) of Verdana at 11px; anything else counts as 7.
_NARROW = dict.fromkeys("ijlI.,:;|!'", 3.5)
_SLIM = dict.fromkeys("frt ()[]-/", 4.5)
_WIDE = dict.fromkeys("mwMW", 10.5)
_UPPER = dict.fromkeys("ABCDEFGHJKLNOPQRSTUVXYZ", 8.0)


def text_width(text: str) -> float:
    return sum(_NARROW.get(ch, _SLIM.get(ch, _WIDE.get(ch, _UPPER.get(ch, 6.8)))) for ch in text)


def badge_parts(result: DefinitionResult) -> tuple[str, str, str]:
    """(label, message, colour) of a definition result's badge."""
    if result.family == "mof":
        colour = _MOF_COLOURS.get(result.mof_class or 0, GREY)
        return "MOF", c.mof_class_name(result), colour
    label = f"OSAID {result.version}" if result.family == "osaid" else result.definition
    return label, result.status.value, _STATUS_COLOURS[result.status]


def render_svg(label: str, message: str, colour: str) -> str:
    """A flat, shields-style badge."""
    left = round(text_width(label) + 10)
    right = round(text_width(message) + 10)
    total = left + right
    title = f"{label}: {message}"
    lx, rx = left * 5, (left + right / 2) * 10
    lw, rw = (left - 10) * 10, (right - 10) * 10
    e = escape
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{e(title)}">'
        f"<title>{e(title)}</title>"
        '<linearGradient id="s" x2="0" y2="100%">'
        '<stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>'
        '<g clip-path="url(#r)">'
        f'<rect width="{left}" height="20" fill="{LABEL}"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{e(colour)}"/>'
        f'<rect width="{total}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" '
        'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" '
        'font-size="110">'
        f'<text aria-hidden="true" x="{lx}" y="150" fill="#010101" fill-opacity=".3" '
        f'transform="scale(.1)" textLength="{lw}">{e(label)}</text>'
        f'<text x="{lx}" y="140" transform="scale(.1)" fill="#fff" textLength="{lw}">'
        f"{e(label)}</text>"
        f'<text aria-hidden="true" x="{rx:.0f}" y="150" fill="#010101" fill-opacity=".3" '
        f'transform="scale(.1)" textLength="{rw}">{e(message)}</text>'
        f'<text x="{rx:.0f}" y="140" transform="scale(.1)" fill="#fff" textLength="{rw}">'
        f"{e(message)}</text>"
        "</g></svg>\n"
    )


def render_badge(result: DefinitionResult) -> str:
    """The SVG badge of one definition result."""
    return render_svg(*badge_parts(result))
