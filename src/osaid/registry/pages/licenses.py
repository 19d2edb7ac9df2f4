"""Licenses: the AI-license catalog with the open data terms, a look-up, and one license."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from osaid.licenses.interface import LicenseCategory
from osaid.licenses.knowledge import knowledge
from osaid.registry import services as svc
from osaid.registry.pages.rendering import Visit, error_page, render, see_other

router = APIRouter()


@router.get("/licenses", response_class=HTMLResponse)
def licenses(visit: Visit) -> Response:
    kb = knowledge()
    lookup = visit.request.query_params.get("lookup", "").strip()
    category = visit.request.query_params.get("category", "").strip()
    lookup_error = None
    if lookup:
        normalized = kb.normalize(lookup[:500])
        if normalized.expression and svc.license_facts(normalized.expression):
            return see_other(f"/licenses/{quote(normalized.expression, safe='')}")
        lookup_error = f"No license is known by {lookup[:200]!r}."
    rows = [kb.facts(i) for i in sorted(kb.catalog, key=str.casefold)]
    if category:
        rows = [f for f in rows if f.category.value == category]
    return render(
        visit,
        "licenses.html",
        status_code=404 if lookup_error else 200,
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
def license_page(license_id: str, visit: Visit) -> HTMLResponse:
    facts = svc.license_facts(license_id)
    if facts is None:
        return error_page(visit, 404, f"No license is known by the id {license_id!r}.")
    return render(visit, "license.html", title=facts.name, f=facts)
