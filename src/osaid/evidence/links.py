"""Links in documents, and what the text around each one says it is.

A link is evidence only of what its context says. A Hugging Face dataset link is a listing of
*training* data only when the clause or section around it says the model was trained on it; a
link to a benchmark, to a license file inside a dataset repository or to a repository of test
images is something else. An arXiv paper is this model's paper only when the text says so
("the associated paper", a `[Paper]` link, the citation section), not when it is cited as
prior work ("following Tay et al."). Each classification keeps the quote that decided it.

The cues are data (`data/links.yaml`); they cover English and the Chinese of the model cards
seen in practice. Everything here is deterministic text matching, reported for people to check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from osaid._yaml import load_yaml
from osaid.errors import DataError

__all__ = [
    "ARXIV_ID",
    "ARXIV_TEXT",
    "hub_model_id",
    "weights_file_urls",
    "Link",
    "LinkCues",
    "classify_dataset_link",
    "classify_paper_link",
    "clause_around",
    "extract_links",
    "is_parameters_link",
    "link_cues",
    "sentence_around",
]

ARXIV_ID = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})(?:v\d+)?|\barxiv\s*:\s*(\d{4}\.\d{4,5})",
    re.IGNORECASE,
)
ARXIV_TEXT = re.compile(
    r"\barxiv\s*:\s*(\d{4}\.\d{4,5})(?:v\d+)?\b"
    r"|\beprint\s*=\s*[{\"]\s*(\d{4}\.\d{4,5})(?:v\d+)?\s*[}\"]",
    re.IGNORECASE,
)
"""An arXiv id written in text: `arXiv:2212.07143`, or a BibTeX entry's `eprint={2406.12793}`
(group 1 or 2)."""
_MD_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
_HTML_LINK = re.compile(r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.IGNORECASE)
_ANY_URL = re.compile(r"https?://[^\s\"'<>()\[\]`|]+")
"""A URL anywhere, quoted in code too."""
_BARE_URL = re.compile(r"(?<![(\"'<=])\bhttps?://[^\s)\]>\"'`|]+")
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Link:
    """One link on one line."""

    url: str
    text: str
    """The anchor text (or the alt text of a badge image), without markup."""
    line: int
    start: int
    end: int
    """Character offsets of the whole link in its line."""
    image: bool = False
    """A badge or picture: `![alt](url)`."""
    target: str | None = None
    """For a badge wrapped in a link, `[![alt](img)](target)`: where it points."""


_HF_SHORT = re.compile(r"^(https?://)(?:www\.)?hf\.co/", re.IGNORECASE)


def _canonical(url: str) -> str:
    """The Hub's short host written out: hf.co/ORG/NAME is huggingface.co/ORG/NAME."""
    return _HF_SHORT.sub(r"\1huggingface.co/", url)


def extract_links(lines: list[str], first_line: int = 1) -> list[Link]:
    """Markdown links and images, HTML anchors and bare URLs, with their line numbers (URLs
    on the Hub's short host written out)."""
    out: list[Link] = []
    for n, line in enumerate(lines, start=first_line):
        if "http" not in line and "](" not in line and "href" not in line:
            continue
        taken: list[tuple[int, int]] = []
        for m in _MD_LINK.finditer(line):
            image, text, url = m.group(1) == "!", m.group(2), m.group(3)
            inner = _MD_LINK.fullmatch(text.strip())
            if inner is not None and inner.group(1) == "!":
                out.append(
                    Link(
                        _canonical(inner.group(3)),
                        _plain(inner.group(2)),
                        n,
                        m.start(),
                        m.end(),
                        True,
                        _canonical(url),
                    )
                )
            else:
                out.append(Link(_canonical(url), _plain(text), n, m.start(), m.end(), image))
            taken.append((m.start(), m.end()))
        for m in _HTML_LINK.finditer(line):
            out.append(Link(_canonical(m.group(1)), _plain(m.group(2)), n, m.start(), m.end()))
            taken.append((m.start(), m.end()))
        for m in _BARE_URL.finditer(line):
            if any(a <= m.start() < b for a, b in taken):
                continue
            out.append(Link(_canonical(m.group(0).rstrip(".,;:!?")), "", n, m.start(), m.end()))
    return out


def _plain(text: str) -> str:
    text = _TAGS.sub(" ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(text.replace("`", "").replace("*", "").split())


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[(*_`])|[。！？]")
_CLAUSE_END = re.compile(r"(?<=[.!?;])\s+|[。！？；，,;、]")


def _span_around(text: str, start: int, end: int, boundary: re.Pattern[str]) -> str:
    left = 0
    for m in boundary.finditer(text, 0, start):
        left = m.end()
    after = boundary.search(text, end)
    right = after.start() if after else len(text)
    return text[left:right].strip()


def sentence_around(line: str, start: int, end: int) -> str:
    """The sentence of `line` that holds the characters start..end."""
    return _span_around(line, start, end, _SENTENCE_END)


def clause_around(line: str, start: int, end: int) -> str:
    """The clause (between commas, semicolons and sentence ends) that holds start..end."""
    return _span_around(line, start, end, _CLAUSE_END)


@dataclass(frozen=True)
class LinkCues:
    training: re.Pattern[str]
    example_data: re.Pattern[str]
    evaluation: re.Pattern[str]
    training_sections: re.Pattern[str]
    evaluation_sections: re.Pattern[str]
    test_repositories: re.Pattern[str]
    software: re.Pattern[str]
    paper_attributed: re.Pattern[str]
    paper_cited: re.Pattern[str]
    paper_anchor: re.Pattern[str]
    report_words: re.Pattern[str]
    citation_sections: re.Pattern[str]
    paper_cited_lead: re.Pattern[str]
    parameters_anchor: re.Pattern[str]
    parameters_download: re.Pattern[str]
    base_model_column: re.Pattern[str]
    parameters_sections: re.Pattern[str]
    hub_download: re.Pattern[str]
    weights_available_at: re.Pattern[str]
    weights_file_url: re.Pattern[str]
    archive_url: re.Pattern[str]
    weights_folder_url: re.Pattern[str]
    intermediate_checkpoints: re.Pattern[str]
    optimizer_states: re.Pattern[str]
    states_withheld: re.Pattern[str]


@cache
def link_cues() -> LinkCues:
    name = "data/links.yaml"
    text = resources.files("osaid.evidence").joinpath(name).read_text("utf-8")
    raw: dict[str, Any] = load_yaml(text, file=f"osaid/evidence/{name}").data
    try:
        return LinkCues(**{k: re.compile(raw[k], re.IGNORECASE) for k in LinkCues.__annotations__})
    except (KeyError, TypeError, re.error) as exc:
        raise DataError(f"osaid/evidence/{name}: {exc!r}") from exc


_HF_DATASET_FILE = re.compile(
    r"huggingface\.co/datasets/[^/\s]+/[^/\s]+/(?:blob|resolve|raw|tree)/[^/\s]+/(.+)$",
    re.IGNORECASE,
)
_IMAGE = re.compile(r"\.(png|jpe?g|gif|webp|svg|bmp|tiff?|mp4|wav|mp3)$", re.IGNORECASE)
_LICENSE_NAME = re.compile(r"(^|/)(licen[cs]e|copying)[^/]*$", re.IGNORECASE)


_CODE_HOST_DOCUMENT = re.compile(
    r"(github|gitlab)\.com/[^/]+/[^/]+/(-/)?blob/[^/]+/.+\.(md|rst|html?|txt)$", re.IGNORECASE
)
"""A page of a code repository (openai-python's chatml.md, which describes a chat format)."""


def classify_dataset_link(
    url: str, clause: str, sentence: str, section: str = ""
) -> tuple[str, str]:
    """What a link to a data host is, and the words that decided it.

    Roles: `training` (the text says the model was trained on it), `evaluation`, `example`
    (the data of a how-to: "By default, we use a small dataset from … to finetune"), `license-file`,
    `image`, `file` (a file inside a dataset repository), `test-fixture` (a repository of test
    or documentation files), `mention` (nothing says what it is for)."""
    cues = link_cues()
    file_match = _HF_DATASET_FILE.search(url)
    if file_match:
        inner = file_match.group(1)
        if _LICENSE_NAME.search(inner):
            return "license-file", f"a license file inside a dataset repository ({inner})"
        if _IMAGE.search(inner):
            return "image", f"an image inside a dataset repository ({inner})"
        return "file", f"a file inside a dataset repository ({inner}), not a listing of data"
    if cues.test_repositories.search(url):
        return "test-fixture", "a repository of test or documentation files"
    if _CODE_HOST_DOCUMENT.search(url):
        return "mention", "a document in a code repository, not data"
    example = cues.example_data.search(sentence)
    if example:
        return (
            "example",
            f"data for a how-to, not what the model was trained on ({example.group(0)!r})",
        )
    for text, where in ((clause, "clause"), (sentence, "sentence")):
        m = cues.evaluation.search(text)
        if m:
            return "evaluation", f"the {where} speaks of evaluation ({m.group(0)!r})"
        m = cues.training.search(text)
        if m:
            return "training", f"the {where} speaks of training ({m.group(0)!r})"
    if section and cues.evaluation_sections.search(section):
        return "evaluation", f"in the section {section!r}"
    software = cues.software.search(clause)
    if software:
        return "mention", f"the clause names software, not data ({software.group(0)!r})"
    if section and cues.training_sections.search(section):
        return "training", f"in the section {section!r}"
    return "mention", "nothing around the link says the model was trained on it"


def classify_paper_link(
    anchor: str,
    sentence: str,
    line: str,
    section: str = "",
    *,
    lead: str = "",
    names: Iterable[str] = (),
) -> tuple[str | None, str]:
    """("research-paper" | "technical-report", why) when the text attributes the paper to the
    release, else (None, why it counts only as a citation). `lead`: the sentence that
    introduces the code block a citation is in; `names`: the release's names (lower case)."""
    cues = link_cues()
    kind = (
        "technical-report"
        if cues.report_words.search(anchor) or cues.report_words.search(sentence[:80])
        else "research-paper"
    )
    m = cues.paper_cited.search(sentence)
    if m or re.match(r"^\s*(\[\d+\]|\d+\.)\s*:?", line):
        why = f"cited as other work ({m.group(0)!r})" if m else "an entry of a reference list"
        return None, why
    if cues.paper_anchor.fullmatch(anchor.strip(" []📄")):
        return kind, f"linked as {anchor.strip()!r}"
    low = anchor.lower()
    if cues.paper_anchor.search(low) and any(re.search(rf"\b{re.escape(n)}\b", low) for n in names):
        return kind, f"linked as the release's own ({anchor.strip()!r})"
    m = cues.paper_attributed.search(sentence)
    if m:
        return kind, f"the text says it describes this work ({m.group(0)!r})"
    if section and cues.citation_sections.search(section):
        other = cues.paper_cited_lead.search(lead)
        if other:
            return None, f"cited for another part in the section {section!r} ({other.group(0)!r})"
        return kind, f"in the section {section!r}"
    return None, "mentioned without saying it describes this release"


_HF_MODEL = re.compile(
    r"^https?://huggingface\.co/(?!datasets/|spaces/|docs/|blog/|papers/|collections/|join|login)"
    r"([\w.-]+/[\w.-]+)/?(?:tree/[\w.-]+/?)?$",
    re.IGNORECASE,
)


def hub_model_id(url: str) -> str | None:
    """The `org/name` of a Hugging Face model repository URL, else None."""
    m = _HF_MODEL.match(url)
    return m.group(1) if m else None


def weights_file_urls(text: str) -> list[str]:
    """The URLs in `text` that point at a weights file (`…/tiny.en.pt`, `…/sam_vit_h.pth`)."""
    cue = link_cues().weights_file_url
    urls = (m.group(0).rstrip(".,;:!?") for m in _ANY_URL.finditer(text))
    return [u for u in urls if cue.match(u)]


def is_parameters_link(
    link: Link, sentence: str, *, alone: bool = False, section: str = "", before: str = ""
) -> str | None:
    """Why a link points at published model parameters (a checkpoint, weights), or None.
    `alone`: the link is the only one in its sentence; `section`: the title it is under;
    `before`: the words just before it."""
    cues = link_cues()
    if link.image:
        return None
    words = f"{link.text} {sentence}"
    anchor = cues.parameters_anchor.search(link.text)
    if _HF_MODEL.match(link.url) and (anchor or cues.parameters_anchor.search(words)):
        return f"a Hugging Face model repository linked as {link.text or link.url!r}"
    if cues.parameters_sections.search(section):
        where = (
            "a Hugging Face model repository"
            if _HF_MODEL.match(link.url)
            else "an archive"
            if cues.archive_url.match(link.url)
            else "a folder of weights"
            if cues.weights_folder_url.match(link.url)
            else None
        )
        if where:
            return f"{where} listed under {section!r}"
    said = cues.hub_download.search(sentence) if _HF_MODEL.match(link.url) else None
    if said and not cues.base_model_column.search(sentence):
        return f"a Hugging Face model repository in a sentence that says {said.group(0)!r}"
    web = re.match(r"^https?://", link.url) is not None
    if anchor and web:
        return f"linked as {link.text!r}"
    said = cues.parameters_download.search(sentence) if alone and web else None
    if said:
        return f"the one link of a sentence that says {said.group(0)!r}"
    if cues.weights_file_url.match(link.url):
        return f"a link to a weights file ({link.url.rsplit('/', 1)[-1]})"
    said = cues.weights_available_at.search(before) if web else None
    if said:
        return f"linked where the text says {said.group(0).strip()!r}"
    return None
