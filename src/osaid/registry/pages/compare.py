"""Systems side by side (`/compare`), or the picker when none are chosen."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from osaid.errors import InputError
from osaid.registry import services as svc
from osaid.registry.errors import RegistryError
from osaid.registry.pages.forms import error_message
from osaid.registry.pages.rendering import Visit, render

router = APIRouter()


@router.get("/compare", response_class=HTMLResponse)
def compare(visit: Visit) -> HTMLResponse:
    slugs = [s for s in visit.request.query_params.getlist("s") if s]
    systems: list[svc.SystemDetail] = []
    error = None
    if slugs:
        try:
            systems = svc.compare_systems(visit.session, slugs)
        except (InputError, RegistryError) as exc:
            error = error_message(exc)[1]
    components: dict[str, str] = {}
    for s in systems:
        for c in s.components:
            components.setdefault(c.component, c.name)
    cells = {(s.slug, c.component): c for s in systems for c in s.components}
    return render(
        visit,
        "compare.html",
        status_code=422 if error else 200,
        title="Compare systems" if not systems else "Compare " + ", ".join(s.name for s in systems),
        systems=systems,
        selected=slugs,
        error=error,
        components=components,
        cells=cells,
        all_systems=svc.list_systems(visit.session, per_page=500).items,
    )
