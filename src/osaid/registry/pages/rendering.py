"""What every page uses: the templates and the words they show, rendering, error pages,
redirects after a write, and reading a posted form (after its CSRF token is checked)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from osaid import __version__
from osaid.components import component_catalog
from osaid.errors import InputError, OsaidError, UnknownIdError
from osaid.freedoms import Freedom
from osaid.licenses.interface import LicenseFacts
from osaid.registry import models as m
from osaid.registry.auth import (
    check_write_rate,
    csrf_token,
    db_session,
    optional_user,
    require_csrf,
)
from osaid.registry.errors import PermissionDenied, RegistryError
from osaid.registry.pages.svg import roman, signed

_REGISTRY = Path(__file__).resolve().parents[1]
TEMPLATES = _REGISTRY / "templates"
STATIC = _REGISTRY / "static"

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
ERROR_HEADINGS: dict[int, str] = {
    400: "Bad request",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    413: "Too large",
    422: "Cannot use this input",
    429: "Too many requests",
}
NAV: tuple[tuple[str, str, str], ...] = (
    ("/", "Systems", "systems"),
    ("/compare", "Compare", "compare"),
    ("/review", "Review", "review"),
    ("/definitions", "Definitions", "definitions"),
    ("/licenses", "Licenses", "licenses"),
    ("/submit", "Submit", "submit"),
)
SECTIONS: dict[str, str] = {key: key for _, _, key in NAV} | {
    "": "systems",
    "submissions": "submit",
}
"""The navigation item of each first part of a path."""


def component_name(component_id: str) -> str:
    comp = component_catalog().components.get(component_id)
    return comp.name if comp is not None else component_id


def category_class(category: str) -> str:
    if category in ("osi-approved", "open-data", "permissive-non-osi"):
        return "pass"
    if category in ("restricted", "not-open", "no-license"):
        return "fail"
    return "unknown"


def broken(facts: LicenseFacts) -> str:
    seen: dict[str, None] = {}
    for r in facts.restrictions:
        for f in r.freedoms:
            seen[f.value] = None
    return ", ".join(seen)


def static_url(name: str) -> str:
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
    env.filters["component_name"] = component_name
    env.filters["signed"] = signed
    env.globals.update(
        roman=roman,
        static=static_url,
        category_class=category_class,
        broken=broken,
        status_words=STATUS_WORDS,
        tier_labels=TIER_LABELS,
        vote_labels=VOTE_LABELS,
        group_labels=GROUP_LABELS,
        freedoms=FREEDOM_ORDER,
        freedom_text={f.value: f.text for f in Freedom},
        nav_items=NAV,
        osaid_version=__version__,
    )
    return env


ENV = _make_env()


@dataclass(frozen=True)
class PageRequest:
    """One request for a page: the request itself, its database session and who is signed
    in (None: a visitor who is not)."""

    request: Request
    session: Session
    user: m.User | None

    @property
    def admin(self) -> bool:
        return self.user is not None and self.user.role == "admin"

    def anonymous(self) -> PageRequest:
        """The same request, shown as to a visitor who is not signed in."""
        return replace(self, user=None)


def _page_request(
    request: Request,
    session: Annotated[Session, Depends(db_session)],
    user: Annotated[m.User | None, Depends(optional_user)],
) -> PageRequest:
    return PageRequest(request, session, user)


DB = Annotated[Session, Depends(db_session)]
"""A database session, for the few routes that need nothing else (badges, progress)."""
Visit = Annotated[PageRequest, Depends(_page_request)]
"""A page's request, as a handler's parameter: `def page(visit: Visit) -> HTMLResponse`."""


def section_of(path: str) -> str:
    """The part of the site a path is in: its item of the main navigation, or ""."""
    return SECTIONS.get(path.strip("/").partition("/")[0], "")


def render(
    visit: PageRequest,
    template: str,
    *,
    title: str,
    status_code: int = 200,
    section: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """The template as a page: `section` (the navigation item to mark) is the one of the
    request's path unless given."""
    request = visit.request
    flashes = []
    code = request.query_params.get("msg")
    if code in MESSAGES:
        flashes.append(MESSAGES[code])
    html = ENV.get_template(template).render(
        request=request,
        user=visit.user,
        csrf=csrf_token(request),
        section=section_of(request.url.path) if section is None else section,
        title=title,
        flashes=flashes,
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def error_page(visit: PageRequest, status_code: int, message: str) -> HTMLResponse:
    heading = ERROR_HEADINGS.get(status_code, "Error")
    return render(
        visit,
        "error.html",
        status_code=status_code,
        section="",
        title=heading,
        heading=heading,
        message=message,
        code=status_code,
    )


def see_other(url: str, msg: str | None = None) -> RedirectResponse:
    if msg:
        base, hash_, fragment = url.partition("#")
        url = base + ("&" if "?" in base else "?") + urlencode({"msg": msg}) + hash_ + fragment
    return RedirectResponse(url, status_code=303)


def error_message(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, InputError):
        return 422, exc.one_line() if exc.file else exc.message
    if isinstance(exc, RegistryError):
        return exc.status_code, exc.message
    if isinstance(exc, UnknownIdError):
        return 404, str(exc)
    return 422, str(exc)


def safe_next(value: str | None) -> str:
    """A local path to go to after signing in (never another site)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


async def read_form(request: Request) -> FormData:
    """The form, after checking the CSRF token."""
    await require_csrf(request)
    return await request.form()


def form_text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def form_error(exc: Exception, user: m.User | None) -> tuple[int, str]:
    """The status and message of a form that failed: 401 rather than 403 when the visitor
    has not signed in, so that the page asks them to."""
    status, message = error_message(exc)
    if isinstance(exc, PermissionDenied) and user is None:
        status = 401
    return status, message


Action = Callable[[FormData], object]


async def form_action(
    visit: PageRequest, action: str, actions: Mapping[str, tuple[Action, str]], done: str
) -> Response:
    """A form that changes one thing: `actions` maps each action's name to what it does with
    the form and the notice that tells it is done. After the CSRF token and the write rate
    are checked, the action runs and the browser goes to `done`; an error (or an unknown
    action: 404) is shown as a page."""
    form = await read_form(visit.request)
    try:
        check_write_rate(visit.request, visit.user)
        if action not in actions:
            return error_page(visit, 404, f"no action {action!r}")
        do, notice = actions[action]
        do(form)
    except (OsaidError, RegistryError) as exc:
        return error_page(visit, *error_message(exc))
    return see_other(done, notice)
