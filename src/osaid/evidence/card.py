"""Model cards: YAML front matter and Markdown structure, read from text, with line numbers.

`parse_card(text, path)` never raises on a card's content: a malformed front matter becomes a
note (`ModelCard.notes`), and the fields that matter most (license, library_name …) are then
taken from `key: value` lines as a fallback, marked `front_matter_fallback=True`. Every line
number is 1-based and counts from the first line of the file, so evidence spans point into
README.md itself.

What is read:

* front matter fields (Hugging Face model-card metadata): license / license_name /
  license_link / datasets / base_model (str or list) / base_model_relation / library_name /
  pipeline_tag / language / tags / model-index (→ `EvalResult`s) / new_version /
  extra_gated_*;
* Markdown headings (ATX `#`, setext `===`/`---`, and one-line HTML `<h1>`…`<h6>`; never
  inside fenced code) → `Section`s with line spans; the "License" section's text;
* references in the text and tags: arXiv ids (`arxiv:NNNN.NNNNN` tags, arxiv.org links,
  "arXiv:NNNN.NNNNN"), DOIs, Hub dataset links (huggingface.co/datasets/…), GitHub
  repository links.

`card_evidence` turns a parsed card into evidence: model-card, declared-license (the span of
the `license:` line), base-model, eval-results. What its links are evidence of (training
data, papers, published weights) is decided by `osaid.evidence.card_refs`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from osaid._yaml import load_yaml
from osaid.errors import InputError
from osaid.evidence.links import ARXIV_TEXT
from osaid.sources.evidence import LineRange, Span
from osaid.sources.interface import FileEntry

__all__ = [
    "CARD_NAMES",
    "EvalResult",
    "ModelCard",
    "Reference",
    "Section",
    "excerpt",
    "find_card",
    "parse_card",
    "string_list",
]

CARD_NAMES = ("README.md", "readme.md", "Readme.md", "README.MD", "MODEL_CARD.md", "model_card.md")
"""Root files read as the model card, first match wins."""

QUOTE_CHARS = 300
"""Longest quote kept in evidence data."""


@dataclass(frozen=True)
class Section(LineRange):
    """A Markdown heading and the lines it covers (up to the next heading of its level or above)."""

    title: str
    level: int
    start_line: int
    """The heading's line."""
    end_line: int
    """The last non-blank line of the section (the heading's line when it is empty)."""


@dataclass(frozen=True)
class Reference:
    """An identifier found in the card (arXiv id, DOI, dataset id, repository) and its line."""

    kind: str
    """arxiv, doi, dataset, github."""
    id: str
    line: int | None
    """None when it comes from the tags given by the Hub rather than from the file."""
    url: str


@dataclass(frozen=True)
class EvalResult:
    """One metric of a `model-index` result."""

    model: str | None
    task_type: str | None
    task_name: str | None
    dataset_type: str | None
    dataset_name: str | None
    dataset_config: str | None
    dataset_split: str | None
    metric_type: str | None
    metric_name: str | None
    value: Any
    verified: bool | None
    source_url: str | None
    line: int | None


@dataclass(frozen=True)
class ModelCard:
    """A parsed model card. Build it with `parse_card`."""

    path: str
    lines: tuple[str, ...]
    front_matter: dict[str, Any] | None
    """The parsed front matter, or None when there is none (or it did not parse)."""
    front_matter_span: Span | None
    """The lines between and including the two `---` markers."""
    field_lines: dict[str, int]
    """Line of each top-level front-matter key (also filled by the line fallback)."""
    front_matter_fallback: bool = False
    """The front matter did not parse; fields come from `key: value` lines."""
    license: str | tuple[str, ...] | None = None
    license_name: str | None = None
    license_link: str | None = None
    datasets: tuple[tuple[str, int | None], ...] = ()
    """(dataset id, line) for each `datasets:` entry."""
    base_models: tuple[tuple[str, int | None], ...] = ()
    base_model_relation: str | None = None
    library_name: str | None = None
    pipeline_tag: str | None = None
    language: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    new_version: str | None = None
    gating: dict[str, Any] = field(default_factory=dict)
    """The `extra_gated_*` fields, by key."""
    eval_results: tuple[EvalResult, ...] = ()
    sections: tuple[Section, ...] = ()
    references: tuple[Reference, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def body_start_line(self) -> int:
        return (self.front_matter_span.end_line or 0) + 1 if self.front_matter_span else 1

    def text_of(self, start_line: int, end_line: int) -> str:
        """Lines `start_line`..`end_line` (1-based, inclusive)."""
        return "\n".join(self.lines[start_line - 1 : end_line])

    def section_text(self, section: Section, *, with_heading: bool = False) -> str:
        first = section.start_line if with_heading else section.start_line + 1
        return self.text_of(first, section.end_line).strip()

    def find_sections(self, pattern: str | re.Pattern[str]) -> list[Section]:
        """Sections whose title matches `pattern` (case-insensitive search)."""
        rx = re.compile(pattern, re.IGNORECASE) if isinstance(pattern, str) else pattern
        return [s for s in self.sections if rx.search(s.title)]

    @property
    def license_section(self) -> Section | None:
        found = self.find_sections(r"^\W*licen[cs](e|ing)\b")
        return found[0] if found else None

    @property
    def license_text(self) -> str | None:
        """The text of the "License" section, when there is one."""
        section = self.license_section
        return self.section_text(section) if section else None

    def table_header(self, line: int) -> str | None:
        """The header row of the Markdown table that `line` (1-based) is a row of."""
        i = line - 1
        while i > 0 and self.lines[i - 1].lstrip().startswith("|"):
            i -= 1
        return self.lines[i] if i + 1 < line else None

    def column_header(self, line: int, pos: int) -> str | None:
        """The header cell of the table column that character `pos` of row `line` is in."""
        header = self.table_header(line)
        if header is None:
            return None
        column = _cells_before(self.lines[line - 1], pos)
        cells = _CELL_SPLIT.split(header.strip().strip("|"))
        return cells[column - 1].strip() if 0 < column <= len(cells) else None

    def refs(self, kind: str) -> list[Reference]:
        return [r for r in self.references if r.kind == kind]

    @property
    def arxiv_ids(self) -> list[str]:
        return [r.id for r in self.refs("arxiv")]

    @property
    def dataset_ids(self) -> list[str]:
        """Dataset ids from `datasets:` and from huggingface.co/datasets links, first seen first."""
        seen = dict.fromkeys(d for d, _ in self.datasets)
        seen.update(dict.fromkeys(r.id for r in self.refs("dataset")))
        return list(seen)


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _cells_before(row: str, pos: int) -> int:
    """Which cell (1-based) of a table row character `pos` is in."""
    lead = row[:pos].lstrip()
    return len(_CELL_SPLIT.findall(lead[1:] if lead.startswith("|") else lead)) + 1


# ---- front matter --------------------------------------------------------------------------

_FM_OPEN = re.compile(r"^\s*---[ \t]*$")
_FM_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_FALLBACK_KEYS = (
    "license",
    "license_name",
    "license_link",
    "library_name",
    "pipeline_tag",
    "base_model",
    "base_model_relation",
    "new_version",
)


def _split_front_matter(lines: list[str]) -> tuple[int, int] | None:
    """(first, last) 0-based line indexes of the `---` markers, when the card has front matter."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not _FM_OPEN.match(lines[i]):
        return None
    for j in range(i + 1, len(lines)):
        if _FM_CLOSE.match(lines[j]):
            return i, j
    return None


def string_list(value: Any) -> list[str]:
    """The non-empty strings of a YAML value that may be one string or a list."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [
            str(v).strip() for v in value if isinstance(v, (str, int, float)) and str(v).strip()
        ]
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        return [text] if text else []
    return []


def _str(value: Any) -> str | None:
    items = string_list(value)
    return items[0] if len(items) == 1 and not isinstance(value, list) else None


def _fallback_fields(
    lines: list[str], first: int, last: int
) -> tuple[dict[str, Any], dict[str, int]]:
    data: dict[str, Any] = {}
    where: dict[str, int] = {}
    rx = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
    for idx in range(first + 1, last):
        m = rx.match(lines[idx])
        if not m or m.group(1) in data:
            continue
        key, value = m.group(1), m.group(2).strip().strip("'\"").strip()
        where[key] = idx + 1
        if key in _FALLBACK_KEYS and value and not value.startswith(("[", "{", "|", ">", "#")):
            data[key] = value
        elif key in ("datasets", "tags", "language", "base_model"):
            items: list[str] = []
            for nxt in lines[idx + 1 : last]:
                item = re.match(r"^\s*-\s+(.*?)\s*$", nxt)
                if not item:
                    break
                items.append(re.sub(r"\s+#.*$", "", item.group(1)).strip("'\""))
            if items:
                data[key] = items
            elif value and key != "datasets":
                data[key] = value
    return data, where


# ---- Markdown ------------------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HTML_H = re.compile(r"^\s*<h([1-6])\b[^>]*>(.*?)</h\1>\s*$", re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TAG = re.compile(r"<[^>]+>")
_MD_DECOR = re.compile(r"[*_`]+|\[([^\]]*)\]\([^)]*\)")


def _clean_title(title: str) -> str:
    title = _MD_DECOR.sub(lambda m: m.group(1) or "", _TAG.sub("", title))
    return re.sub(r"\s+", " ", title).strip(" :")


def fenced_blocks(lines: Sequence[str], start: int = 0) -> list[tuple[int, int]]:
    """(opening fence, closing fence) 0-based line indices of each fenced code block from
    line index `start` on; an unclosed block closes at ``len(lines)``."""
    blocks: list[tuple[int, int]] = []
    opened: int | None = None
    fence = ""
    for i in range(start, len(lines)):
        if m := _FENCE.match(lines[i]):
            mark = m.group(1)
            if opened is None:
                opened, fence = i, mark[0] * len(mark)
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                blocks.append((opened, i))
                opened = None
    if opened is not None:
        blocks.append((opened, len(lines)))
    return blocks


def _headings(lines: list[str], start: int) -> list[tuple[int, int, str]]:
    """(0-based line, level, title) of each heading from line index `start` on."""
    found: list[tuple[int, int, str]] = []
    code = {i for a, b in fenced_blocks(lines, start) for i in range(a, b + 1)}
    for i in range(start, len(lines)):
        line = lines[i]
        if i in code:
            continue
        if (m := _ATX.match(line)) and m.group(2):
            found.append((i, len(m.group(1)), _clean_title(m.group(2))))
        elif (m := _HTML_H.match(line)) and _clean_title(m.group(2)):
            found.append((i, int(m.group(1)), _clean_title(m.group(2))))
        elif (
            (m := _SETEXT.match(line))
            and i > start
            and lines[i - 1].strip()
            and not _ATX.match(lines[i - 1])
            and not (found and found[-1][0] == i - 1)
            and not lines[i - 1].lstrip().startswith(("-", "*", ">", "|", "<"))
            and (i - 2 < start or not lines[i - 2].strip())
        ):
            found.append((i - 1, 1 if m.group(1)[0] == "=" else 2, _clean_title(lines[i - 1])))
    return found


def _sections(lines: list[str], start: int) -> list[Section]:
    heads = [h for h in _headings(lines, start) if h[2]]
    sections: list[Section] = []
    for n, (idx, level, title) in enumerate(heads):
        end = len(lines) - 1
        for idx2, level2, _ in heads[n + 1 :]:
            if level2 <= level:
                end = idx2 - 1
                break
        while end > idx and not lines[end].strip():
            end -= 1
        if end > idx and _SETEXT.match(lines[end]) and any(h[0] == end - 1 for h in heads):
            end -= 2  # the next heading is a setext one: its text line is not ours
            while end > idx and not lines[end].strip():
                end -= 1
        sections.append(Section(title=title, level=level, start_line=idx + 1, end_line=end + 1))
    return sections


# ---- references ----------------------------------------------------------------------------

_ARXIV_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?/\d{7}))(?:v\d+)?",
    re.IGNORECASE,
)
_DOI = re.compile(r"\b(?:doi\.org/|doi:\s*)(10\.\d{4,9}/[^\s\"'<>)\]}]+)", re.IGNORECASE)
_HF_DATASET = re.compile(
    r"huggingface\.co/datasets/([A-Za-z0-9][\w.-]*)(?:/([A-Za-z0-9][\w.-]*))?", re.IGNORECASE
)
_HF_SUBPATHS = {"tree", "blob", "viewer", "resolve", "discussions", "raw", "commits", "commit"}
_GITHUB = re.compile(r"github\.com/([A-Za-z0-9][\w-]*)/([\w.-]+)", re.IGNORECASE)
_GITHUB_NOT_ORGS = {
    "features", "sponsors", "orgs", "topics", "marketplace", "about", "pricing", "settings",
    "login", "join", "apps", "collections", "explore", "trending", "site", "enterprise",
}  # fmt: skip


def _trim(s: str) -> str:
    return s.rstrip(".,;:!?'\"`*_")


def _find_references(lines: list[str], tags: Iterable[str]) -> list[Reference]:
    refs: dict[tuple[str, str], Reference] = {}

    def add(kind: str, ident: str, line: int | None, url: str) -> None:
        key = (kind, ident.lower())
        if key not in refs:
            refs[key] = Reference(kind=kind, id=ident, line=line, url=url)

    for n, line in enumerate(lines, start=1):
        low = line.lower()
        if "arxiv" in low or "eprint" in low:
            for m in _ARXIV_URL.finditer(line):
                add("arxiv", m.group(1), n, f"https://arxiv.org/abs/{m.group(1)}")
            for m in ARXIV_TEXT.finditer(line):
                ident = m.group(1) or m.group(2)
                add("arxiv", ident, n, f"https://arxiv.org/abs/{ident}")
        if "doi" in low:
            for m in _DOI.finditer(line):
                doi = _trim(m.group(1))
                add("doi", doi, n, f"https://doi.org/{doi}")
        if "huggingface.co/datasets/" in low:
            for m in _HF_DATASET.finditer(line):
                first, second = m.group(1), m.group(2)
                ident = (
                    first if not second or second.lower() in _HF_SUBPATHS else f"{first}/{second}"
                )
                ident = _trim(ident)
                add("dataset", ident, n, f"https://huggingface.co/datasets/{ident}")
        if "github.com/" in low:
            for m in _GITHUB.finditer(line):
                org, repo = m.group(1), _trim(m.group(2))
                repo = repo[:-4] if repo.lower().endswith(".git") else repo
                if org.lower() in _GITHUB_NOT_ORGS or not repo:
                    continue
                add("github", f"{org}/{repo}", n, f"https://github.com/{org}/{repo}")
    for tag in tags:
        if tag.lower().startswith("arxiv:"):
            ident = tag.split(":", 1)[1].strip()
            if ident:
                add("arxiv", ident, None, f"https://arxiv.org/abs/{ident}")
        elif tag.lower().startswith("doi:"):
            ident = tag.split(":", 1)[1].strip()
            if ident:
                add("doi", ident, None, f"https://doi.org/{ident}")
    return list(refs.values())


# ---- model-index ---------------------------------------------------------------------------


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _eval_results(model_index: Any, line_of: Any) -> list[EvalResult]:
    results: list[EvalResult] = []
    if not isinstance(model_index, list):
        return results
    for i, model in enumerate(model_index):
        if not isinstance(model, dict):
            continue
        name = _str(model.get("name"))
        for j, result in enumerate(model.get("results") or []):
            if not isinstance(result, dict):
                continue
            task, dataset, source = (_dict(result.get(k)) for k in ("task", "dataset", "source"))
            metrics = result.get("metrics")
            for k, metric in enumerate(metrics if isinstance(metrics, list) else []):
                if not isinstance(metric, dict):
                    continue
                verified = metric.get("verified")
                results.append(
                    EvalResult(
                        model=name,
                        task_type=_str(task.get("type")),
                        task_name=_str(task.get("name")),
                        dataset_type=_str(dataset.get("type")),
                        dataset_name=_str(dataset.get("name")),
                        dataset_config=_str(dataset.get("config")),
                        dataset_split=_str(dataset.get("split")),
                        metric_type=_str(metric.get("type")),
                        metric_name=_str(metric.get("name")),
                        value=metric.get("value")
                        if isinstance(metric.get("value"), (str, int, float, bool))
                        else None,
                        verified=verified if isinstance(verified, bool) else None,
                        source_url=_str(source.get("url")),
                        line=line_of(("model-index", i, "results", j, "metrics", k)),
                    )
                )
    return results


# ---- parse_card ----------------------------------------------------------------------------


def parse_card(text: str, path: str = "README.md", *, tags: Iterable[str] = ()) -> ModelCard:
    """Parse a model card. Never raises on malformed content; problems become `notes`.

    `tags` are extra tags (e.g. the Hub's model tags) searched for `arxiv:` ids."""
    text = text.lstrip("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    notes: list[str] = []
    fm: dict[str, Any] | None = None
    fm_span: Span | None = None
    field_lines: dict[str, int] = {}
    fallback = False
    offset = 0
    body_start = 0
    line_map: dict[tuple[str | int, ...], int] = {}

    bounds = _split_front_matter(lines)
    if bounds is not None:
        first, last = bounds
        fm_span = Span(start_line=first + 1, end_line=last + 1)
        body_start = last + 1
        offset = first + 1  # YAML line 1 is file line first+2
        yaml_text = "\n".join(lines[first + 1 : last])
        if yaml_text.strip():
            try:
                doc = load_yaml(yaml_text, file=path)
            except InputError as exc:
                line = exc.line + offset if exc.line is not None else None
                where = f" (line {line})" if line is not None else ""
                notes.append(f"{path}: front matter is not valid YAML{where}: {exc.message}")
                fm, field_lines = _fallback_fields(lines, first, last)
                fallback = True
            else:
                if isinstance(doc.data, dict):
                    fm = {str(k): v for k, v in doc.data.items()}
                    line_map = {p: n + offset for p, n in doc.lines.items()}
                    field_lines = {
                        str(p[0]): n for p, n in line_map.items() if len(p) == 1 and p[0] != "\0key"
                    }
                else:
                    notes.append(f"{path}: front matter is not a mapping; ignored")
        else:
            fm = {}
    elif lines and _FM_OPEN.match(lines[0]):
        notes.append(f"{path}: front matter is not closed with '---'; ignored")

    data = fm or {}

    def line_of(p: tuple[str | int, ...]) -> int | None:
        q = tuple(p)
        while q:
            if q in line_map:
                return line_map[q]
            q = q[:-1]
        return field_lines.get(str(p[0])) if p else None

    def listed(key: str) -> tuple[tuple[str, int | None], ...]:
        value = data.get(key)
        if isinstance(value, list):
            return tuple(
                (item, line_of((key, i)))
                for i, item in enumerate(str(v).strip() for v in value)
                if item and not isinstance(value[i], (dict, list))
            )
        return tuple((item, line_of((key,))) for item in string_list(value))

    license_value: str | tuple[str, ...] | None
    lic = data.get("license")
    if isinstance(lic, list):
        license_value = tuple(string_list(lic)) or None
    else:
        license_value = _str(lic)
    if lic is not None and license_value is None:
        notes.append(f"{path}: `license` is not a string or a list of strings")
    tag_values = tuple(string_list(data.get("tags")))
    gating = {k: v for k, v in data.items() if k.startswith("extra_gated")}
    model_index = data.get("model-index", data.get("model_index"))
    return ModelCard(
        path=path,
        lines=tuple(lines),
        front_matter=fm,
        front_matter_span=fm_span,
        field_lines=field_lines,
        front_matter_fallback=fallback,
        license=license_value,
        license_name=_str(data.get("license_name")),
        license_link=_str(data.get("license_link")),
        datasets=listed("datasets"),
        base_models=listed("base_model"),
        base_model_relation=_str(data.get("base_model_relation")),
        library_name=_str(data.get("library_name")),
        pipeline_tag=_str(data.get("pipeline_tag")),
        language=tuple(string_list(data.get("language"))),
        tags=tag_values,
        new_version=_str(data.get("new_version")),
        gating=gating,
        eval_results=tuple(_eval_results(model_index, line_of)),
        sections=tuple(_sections(lines, body_start)),
        references=tuple(_find_references(lines, (*tag_values, *tags))),
        notes=tuple(notes),
    )


def excerpt(text: str, limit: int = QUOTE_CHARS) -> str:
    """`text` with whitespace collapsed, cut at `limit` characters on a word boundary."""
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


# ---- the detector --------------------------------------------------------------------------


def find_card(files: list[FileEntry]) -> FileEntry | None:
    """The model card of a release: a README.md (or MODEL_CARD.md) at its root."""
    by_path = {f.path: f for f in files if "/" not in f.path}
    for name in CARD_NAMES:
        if name in by_path:
            return by_path[name]
    lowered = {p.lower(): f for p, f in by_path.items()}
    return lowered.get("readme.md") or lowered.get("model_card.md")
