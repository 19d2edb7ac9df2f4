"""The `osaid` command line. Thin: parse, call the library, print, exit."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from osaid.cli._errors import ExitCode, report
from osaid.cli._output import write_output
from osaid.errors import InputError

E = TypeVar("E", bound=StrEnum)

app = typer.Typer(
    name="osaid",
    help="Is this AI system Open Source AI? Evidence-based checks against the OSI Open Source "
    "AI Definition and the Model Openness Framework.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
definitions_app = typer.Typer(
    help="The definitions osaid knows, and how they changed.", no_args_is_help=True
)
licenses_app = typer.Typer(help="The license knowledge base.", no_args_is_help=True)
catalog_app = typer.Typer(
    help="The reference catalog of well-known AI systems.", no_args_is_help=True
)
votes_app = typer.Typer(help="The working groups' vote tally.", no_args_is_help=True)
components_app = typer.Typer(help="The canonical component catalog.", no_args_is_help=True)
manifest_app = typer.Typer(help="The osaid manifest format.", no_args_is_help=True)
app.add_typer(definitions_app, name="definitions")
app.add_typer(licenses_app, name="licenses")
app.add_typer(catalog_app, name="catalog")
app.add_typer(votes_app, name="votes")
app.add_typer(components_app, name="components")
app.add_typer(manifest_app, name="manifest")


@app.command()
def check(
    targets: Annotated[
        list[str],
        typer.Argument(
            help="catalog:SLUG, an osaid manifest, a MOT record, an index record, "
            "a release directory, hf:ORG/NAME[@REV] or a git URL (several allowed)",
            metavar="TARGET...",
        ),
    ],
    definition: Annotated[
        list[str] | None,
        typer.Option(
            "--definition",
            "-d",
            help="definition id to evaluate (repeatable); default: the policy's, else "
            "osaid-1.0 and mof",
        ),
    ] = None,
    require: Annotated[
        list[str] | None,
        typer.Option(
            "--require",
            help="exit 1 unless this holds (repeatable): a definition id such as osaid-1.0, "
            "or mof>=2, osai-index>=0.75",
        ),
    ] = None,
    policy: Annotated[
        Path | None,
        typer.Option(
            "--policy",
            help="policy file (osaid.toml or pyproject.toml [tool.osaid]); default: the "
            "nearest one above the target or the current directory",
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="text, json, markdown, html, spdx3, cyclonedx or sarif"
        ),
    ] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write to FILE")] = None,
) -> None:
    """Evaluate AI systems and explain the verdicts."""
    from osaid.check import run_check
    from osaid.formats.interface import OutputFormat

    output_format = _parse_format(fmt, OutputFormat)
    if len(targets) > 1 and output_format not in (
        OutputFormat.TEXT,
        OutputFormat.MARKDOWN,
        OutputFormat.JSON,
    ):
        raise InputError(f"--format {fmt} takes one target at a time", field="TARGET")
    texts: list[str] = []
    unmet: list[str] = []
    for target in targets:
        run = run_check(
            target,
            definitions=definition,
            require=require,
            policy_path=policy,
            renderer=output_format.renderer(),
        )
        texts.append(run.text)
        if not run.gate.passed:
            name = run.report.system.name
            unmet.extend(f"{name}: {reason}" for reason in run.gate.reasons)
    if len(texts) > 1 and output_format is OutputFormat.JSON:
        text = "[\n" + ",\n".join(t.strip() for t in texts) + "\n]\n"
    else:
        text = "\n".join(texts)
    write_output(text, output)
    if unmet:
        for line in unmet:
            print(f"osaid: does not meet: {line}", file=sys.stderr)
        raise typer.Exit(ExitCode.REQUIREMENT_NOT_MET)


@app.command()
def badge(
    target: Annotated[
        str,
        typer.Argument(
            help="catalog:SLUG, a manifest, a release directory, hf:ORG/NAME or a git URL"
        ),
    ],
    definition: Annotated[
        str | None,
        typer.Option("--definition", "-d", help="definition id (default: osaid-1.0)"),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write the SVG to FILE")
    ] = None,
) -> None:
    """An SVG badge of one definition's verdict, for a model card or README."""
    from osaid.cli._badge import badge_command

    badge_command(target, definition, output)


@app.command()
def compare(
    targets: Annotated[list[str], typer.Argument(help="two or more targets", metavar="TARGET...")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """One or more systems under every framework side by side (OSAID, MOF, the indices, LF)."""
    from osaid.cli._compare import compare_command

    text = compare_command(targets, fmt)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


export_app = typer.Typer(help="Write systems in other tools' formats.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("mot")
def export_mot(
    target: Annotated[str, typer.Argument(help="catalog:SLUG, a manifest or a release")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write to FILE")] = None,
) -> None:
    """Write a system as a Model Openness Tool record (YAML)."""
    from osaid.cli._export import mot_export_command

    mot_export_command(target, output)


@export_app.command("ai-act-summary")
def export_ai_act_summary(
    target: Annotated[
        str,
        typer.Argument(help="catalog:SLUG, a manifest, a release directory or hf:ORG/NAME"),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="markdown or json")] = "markdown",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write to FILE")] = None,
) -> None:
    """Draft the EU AI Act's public summary of training content (Art. 53(1)(d)) from the
    manifest's facts: every field filled with its source, marked for review, or not filled."""
    from osaid.cli._export import ai_act_summary_command
    from osaid.formats.ai_act_render import SummaryFormat

    ai_act_summary_command(target, _parse_format(fmt, SummaryFormat), output)


def _parse_format(value: str, enum: type[E]) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise InputError(f"unknown format {value!r} (use {allowed})", field="--format") from None


_DB_OPTION = typer.Option(
    "--database-url",
    envvar="OSAID_REGISTRY_DB",
    help="SQLAlchemy URL (default: an SQLite file ./osaid-registry.sqlite3); PostgreSQL: "
    "postgresql+psycopg://USER:PASS@HOST/DB",
)
db_app = typer.Typer(help="The registry's database.", no_args_is_help=True)
registry_app = typer.Typer(help="Back up, move and administer the registry.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(registry_app, name="registry")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    database_url: Annotated[str | None, _DB_OPTION] = None,
    workers: Annotated[int, typer.Option(help="worker processes")] = 1,
) -> None:
    """Run the registry and review service (web pages and REST API)."""
    from osaid.cli._registry import serve_command

    serve_command(host, port, database_url, workers=workers)


@db_app.command("upgrade")
def db_upgrade(database_url: Annotated[str | None, _DB_OPTION] = None) -> None:
    """Create or migrate the registry's database schema to the latest revision."""
    from osaid.cli._registry import db_upgrade_command

    print(db_upgrade_command(database_url))


@registry_app.command("export")
def registry_export(
    database_url: Annotated[str | None, _DB_OPTION] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write to FILE")] = None,
) -> None:
    """Export the whole registry as JSON (a backup, or to move between databases)."""
    from osaid.cli._registry import registry_export_command

    registry_export_command(database_url, output)


@registry_app.command("import")
def registry_import(
    file: Annotated[Path, typer.Argument(help="a file written by `osaid registry export`")],
    database_url: Annotated[str | None, _DB_OPTION] = None,
    replace: Annotated[bool, typer.Option(help="empty the registry first")] = False,
) -> None:
    """Import a registry export."""
    from osaid.cli._registry import registry_import_command

    registry_import_command(database_url, file, replace)


@registry_app.command("user")
def registry_user(
    username: Annotated[str, typer.Argument()],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, envvar="OSAID_PASSWORD")],
    role: Annotated[str, typer.Option(help="viewer, reviewer or admin")] = "reviewer",
    group: Annotated[
        str | None,
        typer.Option(
            help="stakeholder group: system-creator, "
            "license-creator, regulator, licensee, end-user, subject"
        ),
    ] = None,
    token: Annotated[bool, typer.Option(help="also create an API token and print it")] = False,
    database_url: Annotated[str | None, _DB_OPTION] = None,
) -> None:
    """Add a user account."""
    from osaid.cli._registry import create_user_command

    printed = create_user_command(database_url, username, password, role, group, token)
    if printed:
        print(printed)


def _register_census() -> None:
    from osaid.cli import _census

    _census.register(app)


_register_census()


@definitions_app.command("list")
def definitions_list() -> None:
    """List the definitions osaid can evaluate."""
    from osaid.definitions.loader import all_definitions

    for d in all_definitions():
        print(
            f"{d.id:16} {d.name} {d.version} ({d.status}, {d.published})  "
            f"{len(d.requirements)} requirements"
        )


@definitions_app.command("show")
def definitions_show(
    definition_id: Annotated[str, typer.Argument(metavar="ID")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """Show a definition's requirements with their normative text and source."""
    from osaid.cli import _definitions

    _definitions.show(definition_id, fmt)


@definitions_app.command("diff")
def definitions_diff(
    before: Annotated[str, typer.Argument(metavar="A")],
    after: Annotated[str, typer.Argument(metavar="B")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """What changed from definition A to definition B."""
    from osaid.cli import _definitions

    _definitions.diff(before, after, fmt)


@licenses_app.command("show")
def licenses_show(
    license_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="SPDX id, catalog id, Hugging Face tag or common name"),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """Explain a license: status, restrictions with their clauses, freedoms affected."""
    from osaid.cli import _licenses

    _licenses.show(license_id, fmt)


@licenses_app.command("identify")
def licenses_identify(
    files: Annotated[list[Path], typer.Argument(help="files to identify licenses in")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """Identify licenses from their text (SPDX licenses and the AI-license catalog)."""
    from osaid.licenses.identify.cli import identify_command

    sys.stdout.write(identify_command(files, fmt))


@app.command()
def audit(
    declared: Annotated[Path, typer.Argument(help="an osaid manifest or a MOT record")],
    against: Annotated[
        str, typer.Option("--against", help="DIR, hf:ORG/NAME[@REV] or a git repository")
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write to FILE")] = None,
) -> None:
    """List every disagreement between what is declared and what the artifacts show."""
    from osaid.cli import _audit

    code = _audit.run(declared, against, fmt, output)
    if code:
        raise typer.Exit(code)


@licenses_app.command("list")
def licenses_list(
    catalog_only: Annotated[
        bool, typer.Option("--catalog", help="only the AI-license catalog")
    ] = True,
) -> None:
    """List the curated AI licenses."""
    from osaid.cli import _licenses

    _licenses.list_catalog()


@catalog_app.command("list")
def catalog_list() -> None:
    """List the systems in the reference catalog."""
    from osaid.catalog import catalog_slugs, load_catalog_system

    for slug in catalog_slugs():
        m = load_catalog_system(slug).manifest
        producer = m.system.producer.name if m.system.producer else ""
        print(f"{slug:14} {m.system.name} ({producer})")


@components_app.command("list")
def components_list() -> None:
    """List canonical component ids and their names."""
    from osaid.components import component_catalog

    for c in component_catalog().components.values():
        mof = (
            f"MOF class {c.mof_class}"
            if c.mof_class
            else (f"part of {c.part_of}" if c.part_of else "")
        )
        print(f"{c.id:30} {c.name:50} {mof}")


@votes_app.command("tally")
def votes_tally(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV of net counts (component,study,use,modify,"
            "share) or ballots (system,reviewer,component,freedom,"
            "vote)"
        ),
    ],
    mu: Annotated[
        float | None,
        typer.Option("--mu", help="use this mean instead of the computed one (OSI used 9.5)"),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """Tally the working groups' votes into OSI's required / maybe / not-required tiers."""
    from osaid.cli import _votes

    _votes.tally_cmd(file, mu, fmt)


@manifest_app.command("schema")
def manifest_schema() -> None:
    """Print the JSON Schema of the osaid manifest."""
    from osaid.manifest.schema import schema_text

    sys.stdout.write(schema_text())


@manifest_app.command("validate")
def manifest_validate(file: Path) -> None:
    """Check that a manifest or MOT record reads without error."""
    from osaid.manifest.load import load_system

    system = load_system(file)
    print(f"{file}: ok ({system.name}, {len(system.manifest.components)} components)")


def run() -> NoReturn:
    """Console-script entry point: run the app and map every error through one table."""
    try:
        # Without standalone mode, typer returns the code of `typer.Exit` instead of raising.
        code = app(standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except typer.TyperException as exc:
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        sys.exit(ExitCode.USAGE)
    except typer.Abort:
        sys.exit(ExitCode.USAGE)
    except BaseException as exc:  # noqa: BLE001 - the one place every error is mapped
        if isinstance(exc, KeyboardInterrupt):
            sys.exit(130)
        sys.exit(report(exc))
    sys.exit(code if isinstance(code, int) else ExitCode.OK)
