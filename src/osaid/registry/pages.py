"""The registry's HTML pages: server-rendered with Jinja2, usable without JavaScript.

Every page reads through `osaid.registry.services` (systems, ballots, tallies, endorsements)
or the osaid library itself (definitions, licenses), and every form posts with the session's
CSRF token (`auth.csrf_token`). Writes redirect (303) to the page that shows their effect;
bad input re-renders the form with the message and a 4xx status, never a 500.

Charts are inline SVG made here: the heatmap of net votes (component × freedom) and the
badges served at `/badge/{slug}/{definition}.svg` for model cards.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from osaid import __version__
from osaid.components import component_catalog
from osaid.definitions.diff import diff_definitions
from osaid.definitions.loader import DEFINITION_IDS, all_definitions, load_definition
from osaid.errors import InputError, OsaidError, UnknownIdError
from osaid.freedoms import Freedom
from osaid.licenses.interface import LicenseCategory, LicenseFacts
from osaid.licenses.knowledge import knowledge
from osaid.registry import models as m
from osaid.registry import services as svc
from osaid.registry.auth import (
    check_write_rate,
    csrf_token,
    db_session,
    optional_user,
    require_csrf,
    sign_in,
    sign_out,
)
from osaid.registry.errors import Conflict, NotFound, PermissionDenied, RateLimited, RegistryError
from osaid.registry.web import cached_response, wants_html

__all__ = ["badge_svg", "heatmap_svg", "install", "router"]

router = APIRouter(include_in_schema=False)

_HERE = Path(__file__).resolve().parent
TEMPLATES = _HERE / "templates"
STATIC = _HERE / "static"

FREEDOM_ORDER: tuple[str, ...] = ("study", "use", "modify", "share")
"""The order of OSI's vote table (Study / Use / Modify / Share)."""
GROUP_LABELS: dict[str, str] = {
    "system-creator": "System creators",
    "license-creator": "License creators",
    "regulator": "Regulators",
    "licensee": "Licensees",
    "end-user": "End users",
    "subject": "Subjects",
}
TIER_LABELS: dict[str, str] = {
    "required": "Yes / Required",
    "likely-required": "Lean yes / Likely required",
    "maybe": "Maybe",
    "likely-not-required": "Lean no / Likely not required",
    "not-required": "No / Not required",
}
VOTE_LABELS: dict[int, str] = {1: "required (+1)", -1: "not necessary (−1)", 0: "abstain (0)"}
STATUS_WORDS: dict[str, str] = {
    "pass": "pass",
    "fail": "fail",
    "unknown": "undetermined",
    "met": "met",
    "not-met": "not met",
    "needs-review": "needs review",
    "not-applicable": "not applicable",
}
SORT_LABELS: dict[str, str] = {
    "name": "name (A–Z)",
    "-name": "name (Z–A)",
    "producer": "producer (A–Z)",
    "-producer": "producer (Z–A)",
    "status": "verdict",
    "updated": "recently updated",
    "-updated": "least recently updated",
    "slug": "slug",
}
MESSAGES: dict[str, tuple[str, str]] = {
    "submitted": ("notice", "Submitted and evaluated."),
    "ballots": ("notice", "Your ballots are recorded; the tally below includes them."),
    "joined": ("notice", "You joined the working group."),
    "left": ("notice", "You left the working group."),
    "endorsed": ("notice", "Your endorsement is recorded."),
    "withdrawn": ("notice", "Your endorsement is withdrawn."),
    "logged-in": ("notice", "You are signed in."),
    "logged-out": ("notice", "You are signed out."),
    "published": ("notice", "The system is published."),
    "hidden": ("notice", "The system is hidden from the listing."),
    "merged": ("notice", "The system is marked as a duplicate."),
    "reevaluated": ("notice", "The system was evaluated again; see the history."),
}
NAV: tuple[tuple[str, str, str], ...] = (
    ("/", "Systems", "systems"),
    ("/compare", "Compare", "compare"),
    ("/review", "Review", "review"),
    ("/definitions", "Definitions", "definitions"),
    ("/licenses", "Licenses", "licenses"),
    ("/submit", "Submit", "submit"),
)
PER_PAGE = 50


# ---- templates -----------------------------------------------------------------------------


def _roman(n: int | None) -> str:
    return {1: "I", 2: "II", 3: "III"}.get(n or 0, str(n))


def _component_name(component_id: str) -> str:
    comp = component_catalog().components.get(component_id)
    return comp.name if comp is not None else component_id


def _category_class(category: str) -> str:
    if category in ("osi-approved", "open-data", "permissive-non-osi"):
        return "pass"
    if category in ("restricted", "not-open", "no-license"):
        return "fail"
    return "unknown"


def _broken(facts: LicenseFacts) -> str:
    seen: dict[str, None] = {}
    for r in facts.restrictions:
        for f in r.freedoms:
            seen[f.value] = None
    return ", ".join(seen)


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else ("−" + str(-value) if value < 0 else "0")


def _static(name: str) -> str:
    path = STATIC / name
    version = int(path.stat().st_mtime) if path.is_file() else 0
    return f"/static/{quote(name)}?v={version}"


def _make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["component_name"] = _component_name
    env.filters["signed"] = _signed
    env.globals.update(
        roman=_roman,
        static=_static,
        category_class=_category_class,
        broken=_broken,
        status_words=STATUS_WORDS,
        tier_labels=TIER_LABELS,
        vote_labels=VOTE_LABELS,
        group_labels=GROUP_LABELS,
        nav_items=NAV,
        osaid_version=__version__,
    )
    return env


_ENV = _make_env()


def render(
    request: Request,
    template: str,
    user: m.User | None,
    *,
    status_code: int = 200,
    section: str = "",
    title: str = "",
    **context: Any,
) -> HTMLResponse:
    flashes = []
    code = request.query_params.get("msg")
    if code in MESSAGES:
        flashes.append(MESSAGES[code])
    html = _ENV.get_template(template).render(
        request=request,
        user=user,
        csrf=csrf_token(request),
        section=section,
        title=title,
        flashes=flashes,
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def error_page(
    request: Request, user: m.User | None, status_code: int, message: str, title: str = ""
) -> HTMLResponse:
    heading = title or {
        400: "Bad request",
        401: "Please sign in",
        403: "Not allowed",
        404: "Not found",
        409: "Conflict",
        413: "Too large",
        422: "Cannot use this input",
        429: "Too many requests",
    }.get(status_code, "Error")
    return render(
        request,
        "error.html",
        user,
        status_code=status_code,
        title=heading,
        heading=heading,
        message=message,
        code=status_code,
    )


def _see_other(url: str, msg: str | None = None) -> RedirectResponse:
    if msg:
        base, hash_, fragment = url.partition("#")
        url = base + ("&" if "?" in base else "?") + urlencode({"msg": msg}) + hash_ + fragment
    return RedirectResponse(url, status_code=303)


def _error_message(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, InputError):
        return 422, exc.one_line() if exc.file else exc.message
    if isinstance(exc, RegistryError):
        return exc.status_code, exc.message
    if isinstance(exc, UnknownIdError):
        return 404, str(exc)
    return 422, str(exc)


def _safe_next(value: str | None) -> str:
    """A local path to go to after signing in (never another site)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


async def _form(request: Request) -> FormData:
    """The form, after checking the CSRF token and the write rate limit."""
    await require_csrf(request)
    return await request.form()


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


UserDep = Depends(optional_user)
SessionDep = Depends(db_session)


# ---- SVG: badges and the heatmap ---------------------------------------------------------

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
            shown = _signed(value)
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
            f'fill="{ink}" font-size="11">{_signed(value)}</text>'
        )
    out.append(
        f'<text x="90" y="{legend_y + 38}" fill="#57606a" font-size="11">← not necessary</text>'
        f'<text x="{90 + sw * steps}" y="{legend_y + 38}" text-anchor="end" fill="#57606a" '
        'font-size="11">required →</text>'
    )
    out.append("</svg>")
    return Markup("".join(out))


def tally_heatmap(view: svc.TallyView, title: str) -> Markup:
    rows = [HeatRow(r.name, tuple(r.votes.get(f, 0) for f in FREEDOM_ORDER)) for r in view.rows]
    return heatmap_svg(rows, FREEDOM_ORDER, title=title)


def _badge_text(definition: str, summary: svc.SystemSummary | None) -> tuple[str, str, str]:
    """(label, message, colour status) of a system's badge for a definition."""
    label = {"osaid-1.0": "OSAID 1.0", "mof": "MOF"}.get(definition, definition)
    if summary is None:
        return label, "unknown system", "none"
    status = summary.statuses.get(definition)
    if status is None:
        return label, "not evaluated", "none"
    if definition == "mof":
        cls = summary.mof_class or 0
        return (
            "MOF",
            (f"Class {_roman(cls)}" if cls else "unclassified"),
            ("pass" if cls else "fail"),
        )
    if status == "pass":
        return label, "Open Source AI", "pass"
    if status == "fail":
        return label, ("legal terms fail" if summary.license_only_failure else "not met"), "fail"
    return label, "undetermined", "unknown"


# ---- systems ---------------------------------------------------------------------------------


def _int_param(value: str | None, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise InputError(f"expected a whole number, got {value[:40]!r}", field="page") from None


@router.get("/", response_class=HTMLResponse)
def listing(
    request: Request, session: Session = SessionDep, user: m.User | None = UserDep
) -> HTMLResponse:
    p = request.query_params
    filters = {k: p.get(k, "").strip() for k in ("q", "producer", "status", "license", "modality")}
    definition = p.get("definition") or "osaid-1.0"
    sort = p.get("sort") or "name"
    sort_notice = None
    if sort not in svc.SORTS:
        # An old or mistyped link still shows the systems, in the default order.
        sort_notice = f"Unknown sort order {sort[:40]!r}; sorted by {SORT_LABELS['name']}."
        sort = "name"
    error = None
    try:
        page_no = _int_param(p.get("page"), 1)
        page = svc.list_systems(
            session,
            q=filters["q"] or None,
            producer=filters["producer"] or None,
            status=filters["status"] or None,
            license=filters["license"] or None,
            modality=filters["modality"] or None,
            definition=definition,
            sort=sort,
            page=page_no,
            per_page=PER_PAGE,
            include_hidden=bool(user and user.role == "admin"),
        )
    except (InputError, RegistryError) as exc:
        error = _error_message(exc)[1]
        page = svc.Page((), 0, 1, PER_PAGE)
        definition, sort = "osaid-1.0", "name"

    def link(**changes: Any) -> str:
        query = {k: v for k, v in {**filters, "definition": definition, "sort": sort}.items() if v}
        query.update(changes)
        query = {k: v for k, v in query.items() if v not in ("", None)}
        if query.get("definition") == "osaid-1.0":
            query.pop("definition")
        if query.get("sort") == "name":
            query.pop("sort")
        return "/?" + urlencode(query) if query else "/"

    return render(
        request,
        "listing.html",
        user,
        status_code=422 if error else 200,
        section="systems",
        title="AI systems",
        page=page,
        filters=filters,
        definition=definition,
        sort=sort,
        facets=svc.facets(session),
        definitions=svc.DEFINITIONS,
        sorts=SORT_LABELS,
        link=link,
        error=error,
        sort_notice=sort_notice,
    )


def _system_or_404(session: Session, slug: str, user: m.User | None) -> svc.SystemDetail:
    return svc.get_system(session, slug, include_hidden=bool(user and user.role == "admin"))


@router.get("/systems/{slug}", response_class=HTMLResponse)
def system_page(
    request: Request, slug: str, session: Session = SessionDep, user: m.User | None = UserDep
) -> HTMLResponse:
    try:
        detail = _system_or_404(session, slug, user)
    except (NotFound, InputError) as exc:
        return error_page(request, user, 404, _error_message(exc)[1])
    origin = str(request.base_url).rstrip("/")
    badges = [
        (d, f"{origin}/badge/{quote(slug)}/{d}.svg", _badge_text(d, detail.summary)[:2])
        for d in svc.DEFINITIONS
    ]
    order = [d for d in svc.DEFINITIONS if d in detail.reports]
    order += sorted(d for d in detail.reports if d not in order)
    return render(
        request,
        "system.html",
        user,
        section="systems",
        title=detail.name,
        s=detail,
        badges=badges,
        report_order=order,
        freedoms=FREEDOM_ORDER,
        freedom_text={f.value: f.text for f in Freedom},
        systems_for_merge=(
            svc.list_systems(session, per_page=500).items if user and user.role == "admin" else ()
        ),
    )


@router.post("/systems/{slug}/{action}")
async def system_action(
    request: Request,
    slug: str,
    action: str,
    session: Session = SessionDep,
    user: m.User | None = UserDep,
) -> Response:
    form = await _form(request)
    try:
        check_write_rate(request, user)
        if action == "publish":
            svc.publish_system(session, user, slug)
        elif action == "hide":
            svc.hide_system(session, user, slug, _text(form, "reason"))
        elif action == "merge":
            svc.merge_systems(session, user, slug, _text(form, "into"))
        elif action == "reevaluate":
            svc.reevaluate_system(session, user, slug)
        else:
            return error_page(request, user, 404, f"no action {action!r}")
    except (InputError, RegistryError, OsaidError) as exc:
        status, message = _error_message(exc)
        return error_page(request, user, status, message)
    done = {"publish": "published", "hide": "hidden", "merge": "merged"}.get(action, "reevaluated")
    return _see_other(f"/systems/{quote(slug)}", done)


@router.get("/compare", response_class=HTMLResponse)
def compare(
    request: Request, session: Session = SessionDep, user: m.User | None = UserDep
) -> HTMLResponse:
    slugs = [s for s in request.query_params.getlist("s") if s]
    systems: list[svc.SystemDetail] = []
    error = None
    if slugs:
        try:
            systems = svc.compare_systems(session, slugs)
        except (InputError, RegistryError) as exc:
            error = _error_message(exc)[1]
    components: dict[str, str] = {}
    for s in systems:
        for c in s.components:
            components.setdefault(c.component, c.name)
    cells = {
        (s.slug, c.component): c for s in systems for c in s.components
    }  # (slug, component) -> row
    return render(
        request,
        "compare.html",
        user,
        status_code=422 if error else 200,
        section="compare",
        title="Compare systems" if not systems else "Compare " + ", ".join(s.name for s in systems),
        systems=systems,
        selected=slugs,
        error=error,
        components=components,
        cells=cells,
        freedoms=FREEDOM_ORDER,
        all_systems=svc.list_systems(session, per_page=500).items,
    )


# ---- badges ----------------------------------------------------------------------------------


@router.get("/badge/{slug}/{definition}.svg")
def badge(slug: str, definition: str, session: Session = SessionDep) -> Response:
    """An SVG badge for a model card: `![OSAID](https://…/badge/SLUG/osaid-1.0.svg)`."""
    return cached_response(
        session, ("badge", slug, definition), lambda: _badge(session, slug, definition)
    )


def _badge(session: Session, slug: str, definition: str) -> Response:
    summary: svc.SystemSummary | None
    try:
        summary = svc.get_system(session, slug).summary
    except (NotFound, InputError):
        summary = None
    known = definition in DEFINITION_IDS
    label, message, status = _badge_text(definition, summary)
    if not known:
        message, status = "unknown definition", "none"
    return Response(
        badge_svg(label, message, status),
        status_code=200 if summary is not None and known else 404,
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=300"},
    )


# ---- definitions -----------------------------------------------------------------------------


@router.get("/definitions", response_class=HTMLResponse)
def definitions(
    request: Request, session: Session = SessionDep, user: m.User | None = UserDep
) -> HTMLResponse:
    defs = all_definitions()
    counts = {d.id: int(svc.endorsement_status(session, d.id)["total"]) for d in defs}
    return render(
        request,
        "definitions.html",
        user,
        section="definitions",
        title="Definitions",
        definitions=defs,
        endorsement_counts=counts,
    )


@router.get("/definitions/diff", response_class=HTMLResponse)
def definition_diff(
    request: Request, user: m.User | None = UserDep, before: str = "", after: str = ""
) -> HTMLResponse:
    try:
        diff = diff_definitions(load_definition(before), load_definition(after))
    except UnknownIdError as exc:
        return error_page(request, user, 404, str(exc))
    return render(
        request,
        "definition_diff.html",
        user,
        section="definitions",
        title=f"{before} → {after}",
        diff=diff,
    )


def _endorsement_view(status: Mapping[str, Any]) -> dict[str, Any]:
    rc, final = int(status["rc_threshold"]), int(status["final_threshold"])
    groups = [
        {
            "id": g,
            "label": GROUP_LABELS.get(g, g),
            "count": n,
            "rc_met": n >= rc,
            "final_met": n >= final,
        }
        for g, n in status["groups"].items()
    ]
    return {**status, "groups": groups}


@router.get("/definitions/{definition_id}", response_class=HTMLResponse)
def definition_page(
    request: Request,
    definition_id: str,
    session: Session = SessionDep,
    user: m.User | None = UserDep,
) -> HTMLResponse:
    try:
        d = load_definition(definition_id)
    except UnknownIdError as exc:
        return error_page(request, user, 404, str(exc))
    status = svc.endorsement_status(session, definition_id)
    return render(
        request,
        "definition.html",
        user,
        section="definitions",
        title=f"{d.name} {d.version}",
        d=d,
        endorsement=_endorsement_view(status),
        endorsed=bool(user and user.username in status["endorsers"]),
    )


@router.post("/definitions/{definition_id}/{action}")
async def definition_action(
    request: Request,
    definition_id: str,
    action: str,
    session: Session = SessionDep,
    user: m.User | None = UserDep,
) -> Response:
    await _form(request)
    try:
        check_write_rate(request, user)
        if action == "endorse":
            svc.endorse(session, user=user, definition_id=definition_id)
        elif action == "withdraw":
            svc.withdraw_endorsement(session, user=user, definition_id=definition_id)
        else:
            return error_page(request, user, 404, f"no action {action!r}")
    except (InputError, RegistryError) as exc:
        status, message = _error_message(exc)
        return error_page(request, user, status, message)
    msg = "endorsed" if action == "endorse" else "withdrawn"
    return _see_other(f"/definitions/{quote(definition_id)}#endorsement", msg)


# ---- licenses --------------------------------------------------------------------------------


@router.get("/licenses", response_class=HTMLResponse)
def licenses(request: Request, user: m.User | None = UserDep) -> Response:
    kb = knowledge()
    lookup = request.query_params.get("lookup", "").strip()
    category = request.query_params.get("category", "").strip()
    lookup_error = None
    if lookup:
        normalized = kb.normalize(lookup[:500])
        if normalized.expression and svc.license_facts(normalized.expression):
            return _see_other(f"/licenses/{quote(normalized.expression, safe='')}")
        lookup_error = f"No license is known by {lookup[:200]!r}."
    rows = [kb.facts(i) for i in sorted(kb.catalog, key=str.casefold)]
    if category:
        rows = [f for f in rows if f.category.value == category]
    return render(
        request,
        "licenses.html",
        user,
        status_code=404 if lookup_error else 200,
        section="licenses",
        title="Licenses",
        rows=rows,
        allowlist=kb.allowlist,
        versions=kb.data_versions(),
        lookup=lookup,
        lookup_error=lookup_error,
        category=category,
        categories=[c.value for c in LicenseCategory],
    )


@router.get("/licenses/{license_id:path}", response_class=HTMLResponse)
def license_page(request: Request, license_id: str, user: m.User | None = UserDep) -> HTMLResponse:
    facts = svc.license_facts(license_id)
    if facts is None:
        return error_page(request, user, 404, f"No license is known by the id {license_id!r}.")
    return render(request, "license.html", user, section="licenses", title=facts.name, f=facts)


# ---- submissions -----------------------------------------------------------------------------


def _submit_page(
    request: Request,
    session: Session,
    user: m.User | None,
    *,
    status_code: int = 200,
    manifest_error: str | None = None,
    hf_error: str | None = None,
    repo_id: str = "",
    text: str = "",
) -> HTMLResponse:
    return render(
        request,
        "submit.html",
        user,
        status_code=status_code,
        section="submit",
        title="Submit a system",
        manifest_error=manifest_error,
        hf_error=hf_error,
        repo_id=repo_id,
        text=text,
        max_bytes=svc.MAX_UPLOAD_BYTES,
        submissions=svc.list_submissions(session, limit=20),
    )


@router.get("/submit", response_class=HTMLResponse)
def submit_form(
    request: Request, session: Session = SessionDep, user: m.User | None = UserDep
) -> HTMLResponse:
    return _submit_page(request, session, user)


@router.post("/submit/manifest")
async def submit_manifest(
    request: Request, session: Session = SessionDep, user: m.User | None = UserDep
) -> Response:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > svc.MAX_UPLOAD_BYTES + 64 * 1024:
        message = f"the upload is larger than {svc.MAX_UPLOAD_BYTES} bytes"
        return _submit_page(request, session, user, status_code=413, manifest_error=message)
    form = await _form(request)
    upload = form.get("file")
    pasted = _text(form, "text")
    data: str | bytes
    filename = "pasted.yaml"
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(svc.MAX_UPLOAD_BYTES + 1)
        filename = upload.filename
    else:
        data = pasted
    await form.close()  # the spooled upload file
    try:
        check_write_rate(request, user)
        if not data:
            raise InputError("choose a file or paste a manifest", field="file")
        sub = svc.submit_manifest(session, text=data, filename=filename, user=user)
    except (InputError, RegistryError, OsaidError) as exc:
        status, message = _error_message(exc)
        if isinstance(exc, PermissionDenied) and user is None:
            status = 401
        return _submit_page(
            request, session, user, status_code=status, manifest_error=message, text=pasted
        )
    if sub.status == "done" and sub.system_slug:
        return _see_other(f"/systems/{quote(sub.system_slug)}", "submitted")
    return _see_other(f"/submissions/{sub.id}")


@router.post("/submit/hf")
async def submit_hf(
    request: Request, session: Session = SessionDep, user: m.User | None = UserDep
) -> Response:
    form = await _form(request)
    repo_id = _text(form, "repo_id")
    try:
        check_write_rate(request, user)
        sub = svc.submit_hf(session, repo_id=repo_id, user=user)
    except (InputError, RegistryError) as exc:
        status, message = _error_message(exc)
        if isinstance(exc, PermissionDenied) and user is None:
            status = 401
        return _submit_page(
            request, session, user, status_code=status, hf_error=message, repo_id=repo_id
        )
    return _see_other(f"/submissions/{sub.id}")


def _submission(session: Session, submission_id: str) -> svc.SubmissionView:
    try:
        number = int(submission_id)
    except ValueError:
        raise NotFound(f"no submission {submission_id[:40]!r}") from None
    return svc.get_submission(session, number)


@router.get("/submissions/{submission_id}/status")
def submission_status(submission_id: str, session: Session = SessionDep) -> JSONResponse:
    try:
        sub = _submission(session, submission_id)
    except (InputError, RegistryError) as exc:
        return JSONResponse({"detail": _error_message(exc)[1]}, status_code=404)
    return JSONResponse(
        {
            "id": sub.id,
            "status": sub.status,
            "progress": sub.progress,
            "message": sub.message,
            "error": sub.error,
            "system": sub.system_slug,
        }
    )


@router.get("/submissions/{submission_id}", response_class=HTMLResponse)
def submission_page(
    request: Request,
    submission_id: str,
    session: Session = SessionDep,
    user: m.User | None = UserDep,
) -> HTMLResponse:
    try:
        sub = _submission(session, submission_id)
    except (InputError, RegistryError) as exc:
        return error_page(request, user, 404, _error_message(exc)[1])
    return render(
        request,
        "submission.html",
        user,
        section="submit",
        title=f"Submission {sub.id}",
        sub=sub,
        finished=sub.status in ("done", "failed"),
    )


# ---- review: working groups, ballots, tally, heatmap ------------------------------------------


def _mu(request: Request) -> tuple[float | None, str | None]:
    raw = request.query_params.get("mu", "").strip()
    if not raw:
        return None, None
    try:
        value = float(raw)
    except ValueError:
        return None, f"μ must be a positive number, got {raw[:40]!r}"
    if not value > 0 or value > 1e9:
        return None, f"μ must be a positive number, got {raw[:40]!r}"
    return value, None


@router.get("/review", response_class=HTMLResponse, response_model=None)
def review_all(
    request: Request, session: Session = SessionDep, user: m.User | None = UserDep
) -> Response:
    chosen = request.query_params.get("system", "").strip()
    if chosen:
        return _see_other(f"/review/{quote(chosen, safe='')}")
    mu, mu_error = _mu(request)
    view = svc.tally(session, None, mu)
    return render(
        request,
        "review_all.html",
        user,
        status_code=422 if mu_error else 200,
        section="review",
        title="Review",
        tally=view,
        mu_text=request.query_params.get("mu", ""),
        mu_error=mu_error,
        heatmap=tally_heatmap(view, "Net votes across all systems") if view.rows else None,
        groups=svc.list_working_groups(session),
        freedoms=FREEDOM_ORDER,
        systems=svc.list_systems(session, per_page=500).items,
    )


def _review_context(
    request: Request, session: Session, user: m.User | None, detail: svc.SystemDetail
) -> dict[str, Any]:
    mu, mu_error = _mu(request)
    view = svc.tally(session, detail.slug, mu)
    groups = svc.list_working_groups(session, detail.slug)
    group = groups[0] if groups else None
    ballots = svc.list_ballots(session, system_slug=detail.slug)
    mine = {(b.component, b.freedom): b for b in ballots if user and b.reviewer == user.username}
    listed = [c.component for c in detail.components]
    catalog = component_catalog().components
    choices = [(cid, catalog[cid].name if cid in catalog else cid) for cid in listed]
    choices += [(cid, c.name) for cid, c in catalog.items() if cid not in listed]
    return {
        "s": detail,
        "tally": view,
        "mu_text": request.query_params.get("mu", ""),
        "mu_error": mu_error,
        "heatmap": tally_heatmap(view, f"Net votes for {detail.name}") if view.rows else None,
        "group": group,
        "member": bool(group and user and any(x.username == user.username for x in group.members)),
        "ballots": ballots,
        "mine": mine,
        "component_choices": choices,
        "listed_components": len(listed),
        "freedoms": FREEDOM_ORDER,
        "freedom_text": {f.value: f.text for f in Freedom},
    }


@router.get("/review/{slug}", response_class=HTMLResponse)
def review_system(
    request: Request, slug: str, session: Session = SessionDep, user: m.User | None = UserDep
) -> HTMLResponse:
    try:
        detail = svc.get_system(session, slug)
    except (NotFound, InputError) as exc:
        return error_page(request, user, 404, _error_message(exc)[1])
    ctx = _review_context(request, session, user, detail)
    return render(
        request,
        "review.html",
        user,
        status_code=422 if ctx["mu_error"] else 200,
        section="review",
        title=f"Review {detail.name}",
        ballot_error=None,
        **ctx,
    )


@router.post("/review/{slug}/ballots")
async def cast_ballots(
    request: Request, slug: str, session: Session = SessionDep, user: m.User | None = UserDep
) -> Response:
    """One component, a vote per freedom (any of the four may be left without a vote)."""
    form = await _form(request)
    component = _text(form, "component")
    comment = _text(form, "comment")
    try:
        check_write_rate(request, user)
        if user is None:
            raise PermissionDenied("sign in as a reviewer to vote")
        votes = {f: _text(form, f"vote_{f}") for f in FREEDOM_ORDER}
        votes = {f: v for f, v in votes.items() if v not in ("", "none")}
        if not votes:
            raise InputError("choose a vote for at least one freedom", field="vote")
        mine = {
            (b.component, b.freedom)
            for b in svc.list_ballots(session, system_slug=slug, reviewer=user.username)
        }
        for freedom, vote in votes.items():
            args: dict[str, Any] = {
                "user": user,
                "system_slug": slug,
                "component": component,
                "freedom": freedom,
                "vote": vote,
                "comment": comment,
            }
            cid = component_catalog().resolve(component)
            if cid and (cid[0], freedom) in mine:
                svc.update_ballot(session, **args)
            else:
                try:
                    svc.cast_ballot(session, **args)
                except Conflict:  # cast concurrently from another tab: change it instead
                    svc.update_ballot(session, **args)
    except (InputError, RegistryError) as exc:
        status, message = _error_message(exc)
        if isinstance(exc, PermissionDenied) and user is None:
            status = 401
        try:
            detail = svc.get_system(session, slug)
        except (NotFound, InputError) as missing:
            return error_page(request, user, 404, _error_message(missing)[1])
        return render(
            request,
            "review.html",
            user,
            status_code=status,
            section="review",
            title=f"Review {detail.name}",
            ballot_error=message,
            **_review_context(request, session, user, detail),
        )
    return _see_other(f"/review/{quote(slug)}", "ballots")


@router.post("/review/{slug}/{action}")
async def working_group_action(
    request: Request,
    slug: str,
    action: str,
    session: Session = SessionDep,
    user: m.User | None = UserDep,
) -> Response:
    await _form(request)
    try:
        check_write_rate(request, user)
        if action == "join":
            svc.join_working_group(session, user, slug)
        elif action == "leave":
            svc.leave_working_group(session, user, slug)
        else:
            return error_page(request, user, 404, f"no action {action!r}")
    except (InputError, RegistryError) as exc:
        status, message = _error_message(exc)
        return error_page(request, user, status, message)
    return _see_other(f"/review/{quote(slug)}", "joined" if action == "join" else "left")


@router.get("/heatmap.svg")
def heatmap_file(request: Request, session: Session = SessionDep, system: str = "") -> Response:
    """The heatmap as a standalone SVG file (one system with `?system=SLUG`, else all)."""
    mu, _ = _mu(request)
    try:
        view = svc.tally(session, system or None, mu)
    except (NotFound, InputError) as exc:
        return Response(_error_message(exc)[1], status_code=404, media_type="text/plain")
    title = f"Net votes for {system}" if system else "Net votes across all systems"
    return Response(str(tally_heatmap(view, title)), media_type="image/svg+xml")


# ---- accounts --------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, user: m.User | None = UserDep) -> HTMLResponse:
    return render(
        request,
        "login.html",
        user,
        title="Log in",
        error=None,
        username="",
        next=_safe_next(request.query_params.get("next")),
    )


@router.post("/login")
async def login(request: Request, session: Session = SessionDep) -> Response:
    form = await _form(request)
    username, password = _text(form, "username"), _text(form, "password")
    target = _safe_next(_text(form, "next"))
    try:
        sign_in(request, session, username, password)
    except (PermissionDenied, RateLimited) as exc:
        status = 429 if isinstance(exc, RateLimited) else 401
        return render(
            request,
            "login.html",
            None,
            status_code=status,
            title="Log in",
            error=exc.message,
            username=username[:80],
            next=target,
        )
    return _see_other(target, "logged-in")


@router.post("/logout")
async def logout(request: Request) -> Response:
    await _form(request)
    sign_out(request)
    return _see_other("/", "logged-out")


# ---- HTML error pages --------------------------------------------------------------------------


Handler = Callable[[Request, Exception], Any]


def install(app: FastAPI) -> None:
    """Let browsers see errors (403 CSRF, 404, 422…) as pages; the API keeps its JSON."""
    for exc_type in (StarletteHTTPException, HTTPException, RegistryError, InputError, OsaidError):
        original = app.exception_handlers.get(exc_type)
        if original is None:
            continue
        app.add_exception_handler(exc_type, _html_or(original))


def _html_or(original: Handler) -> Handler:
    async def handler(request: Request, exc: Exception) -> Any:
        if not wants_html(request):
            return await original(request, exc)
        if isinstance(exc, StarletteHTTPException):
            status, message = exc.status_code, str(exc.detail)
        else:
            status, message = _error_message(exc)
        db = request.app.state.registry.db
        with db.scope() as session:
            from osaid.registry.auth import current_user

            try:
                user = current_user(request, session)
            except StarletteHTTPException:
                user = None
            response = error_page(request, user, status, message)
        headers = getattr(exc, "headers", None)
        if headers:
            response.headers.update(headers)
        return response

    return handler
