"""What every page uses: a page's request (`Visit`), the templates, rendering, error pages
and the redirect after a write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.orm import Session

from osaid import __version__
from osaid.components import component_catalog
from osaid.freedoms import Freedom
from osaid.licenses.interface import LicenseFacts
from osaid.registry import models as m
from osaid.registry.auth import csrf_token, db_session, optional_user
from osaid.registry.pages.svg import roman, signed
from osaid.registry.pages.words import (
    ERROR_HEADINGS,
    FREEDOM_ORDER,
    GROUP_LABELS,
    NAV,
    NOTICES,
    SECTIONS,
    STATUS_WORDS,
    TIER_LABELS,
    VOTE_LABELS,
)

_REGISTRY = Path(__file__).resolve().parents[1]
TEMPLATES = _REGISTRY / "templates"
STATIC = _REGISTRY / "static"


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


def _page_request(
    request: Request,
    session: Annotated[Session, Depends(db_session)],
    user: Annotated[m.User | None, Depends(optional_user)],
) -> PageRequest:
    return PageRequest(request, session, user)


DB = Annotated[Session, Depends(db_session)]
"""A database session, for the routes that need no user (badges, progress, signing in)."""
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
    if code in NOTICES:
        flashes.append(("notice", NOTICES[code]))
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
