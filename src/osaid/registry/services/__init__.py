"""Every read and write of the registry: the contract the pages and the API are built on.

Conventions:

* Each function takes a SQLAlchemy `Session` first. Read functions return frozen views
  (`views`; plain dicts where documented) and never write. Write functions run in one
  transaction of their own (`transactions`): they commit on success and roll back on any
  error, so a failure leaves nothing half-written (an open read transaction in the session
  is committed first).
* Bad input raises `osaid.errors.InputError` (message, optional field); a missing object
  `NotFound`, a role that does not allow the action `PermissionDenied`, a clash with existing
  rows `Conflict` (all in `osaid.registry.errors`).
* `user` arguments are `models.User` rows (as `auth` returns them) or None for anonymous.

One module per area: `systems` (reading; the listing takes a `SystemQuery` from `query`),
`store` (evaluating and storing), `submissions` and `worker` (the background thread),
`ballots` (and the tally), `groups`, `endorsements`, `users`, `moderation`, `importers`,
`reference` (definitions and licenses), `csv_export`, `backup`; `cache` is the read cache
keyed by the content version. Import from this package; the modules are private.
"""

from osaid.registry.services.backup import export_registry, import_registry
from osaid.registry.services.ballots import (
    MAX_COMMENT,
    Vote,
    cast_ballot,
    list_ballots,
    tally,
    update_ballot,
    withdraw_ballot,
)
from osaid.registry.services.cache import (
    CONTENT_VERSION,
    cached,
    content_version,
    engine_content_version,
)
from osaid.registry.services.csv_export import ballots_csv, systems_csv
from osaid.registry.services.endorsements import (
    FINAL_THRESHOLD,
    RC_THRESHOLD,
    endorse,
    endorsement_status,
    withdraw_endorsement,
)
from osaid.registry.services.groups import (
    join_working_group,
    leave_working_group,
    list_working_groups,
)
from osaid.registry.services.importers import (
    ensure_initial_content,
    import_catalog,
    import_mot_records,
)
from osaid.registry.services.moderation import (
    audit_log,
    hide_system,
    merge_systems,
    publish_system,
    reevaluate_system,
)
from osaid.registry.services.query import SORTS, SystemQuery
from osaid.registry.services.reference import (
    diff_definitions,
    get_definition,
    get_license,
    license_facts,
    list_definitions,
    list_licenses,
)
from osaid.registry.services.store import DEFINITIONS, evaluate_system, slugify
from osaid.registry.services.submissions import (
    MAX_UPLOAD_BYTES,
    get_submission,
    list_submissions,
    submit_hf,
    submit_manifest,
)
from osaid.registry.services.systems import (
    compare_systems,
    facets,
    get_evaluation,
    get_system,
    list_systems,
)
from osaid.registry.services.users import (
    create_api_token,
    create_user,
    get_user,
    get_user_or_none,
    list_users,
    revoke_api_tokens,
    set_role,
    set_stakeholder_group,
)
from osaid.registry.services.views import (
    AuditEntry,
    BallotView,
    ComponentRow,
    EvaluationInfo,
    ImportResult,
    MemberView,
    Page,
    SubmissionView,
    SystemDetail,
    SystemSummary,
    TallyRow,
    TallyView,
    UserView,
    WorkingGroupView,
)
from osaid.registry.services.worker import (
    HfLoader,
    SubmissionWorker,
    default_hf_loader,
    start_worker,
    stop_worker,
)

__all__ = [
    "CONTENT_VERSION",
    "DEFINITIONS",
    "FINAL_THRESHOLD",
    "MAX_COMMENT",
    "MAX_UPLOAD_BYTES",
    "RC_THRESHOLD",
    "SORTS",
    "AuditEntry",
    "BallotView",
    "ComponentRow",
    "EvaluationInfo",
    "HfLoader",
    "ImportResult",
    "MemberView",
    "Page",
    "SubmissionView",
    "SubmissionWorker",
    "SystemDetail",
    "SystemQuery",
    "SystemSummary",
    "TallyRow",
    "TallyView",
    "UserView",
    "Vote",
    "WorkingGroupView",
    "audit_log",
    "ballots_csv",
    "cached",
    "cast_ballot",
    "compare_systems",
    "content_version",
    "create_api_token",
    "create_user",
    "default_hf_loader",
    "diff_definitions",
    "endorse",
    "endorsement_status",
    "engine_content_version",
    "ensure_initial_content",
    "evaluate_system",
    "export_registry",
    "facets",
    "get_definition",
    "get_evaluation",
    "get_license",
    "get_submission",
    "get_system",
    "get_user",
    "get_user_or_none",
    "hide_system",
    "import_catalog",
    "import_mot_records",
    "import_registry",
    "join_working_group",
    "leave_working_group",
    "license_facts",
    "list_ballots",
    "list_definitions",
    "list_licenses",
    "list_submissions",
    "list_systems",
    "list_users",
    "list_working_groups",
    "merge_systems",
    "publish_system",
    "reevaluate_system",
    "revoke_api_tokens",
    "set_role",
    "set_stakeholder_group",
    "slugify",
    "start_worker",
    "stop_worker",
    "submit_hf",
    "submit_manifest",
    "systems_csv",
    "tally",
    "update_ballot",
    "withdraw_ballot",
    "withdraw_endorsement",
]
