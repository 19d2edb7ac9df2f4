"""Identify licenses from their text: SPDX licenses and the AI-model licenses of the catalog.

    >>> from osaid.licenses.identify import identify_text
    >>> [m.id for m in identify_text(open("LICENSE").read())]  # doctest: +SKIP
    ['Apache-2.0']

See docs/license-identification.md for the method, thresholds and measured accuracy.
"""

from __future__ import annotations

from osaid.licenses.identify._near import (
    AMBIGUITY_MARGIN,
    REPORT_THRESHOLD,
    REVIEW_THRESHOLD,
    REVIEW_THRESHOLD_AI,
)
from osaid.licenses.identify._result import FileResult, LicenseMatch, MatchKind
from osaid.licenses.identify.matcher import MAX_BYTES, identify_bytes, identify_file, identify_text

__all__ = [
    "AMBIGUITY_MARGIN",
    "MAX_BYTES",
    "REPORT_THRESHOLD",
    "REVIEW_THRESHOLD",
    "REVIEW_THRESHOLD_AI",
    "FileResult",
    "LicenseMatch",
    "MatchKind",
    "identify_bytes",
    "identify_file",
    "identify_text",
]
