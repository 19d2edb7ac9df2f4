"""The words the pages show: labels of groups, tiers, votes and statuses, the notices after
a write, error headings, and the main navigation."""

from __future__ import annotations

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
