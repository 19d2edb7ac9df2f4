"""A self-contained HTML report (docs/formats.md#html).

One file with inline CSS, no scripts and no external assets: it reads offline, prints (a
print style sheet shows link targets and keeps table rows whole) and is accessible
(landmarks, one h1, captioned tables with header cells, and every status written as a word
and a symbol, so colour is never the only signal). Every value from the input is escaped;
only http(s) URLs become links.
"""

from __future__ import annotations

from html import escape

from osaid.evaluation.evaluate import Report
from osaid.evaluation.result import DefinitionResult, Outcome, Reason
from osaid.formats import _common as c
from osaid.formats.table import component_rows

_SYMBOL = {
    "met": "✔",
    "pass": "✔",
    "not-met": "✘",
    "fail": "✘",
    "unknown": "?",
    "needs-review": "⚑",
    "not-applicable": "–",
    "n/a": "–",
    "released": "✔",
    "not-released": "✘",
    "not-used": "–",
}

_CSS = """
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg-alt: #f6f8fa;
  --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --info: #0969da; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); margin: 0; background: #fff; }
.wrap { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
p.meta, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left;
  vertical-align: top; }
thead th { background: var(--bg-alt); }
td ul { margin: 0; padding-left: 1.1rem; }
a { color: var(--info); overflow-wrap: anywhere; }
.status { font-weight: 600; white-space: nowrap; }
.s-met, .s-pass, .s-released { color: var(--ok); }
.s-not-met, .s-fail, .s-not-released { color: var(--bad); }
.s-unknown, .s-needs-review { color: var(--warn); }
.s-not-applicable, .s-n-a, .s-not-used { color: var(--muted); }
.verdict { font-size: 1.15rem; padding: .5rem .75rem; border-left: .35rem solid currentColor;
  background: var(--bg-alt); }
.bar { display: inline-block; width: 10rem; height: .7rem; border: 1px solid var(--line);
  vertical-align: middle; margin-left: .5rem; }
.bar span { display: block; height: 100%; background: var(--ok); }
dl.versions { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; }
dl.versions dt { font-weight: 600; }
dl.versions dd { margin: 0; }
footer { margin-top: 2rem; font-size: .9rem; }
@media print {
  body { font-size: 11pt; }
  .wrap { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .85em; color: #444; }
  tr, .verdict { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _class(value: str) -> str:
    return "s-" + value.replace("/", "-")


def _status(value: str, label: str | None = None) -> str:
    symbol = _SYMBOL.get(value, "")
    text = f"{symbol} {label or value}".strip()
    return f'<span class="status {_e(_class(value))}">{_e(text)}</span>'


def _link(target: str | None, label: str | None = None) -> str:
    if not target:
        return ""
    if target.startswith(("https://", "http://")):
        return f'<a href="{_e(target)}">{_e(label or target)}</a>'
    return _e(label or target)


def _sources(sources: tuple[str, ...]) -> str:
    return ", ".join(_link(s) for s in dict.fromkeys(sources))


def _reasons(reasons: tuple[Reason, ...]) -> str:
    items = []
    for text in dict.fromkeys(r.text for r in reasons):
        srcs = tuple(s for r in reasons if r.text == text for s in r.sources)
        cite = f' <span class="muted">({_sources(srcs)})</span>' if srcs else ""
        items.append(f"<li>{_e(text)}{cite}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _table(caption: str, headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["<table>", f"<caption>{_e(caption)}</caption>", "<thead><tr>"]
    out += [f'<th scope="col">{_e(h)}</th>' for h in headers]
    out.append("</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        first, *rest = row
        out.append(
            f'<tr><th scope="row">{first}</th>' + "".join(f"<td>{cell}</td>" for cell in rest)
        )
        out[-1] += "</tr>"
    out += ["</tbody>", "</table>"]
    return out


def _components(report: Report) -> list[str]:
    rows = []
    for row in component_rows(report):
        status = (
            row.legal_status
            if row.status == "released" and row.legal_status != "n/a"
            else row.status
        )
        license_ = _e(row.license or "—")
        if row.license_origin == "distribution":
            license_ += ' <span class="muted">(distribution license)</span>'
        rows.append(
            [
                _e(row.name),
                _link(row.link, "link" if row.link and row.link.startswith("http") else None),
                license_,
                _e(row.legal_framework),
                _status(status),
            ]
        )
    if not rows:
        return ['<p class="muted">The manifest lists no components.</p>']
    return _table(
        "What is released, under which terms, and whether the terms meet the legal framework",
        ["Component", "Link", "License", "Legal framework", "Status"],
        rows,
    )


def _definition(result: DefinitionResult) -> list[str]:
    anchor = f"def-{c.slug(result.definition)}"
    out = [f'<section aria-labelledby="{anchor}">']
    out.append(
        f'<h2 id="{anchor}">{_e(result.name)} {_e(result.version)} '
        f'<span class="muted">({_e(result.definition)})</span></h2>'
    )
    value = result.status.value
    out.append(
        f'<p class="verdict {_e(_class(value))}"><strong>{_status(value)}</strong> — '
        f"{_e(c.verdict(result))}</p>"
    )
    if result.source:
        out.append(f'<p class="muted">Definition: {_link(result.source)}</p>')
    if result.family == "mof":
        out.append(
            f"<p>Model Openness Framework class: <strong>{_e(c.mof_class_name(result))}"
            "</strong></p>"
        )
        rows = []
        for key, value_ in sorted(result.progress.items()):
            pct = max(0.0, min(100.0, value_))
            rows.append(
                [
                    _e(f"Class {key}"),
                    f'{pct:.0f}%<span class="bar" aria-hidden="true">'
                    f'<span style="width:{pct:.0f}%"></span></span>',
                ]
            )
        if rows:
            out += _table("Progress towards each class", ["Class", "Components met"], rows)
    if result.freedoms:
        rows = [
            [
                _e(f.freedom.value),
                _status(f.status.value),
                _e(f.freedom.text),
                _e(", ".join(f.requirements)),
            ]
            for f in result.freedoms
        ]
        out += _table(
            "The four freedoms", ["Freedom", "Status", "What it means", "Decided by"], rows
        )
    rows = []
    for req in result.requirements:
        title = _e(req.title) + (' <span class="muted">(optional)</span>' if req.optional else "")
        title += f'<br><code class="muted">{_e(req.id)}</code>'
        outcome = _status(req.outcome.value)
        if req.failure_kind:
            outcome += f' <span class="muted">({_e(req.failure_kind.value)})</span>'
        rows.append([title, outcome, _reasons(req.reasons), _link(req.source, "source")])
    out += _table("Requirements", ["Requirement", "Outcome", "Why", "Source"], rows)
    if result.warnings:
        out.append("<h3>Warnings</h3><ul>")
        out += [f"<li>{_e(w)}</li>" for w in result.warnings]
        out.append("</ul>")
    if result.remediation:
        out.append("<h3>To do</h3><ol>")
        out += [f"<li>{_e(item)}</li>" for item in result.remediation]
        out.append("</ol>")
    review = [r for r in result.requirements if r.outcome is Outcome.NEEDS_REVIEW]
    if review:
        out.append(
            "<p>Needs human review: "
            + ", ".join(f"<code>{_e(r.id)}</code>" for r in review)
            + "</p>"
        )
    out.append("</section>")
    return out


def _evidence(report: Report) -> list[str]:
    if not report.system.evidence:
        return []
    rows = []
    for e in report.system.evidence:
        d = c.evidence_to_dict(e)
        span = d.get("span", {})
        lines = ""
        if "start_line" in span:
            lines = str(span["start_line"])
            if span.get("end_line", span["start_line"]) != span["start_line"]:
                lines += f"–{span['end_line']}"
        rows.append(
            [
                _status(e.kind.value) if e.kind.value in _SYMBOL else _e(e.kind.value),
                _link(e.location or e.path) if (e.location or e.path) else "—",
                _e(lines),
                _e(e.component or ""),
                _e(c.evidence_message(e) if e.kind in c.RISKY_EVIDENCE else e.how),
            ]
        )
    return [
        '<section aria-labelledby="evidence">',
        '<h2 id="evidence">Evidence</h2>',
        *_table(
            "What osaid found in the release's files",
            ["Kind", "File", "Lines", "Component", "How it was found"],
            rows,
        ),
        "</section>",
    ]


def render_html(report: Report) -> str:
    system = report.system
    ident = system.manifest.system
    title = ident.name + (f" {ident.version}" if ident.version else "")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="osaid {_e(c.osaid_version(report))}">',
        f"<title>Openness of {_e(title)} — osaid</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        '<div class="wrap">',
        "<header>",
        f"<h1>Openness of {_e(title)}</h1>",
    ]
    meta = []
    if ident.producer is not None:
        meta.append(
            f"by {_link(ident.producer.url, ident.producer.name) or _e(ident.producer.name)}"
        )
    meta.append(f"read from <code>{_e(system.origin)}</code>")
    out.append(f'<p class="meta">{"; ".join(meta)}</p>')
    if ident.description:
        out.append(f"<p>{_e(ident.description)}</p>")
    out += ["</header>", "<main>"]
    out += ['<section aria-labelledby="summary">', '<h2 id="summary">Verdicts</h2>']
    out += _table(
        "One line per definition",
        ["Definition", "Status", "Verdict"],
        [
            [
                f'<a href="#def-{_e(c.slug(r.definition))}">{_e(r.name)} {_e(r.version)}</a>',
                _status(r.status.value),
                _e(c.verdict(r)),
            ]
            for r in report.results
        ],
    )
    out.append("</section>")
    out += ['<section aria-labelledby="components">', '<h2 id="components">Components</h2>']
    out += _components(report)
    out.append("</section>")
    if system.notes:
        out += ['<section aria-labelledby="notes">', '<h2 id="notes">Notes</h2>', "<ul>"]
        out += [f"<li>{_e(n)}</li>" for n in system.notes]
        out += ["</ul>", "</section>"]
    for result in report.results:
        out += _definition(result)
    out += _evidence(report)
    out += ["</main>", "<footer>", "<h2>Data versions</h2>", '<dl class="versions">']
    out += [f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in report.data_versions.items()]
    out += [
        "</dl>",
        '<p class="muted">Generated by osaid. A verdict is reproducible with the same input and '
        "the data versions above.</p>",
        "</footer>",
        "</div>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"
