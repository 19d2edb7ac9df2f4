"""The registry's HTML pages: server-rendered with Jinja2, usable without JavaScript.

Every page reads through `osaid.registry.services` (systems, ballots, tallies, endorsements)
or the osaid library itself (definitions, licenses), and every form posts with the session's
CSRF token (`auth.csrf_token`). Writes redirect (303) to the page that shows their effect;
bad input re-renders the form with the message and a 4xx status, never a 500.

One module per area: `listing`, `systems` (a system, its actions and badges), `compare`,
`definitions`, `licenses`, `submit`, `review`, `accounts`; `rendering` holds what they all
use, `svg` the badges and the heatmap, `errors` the error pages (`install`).
"""

from fastapi import APIRouter

from osaid.registry.pages import (
    accounts,
    compare,
    definitions,
    licenses,
    listing,
    review,
    submit,
    systems,
)
from osaid.registry.pages.errors import install
from osaid.registry.pages.svg import HeatRow, badge_svg, heatmap_svg

__all__ = ["HeatRow", "badge_svg", "heatmap_svg", "install", "router"]

router = APIRouter(include_in_schema=False)
for _area in (listing, systems, compare, definitions, licenses, submit, review, accounts):
    router.include_router(_area.router)
