"""What a listing of systems asks for: filters, order and page, as one value checked when it
is made, whether it comes from Python, the API's parameters or a page's URL."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from osaid.errors import InputError, UnknownIdError
from osaid.registry.services.checks import text_arg

SORTS = ("name", "-name", "producer", "-producer", "updated", "-updated", "status", "slug")
"""The orders of a listing: by name, producer (then name), last update (`updated`: newest
first), the verdict under the query's definition (then name), or slug."""
DEFAULT_SORT = "name"
DEFAULT_DEFINITION = "osaid-1.0"
TEXT_LIMITS: dict[str, int] = {
    "q": 200,
    "producer": 200,
    "status": 40,
    "license": 500,
    "modality": 200,
}
"""The text filters and their longest accepted values."""


@dataclass(frozen=True)
class SystemQuery:
    """Published systems (not hidden, not merged) that match every filter given, in `sort`
    order, `per_page` at a time. Text filters are stripped, and empty ones are not filters;
    a bad value raises `InputError` naming its field."""

    q: str | None = None
    """Searches name, slug and producer (substring, case-insensitive)."""
    producer: str | None = None
    """Case-insensitive exact match (as are `license` and `modality`)."""
    status: str | None = None
    """The latest verdict (`pass`, `fail`, `unknown`…) under `definition`."""
    license: str | None = None
    modality: str | None = None
    definition: str = DEFAULT_DEFINITION
    sort: str = DEFAULT_SORT
    """One of `SORTS`."""
    page: int = 1
    """From 1."""
    per_page: int = 50
    """1 to 500."""
    include_hidden: bool = False
    """Also hidden and merged systems (for admins)."""

    def __post_init__(self) -> None:
        for name, limit in TEXT_LIMITS.items():
            # Frozen, but cleaned once here so that equal queries are equal cache keys.
            object.__setattr__(self, name, text_arg(getattr(self, name), name, limit))
        if self.sort not in SORTS:
            raise InputError(f"sort must be one of {', '.join(SORTS)}", field="sort")
        if not _whole(self.page) or not 1 <= self.page <= 1_000_000:
            raise InputError("page must be a whole number from 1", field="page")
        if not _whole(self.per_page) or not 1 <= self.per_page <= 500:
            raise InputError("per_page must be from 1 to 500", field="per_page")
        check_definition(self.definition)

    @classmethod
    def from_params(
        cls, params: Mapping[str, str], *, per_page: int = 50, include_hidden: bool = False
    ) -> SystemQuery:
        """The query of a URL's parameters (missing or empty ones take their defaults);
        `per_page` and `include_hidden` are the caller's to decide, not the URL's."""

        def text(name: str) -> str | None:
            return params.get(name) or None

        return cls(
            q=text("q"),
            producer=text("producer"),
            status=text("status"),
            license=text("license"),
            modality=text("modality"),
            definition=params.get("definition") or DEFAULT_DEFINITION,
            sort=params.get("sort") or DEFAULT_SORT,
            page=_page_number(params.get("page")),
            per_page=per_page,
            include_hidden=include_hidden,
        )


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _page_number(value: str | None) -> int:
    if not value:
        return 1
    try:
        return int(value)
    except ValueError:
        raise InputError(f"expected a whole number, got {value[:40]!r}", field="page") from None


def check_definition(definition: str) -> None:
    """Raise InputError unless `definition` is the id of a definition osaid knows."""
    from osaid.definitions.loader import load_definition

    try:
        load_definition(definition)
    except UnknownIdError as exc:
        raise InputError(str(exc), field="definition") from None
