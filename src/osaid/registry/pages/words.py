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
NOTICES: dict[str, str] = {
    "submitted": "Submitted and evaluated.",
    "ballots": "Your ballots are recorded; the tally below includes them.",
    "joined": "You joined the working group.",
    "left": "You left the working group.",
    "endorsed": "Your endorsement is recorded.",
    "withdrawn": "Your endorsement is withdrawn.",
    "logged-in": "You are signed in.",
    "logged-out": "You are signed out.",
    "published": "The system is published.",
    "hidden": "The system is hidden from the listing.",
    "merged": "The system is marked as a duplicate.",
    "reevaluated": "The system was evaluated again; see the history.",
}
"""The notice shown after a write, by the `msg` code of the page it redirects to."""
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
