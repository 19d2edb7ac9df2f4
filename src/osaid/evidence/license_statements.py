"""License statements in a model card's prose: which license it says applies to what.

Model cards and READMEs say in words what their license files say by name: "All code in this
repository is licensed under the Apache License 2.0", "Fine-tuned checkpoints are licensed
under CC BY-NC-SA-4.0", "The use of ChatGLM-6B model weights is subject to the [Model
License](MODEL_LICENSE)", a badge `![Weight Diff License](…CC%20By%20NC%204.0…)`, a table
with a License column. Each statement becomes `declared-license` evidence with:

* `applies_to`: the parts it names (`parameters`, `code`, `data`, `documentation`, or
  `release` when it names only the repository);
* the license, resolved in this order: a link to a license file of the release (its
  identified text), a license URL (creativecommons.org, apache.org, opensource.org, spdx.org,
  choosealicense …), then the name as written;
* the sentence, quoted, with its line.

Only lines that speak of licensing are read, and nothing is guessed: a statement whose license
cannot be resolved keeps its quote and no license.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from functools import cache
from urllib.parse import unquote

from osaid.evidence.card import ModelCard, Section, excerpt
from osaid.evidence.card_refs import section_title
from osaid.evidence.license_scope import LicenseHit, LicenseRole
from osaid.evidence.links import Link, clause_around, extract_links, sentence_around
from osaid.licenses.knowledge import knowledge
from osaid.sources.evidence import Evidence, EvidenceKind, Span
from osaid.sources.interface import ReleaseTree

__all__ = [
    "LocalLicense",
    "code_license_statement",
    "license_from_name",
    "license_from_url",
    "license_statements",
]

_CUE = re.compile(
    r"licen[cs]|released under|available under|subject to|falls under|distributed under|"
    r"model agreement|creativecommons\.org|许可|协议",
    re.IGNORECASE,
)
_WEIGHTS_EXTENSIONS = "tar|safetensors|gguf|ckpt|pth?"
"""Extensions of the weights files a statement may name ("mistral-large-instruct-2407.tar")."""
_SUBJECTS: tuple[tuple[LicenseRole, re.Pattern[str]], ...] = (
    (
        LicenseRole.PARAMETERS,
        re.compile(
            r"\b(weights?|weight diffs?|delta weights|checkpoints?|parameters|model licen[cs]e|"
            r"model agreement|models?(?! (code|implementation|card|architecture|cards)))\b|"
            # A model named by its size ("Qwen-72B", "Llama-2-7b", "1.8B") or a weights file
            # ("mistral-large-instruct-2407.tar").
            rf"\b\d+(?:\.\d+)?[bm]\b|\w\.({_WEIGHTS_EXTENSIONS})\b|模型|权重",
            re.IGNORECASE,
        ),
    ),
    (
        LicenseRole.CODE,
        re.compile(r"\b(code|codebase|source|scripts?|software|implementation)\b|代码", re.I),
    ),
    (LicenseRole.DATA, re.compile(r"\b(data|datasets?|corpus|corpora)\b|数据", re.IGNORECASE)),
    (LicenseRole.DOCUMENTATION, re.compile(r"\b(documentation|docs)\b", re.IGNORECASE)),
)
_REPOSITORY = re.compile(r"\b(repository|repo|project)\b|仓库", re.IGNORECASE)
_NAME_START = re.compile(
    r"\b(Apache|MIT|BSD|GPL|LGPL|AGPL|MPL|CC[- ]BY|CC0|Creative Commons|OpenRAIL|CreativeML|"
    r"BigScience|BigCode|Llama|LLaMA|Gemma|Qwen|Tongyi|DeepSeek|Falcon|Mistral|OpenMDW|"
    r"Stability|FLUX|ChatGLM)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\s,;:()\]\[]+(?:\s*\[[^\]]*\])?")
_NAME_WORDS = 8
"""Longest license name tried after a name's first word."""
_CC = re.compile(
    r"creativecommons\.org/(licenses/(by(?:-nc)?(?:-sa|-nd)?)/(\d\.\d)|publicdomain/zero/1\.0)",
    re.IGNORECASE,
)
_URL_ID = re.compile(
    r"(?:opensource\.org/licenses?|spdx\.org/licenses|choosealicense\.com/licenses|"
    r"choosealicense/licenses/(?:blob|resolve)/[\w.-]+/markdown)/([\w.+-]+?)(?:\.html|\.md|/)?$",
    re.IGNORECASE,
)
_BLOB = re.compile(r"github\.com/[^/]+/[^/]+/(?:blob|raw)/[^/]+/(.+)$", re.IGNORECASE)
_BADGE = re.compile(r"img\.shields\.io/badge/([^?#]+)", re.IGNORECASE)


def license_from_name(text: str) -> str | None:
    """The canonical expression for a license named in prose ("CC BY NC 4.0", "the Apache
    License 2.0", "Apache-2.0 License"), or None."""
    kb = knowledge()
    base = " ".join(text.replace("`", "").replace("*", "").split()).strip(" .,;:()[]\"'")
    base = re.sub(r"^(the|a)\s+", "", base, flags=re.IGNORECASE)
    variants = [base]
    # An abbreviation in brackets: "Mistral AI Non-Production (MNPL) License".
    bare = " ".join(re.sub(r"\([^()]{1,12}\)", " ", base).split())
    if bare and bare != base:
        variants.append(bare)
    variants.extend(
        base[: -len(suffix)]
        for suffix in (" license", " licence", " license agreement")
        if base.lower().endswith(suffix)
    )
    variants += [re.sub(r"[\s_]+", "-", v) for v in list(variants)]
    for variant in variants:
        if not variant:
            continue
        expression, _ = kb.lookup_name(variant)
        if expression and expression not in ("NOASSERTION", "NONE"):
            return expression
    return None


def license_from_url(url: str) -> str | None:
    """The license a well-known license URL names, or None."""
    own = _catalog_urls().get(_url_key(url))
    if own is not None:
        return own
    cc = _CC.search(url)
    if cc:
        if cc.group(1).lower().startswith("publicdomain"):
            return "CC0-1.0"
        return f"CC-{cc.group(2).upper()}-{cc.group(3)}"
    if re.search(r"apache\.org/licenses/LICENSE-2\.0", url, re.IGNORECASE):
        return "Apache-2.0"
    m = _URL_ID.search(url)
    if m:
        return license_from_name(m.group(1))
    m = _BADGE.search(url)
    if m:
        parts = unquote(m.group(1)).replace("--", "\0").split("-")
        if len(parts) >= 2:
            return license_from_name(parts[-2].replace("\0", "-").replace("_", " "))
    return None


def _url_key(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url.strip().lower()).rstrip("/")


@cache
def _catalog_urls() -> dict[str, str]:
    """The catalog's licenses by the URL each is published at (mistral.ai/licenses/MNPL-0.1.md
    is the Mistral AI Non-Production License)."""
    return {_url_key(lic.url): str(lic.id) for lic in knowledge().catalog.values() if lic.url}


_SIZE = re.compile(r"\d+(?:[._]\d+)?[bm](?![a-z0-9])")


_WEIGHTS_FILE = re.compile(rf"^(.+?)\.({_WEIGHTS_EXTENSIONS})$")


def named_models(sentence: str) -> list[str]:
    """The models a sentence names by their size or by a weights file, each as the letters
    and digits of its name up to the size or the extension ("Qwen-1.8B" is ``qwen18b``,
    "`codestral-22B-v0.1.tar`" ``codestral22b``, "mistral-large-instruct-2407.tar"
    ``mistrallargeinstruct2407``)."""
    out: list[str] = []
    for token in re.split(r"[\s,;:()\[\]`*\"']+", sentence.lower()):
        m = _SIZE.search(token)
        file = _WEIGHTS_FILE.match(token)
        name = token[: m.end()] if m else file.group(1) if file else ""
        stem = re.sub(r"[^a-z0-9]", "", name)
        if stem and stem not in out:
            out.append(stem)
    return out


def _names_in(line: str) -> list[tuple[str, int, int]]:
    """License names written out in a line: (expression, start, end), the longest name that
    resolves at each place a license name can start."""
    out: list[tuple[str, int, int]] = []
    end = 0
    for m in _NAME_START.finditer(line):
        if m.start() < end:
            continue
        words = list(_WORD.finditer(line, m.start()))[:_NAME_WORDS]
        for n in range(len(words), 0, -1):
            text = line[m.start() : words[n - 1].end()]
            expression = license_from_name(text)
            if expression:
                end = words[n - 1].end()
                out.append((expression, m.start(), end))
                break
    return out


def _subjects(text: str) -> list[LicenseRole]:
    found = [role for role, pattern in _SUBJECTS if pattern.search(text)]
    if not found and _REPOSITORY.search(text):
        found = [LicenseRole.RELEASE]
    return found


_LEAD = re.compile(
    r"\b(following|below)\b.{0,40}\blicen[cs]e|\blicen[cs]e\b.{0,40}\b(below|following)\b", re.I
)


_LICENSE_FIELD = re.compile(r"^\s*(?:[-*+]\s+)?\**\s*licen[cs]e\s*\**\s*[:：]", re.IGNORECASE)
_MODEL_SECTION = re.compile(
    r"\bmodel\s+(description|details|summary|information|overview|card)\b|^model$|模型(介绍|信息)",
    re.IGNORECASE,
)


def _model_field(card: ModelCard, n: int, line: str) -> bool:
    """Whether line `n` is the "License:" field of the model's description: "- **License:**
    Apache 2.0" under "Model Description" (Hugging Face's model card template; LLM360/Amber)."""
    return bool(_LICENSE_FIELD.match(line)) and bool(
        _MODEL_SECTION.search(section_title(card, n).strip())
    )


def _lead_subjects(card: ModelCard, section: Section) -> list[LicenseRole]:
    """What a License section's opening sentence says the license below it applies to:
    "The following license applies to all code in this GitHub repo, as well as the Pythia
    models" (EleutherAI/pythia), for the notice quoted after it, which names no part."""
    lead: list[str] = []
    for line in card.lines[section.start_line : section.end_line]:
        if line.strip().startswith(("```", "~~~", "    ")) and lead:
            break
        if line.strip():
            lead.append(line.strip())
    text = " ".join(lead)
    return _subjects(text) if _LEAD.search(text) else []


_LICENSE_DOCUMENT = re.compile(r"licen[cs]e|agreement|许可|协议", re.IGNORECASE)


def _names_a_license(link: Link) -> bool:
    """A link whose anchor names a license document (not a badge, not a bare URL)."""
    return not link.image and bool(link.text) and bool(_LICENSE_DOCUMENT.search(link.text))


LocalLicense = Callable[[str], tuple[str | None, tuple[str, ...], str] | None]
"""Resolves a path of the release to (expression, candidates, path) of its license file."""


def _resolve(link: Link, local: LocalLicense) -> tuple[str | None, tuple[str, ...], str] | None:
    for url in (link.target, link.url) if link.target else (link.url,):
        if url is None:
            continue
        blob = _BLOB.search(url)
        path = blob.group(1) if blob else url
        if not re.match(r"^[a-z]+://", path):
            # A relative link is URL-encoded ("Tongyi%20Qianwen%20LICENSE%20AGREEMENT").
            hit = local(posixpath.normpath(unquote(path.split("#")[0]).lstrip("./")))
            if hit is not None:
                return hit
        by_url = license_from_url(url)
        # A license URL counts when the link is the license's name ("[CC BY-SA-4.0](…)", a
        # badge, a bare URL), not when it explains a term ("you must give [credit](…)").
        if by_url and (
            link.image
            or not link.text
            or "licen" in link.text.lower()
            or license_from_name(link.text)
        ):
            return by_url, (), url
    by_name = license_from_name(link.text) if link.text else None
    if by_name and not link.image:
        return by_name, (), "name"
    return None


def license_statements(card: ModelCard, tree: ReleaseTree, local: LocalLicense) -> list[Evidence]:
    """Every licensing statement of the card body, with what it applies to."""
    out: list[Evidence] = []
    start = card.body_start_line
    links = extract_links(list(card.lines[start - 1 :]), first_line=start)
    by_line: dict[int, list[Link]] = {}
    for link in links:
        by_line.setdefault(link.line, []).append(link)
    section = card.license_section
    hub_card = card.front_matter_span is not None
    lead = _lead_subjects(card, section) if section is not None else []
    for n in range(start, len(card.lines) + 1):
        line = card.lines[n - 1]
        in_license_section = section is not None and section.start_line < n <= section.end_line
        if not _CUE.search(line) and not in_license_section:
            continue
        is_row = line.lstrip().startswith("|")
        header = card.table_header(n) if is_row else None
        found: list[tuple[str | None, tuple[str, ...], str, str, list[LicenseRole]]] = []
        used: list[tuple[int, int]] = []
        for link in by_line.get(n, []):
            hit = _resolve(link, local)
            if hit is None and _names_a_license(link):
                # A license document osaid does not know ("《Baichuan 2 模型社区许可协议》", a PDF on
                # the Hub): its terms are to be read, never assumed to be the others'.
                hit = (None, (), link.url)
            if hit is None:
                continue
            sentence = line.strip() if is_row else sentence_around(line, link.start, link.end)
            if link.image:
                subjects = _subjects(link.text)
            else:
                # The clause first: one sentence may give the code's and the weights' licenses.
                clause = clause_around(line, link.start, link.end)
                subjects = _subjects(f"{link.text} {clause}") or _subjects(
                    f"{sentence} {header or ''}"
                )
            if is_row and header and re.search(r"licen[cs]e", header, re.IGNORECASE):
                subjects = subjects or [LicenseRole.PARAMETERS]
            found.append((*hit, sentence, subjects))
            used.append((link.start, link.end))
        if not is_row:
            for named, a, b in _names_in(line):
                if any(x <= a < y for x, y in used):
                    continue
                sentence = sentence_around(line, a, b)
                clause = clause_around(line, a, b)
                subjects = _subjects(clause) or _subjects(sentence)
                found.append((named, (), "name", sentence, subjects))
        for expression, candidates, via, sentence, subjects in found:
            if not subjects and in_license_section and lead:
                subjects = lead
            if not subjects and _model_field(card, n, line):
                subjects = [LicenseRole.PARAMETERS, LicenseRole.RELEASE]
            if not subjects and in_license_section and hub_card:
                # A bare license in a Hub model card's License section is the model's.
                subjects = [LicenseRole.PARAMETERS, LicenseRole.RELEASE]
            data: dict[str, object] = {
                "source": "statement",
                "license": expression,
                "license_candidates": list(candidates),
                "applies_to": [s.value for s in subjects] or [LicenseRole.RELEASE.value],
                "via": via,
                "quote": excerpt(sentence),
            }
            models = named_models(sentence) if LicenseRole.PARAMETERS in subjects else []
            if models:
                data["models"] = models  # the statement is about these models only
            out.append(
                Evidence(
                    kind=EvidenceKind.DECLARED_LICENSE,
                    path=card.path,
                    how="license statement in the model card"
                    + (f" (via {via})" if via != "name" else ""),
                    span=Span(start_line=n, end_line=n),
                    data=data,
                    location=tree.location_of(card.path, n),
                )
            )
    return out


_CREDIT = re.compile(
    r"\b(based (on|off)|derived from|adapted from|forked from|borrowed from|modified from|"
    r"written by|originally|inspired by|built (on|upon|with))\b|基于|参考",
    re.IGNORECASE,
)
"""A sentence that credits code the release builds on: the license it names is that code's."""


def code_license_statement(evidence: Iterable[Evidence]) -> LicenseHit | None:
    """The license the model card says the release's own code is under, or None.

    It is for code no license file covers: THUDM/ChatGLM2-6B has no LICENSE file, and its
    README says "本仓库的代码依照 Apache-2.0 协议开源" (the code of this repository is under
    Apache-2.0). Only statements of the card at the release root that name the code and
    resolve to a license exactly count, those naming the code alone first; one that credits
    other code ("based off code written by NVIDIA that is licensed under …") does not.
    Statements that disagree are each a candidate, for review."""
    stated = [
        e
        for e in evidence
        if e.kind is EvidenceKind.DECLARED_LICENSE
        and e.data.get("source") == "statement"
        and "/" not in e.path
        and LicenseRole.CODE.value in (e.data.get("applies_to") or [])
        and e.data.get("license")
        and not _CREDIT.search(str(e.data.get("quote") or ""))
    ]
    alone = [e for e in stated if e.data["applies_to"] == [LicenseRole.CODE.value]]
    chosen = alone or stated
    if not chosen:
        return None
    licenses = list(dict.fromkeys(str(e.data["license"]) for e in chosen))
    where = tuple(dict.fromkeys(e.location or e.path for e in chosen))
    if len(licenses) == 1:
        return LicenseHit(licenses[0], (), where)
    return LicenseHit(None, tuple(licenses), where, note="the card's statements disagree")
