"""The license policy a verdict is judged under, passed explicitly to whoever judges.

A user policy (`osaid.toml`, `[tool.osaid.open_data_terms]`) may add, remove or replace the
open data / documentation terms that count as open for Data Information and Parameters. The
knowledge base itself never changes: every judgement takes the `LicenseContext` it is made
under, so two checks with different policies can run at the same time in one process (the
registry's worker thread, the census engines) and each gets its own answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from osaid.licenses.catalog import OpenDataPolicy, load_open_data_terms

__all__ = ["LicenseContext", "default_context"]


@dataclass(frozen=True)
class LicenseContext:
    """What counts as open terms besides OSI-approved licenses."""

    open_data_terms: OpenDataPolicy

    @property
    def allowed(self) -> frozenset[str]:
        """License ids on the open data terms allowlist."""
        return frozenset(self.open_data_terms.ids)

    @property
    def version(self) -> str:
        """How reports name this allowlist (`data_versions["open-data-terms"]`)."""
        return f"{self.open_data_terms.id} {self.open_data_terms.version}"


@cache
def default_context() -> LicenseContext:
    """The packaged allowlist (`licenses/data/open-data-terms.yaml`)."""
    return LicenseContext(load_open_data_terms())
