"""The versions of every data source a verdict depends on, printed in every report."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from osaid import __version__

if TYPE_CHECKING:
    from osaid.licenses.context import LicenseContext


def data_versions(
    definition_ids: Iterable[str] = (), licenses: LicenseContext | None = None
) -> dict[str, str]:
    from osaid.definitions.loader import load_definition
    from osaid.licenses.knowledge import knowledge

    versions = {"osaid": __version__}
    versions.update(knowledge().data_versions(licenses))
    for d in definition_ids:
        definition = load_definition(d)
        versions[f"definition:{d}"] = f"{definition.version} ({definition.published})"
    return versions
