"""The listing of systems (`/`): search, filters, order and pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from osaid.errors import InputError
from osaid.registry import services as svc
from osaid.registry.errors import RegistryError
from osaid.registry.pages.forms import error_message
from osaid.registry.pages.rendering import Visit, render

router = APIRouter()

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
PER_PAGE = 50


@router.get("/", response_class=HTMLResponse)
def listing(visit: Visit) -> HTMLResponse:
    params = dict(visit.request.query_params)
    filters = {
        k: params.get(k, "").strip() for k in ("q", "producer", "status", "license", "modality")
    }
    sort_notice = None
    if params.get("sort") and params["sort"] not in svc.SORTS:
        # An old or mistyped link still shows the systems, in the default order.
        unknown = params.pop("sort")[:40]
        sort_notice = f"Unknown sort order {unknown!r}; sorted by {SORT_LABELS['name']}."
    error = None
    try:
        query = svc.SystemQuery.from_params(params, per_page=PER_PAGE, include_hidden=visit.admin)
        page = svc.list_systems(visit.session, query)
        definition, sort = query.definition, query.sort
    except (InputError, RegistryError) as exc:
        error = error_message(exc)[1]
        page = svc.Page((), 0, 1, PER_PAGE)
        definition, sort = "osaid-1.0", "name"

    def link(**changes: Any) -> str:
        """This listing's URL with `changes` (None drops a parameter); defaults left out."""
        args = {k: v for k, v in {**filters, "definition": definition, "sort": sort}.items() if v}
        args.update(changes)
        args = {k: v for k, v in args.items() if v not in ("", None)}
        if args.get("definition") == "osaid-1.0":
            args.pop("definition")
        if args.get("sort") == "name":
            args.pop("sort")
        return "/?" + urlencode(args) if args else "/"

    return render(
        visit,
        "listing.html",
        status_code=422 if error else 200,
        title="AI systems",
        page=page,
        filters=filters,
        definition=definition,
        sort=sort,
        facets=svc.facets(visit.session),
        definitions=svc.DEFINITIONS,
        sorts=SORT_LABELS,
        link=link,
        error=error,
        sort_notice=sort_notice,
    )
