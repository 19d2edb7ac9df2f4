"""What the links of a model card are evidence of: training data, papers, published weights.

Every link is classified by the words around it (`osaid.evidence.links`): only a dataset the
text says the model was trained on becomes a listing of training data; only a paper the text
attributes to the release becomes its research paper or technical report; only a link labelled
as a checkpoint or weights says where the parameters are published. The rest stays evidence
with its role (`evaluation`, `cited`, …) and the quote that decided it, so a reviewer sees why.
"""

from __future__ import annotations

import re
from typing import Any

from osaid.evidence.card import ModelCard, Section, excerpt, fenced_blocks
from osaid.evidence.links import (
    ARXIV_ID,
    ARXIV_TEXT,
    Link,
    classify_dataset_link,
    classify_paper_link,
    clause_around,
    extract_links,
    is_parameters_link,
    link_cues,
    sentence_around,
)
from osaid.sources.evidence import Evidence, EvidenceKind, Span
from osaid.sources.interface import ReleaseTree

__all__ = ["card_link_evidence", "line_evidence", "section_title", "training_dataset_refs"]

_HF_DATASET = re.compile(
    r"huggingface\.co/datasets/([A-Za-z0-9][\w.-]*)(?:/([A-Za-z0-9][\w.-]*))?", re.IGNORECASE
)
_HF_SUBPATHS = {"blob", "resolve", "raw", "tree", "viewer", "discussions", "commits"}
_DOI = re.compile(r"\b(?:doi\.org/|doi:\s*)(10\.\d{4,9}/[^\s)\]>\"']+)", re.IGNORECASE)
_LABELLED_DOC = re.compile(
    r"(technical report|tech report|paper|report|技术报告|论文)\s*[:：]\s*$", re.IGNORECASE
)


def line_evidence(
    card: ModelCard,
    tree: ReleaseTree,
    kind: EvidenceKind,
    how: str,
    line: int | None,
    data: dict[str, Any],
    component: str | None = None,
) -> Evidence:
    """Evidence about one line of the card, cited by its line."""
    return Evidence(
        kind=kind,
        path=card.path,
        how=how,
        component=component,
        span=Span.of_line(line),
        data=data,
        location=tree.location_of(card.path, line),
    )


def section_title(card: ModelCard, line: int) -> str:
    """The title of the innermost section that holds `line` ("" before the first heading)."""
    best: Section | None = None
    for s in card.sections:
        if s.start_line <= line <= s.end_line and (best is None or s.level >= best.level):
            best = s
    return best.title if best else ""


def _body_links(card: ModelCard) -> list[Link]:
    start = card.body_start_line
    return extract_links(list(card.lines[start - 1 :]), first_line=start)


def _dataset_id(url: str) -> str | None:
    m = _HF_DATASET.search(url)
    if m is None:
        return None
    first, second = m.group(1), m.group(2)
    ident = first if not second or second.lower() in _HF_SUBPATHS else f"{first}/{second}"
    return ident.rstrip(".,;:!?'\"`*_")


def training_dataset_refs(card: ModelCard) -> list[tuple[str, str, int, str, str]]:
    """(dataset id, url, line, role, why) for every Hugging Face dataset link of the card body."""
    out = []
    for link in _body_links(card):
        ident = _dataset_id(link.url)
        if ident is None or "/" not in ident and ident.lower() == "datasets":
            continue
        line = card.lines[link.line - 1]
        role, why = classify_dataset_link(
            link.url,
            clause_around(line, link.start, link.end),
            sentence_around(line, link.start, link.end),
            section_title(card, link.line),
        )
        out.append((ident, link.url, link.line, role, why))
    return out


def card_link_evidence(card: ModelCard, tree: ReleaseTree) -> list[Evidence]:
    """Dataset references, papers and parameter links of the card, each with its role."""
    out: list[Evidence] = []
    seen: set[str] = set()
    for dataset, line in card.datasets:
        seen.add(dataset.lower())
        out.append(
            line_evidence(
                card,
                tree,
                EvidenceKind.DATASET_REFERENCE,
                "`datasets:` in the model card front matter (the Hub's field for training data)",
                line,
                {
                    "dataset": dataset,
                    "source": "front-matter",
                    "role": "training",
                    "url": f"https://huggingface.co/datasets/{dataset}",
                },
                "datasets",
            )
        )
    for ident, url, line, role, why in training_dataset_refs(card):
        key = f"{ident.lower()}|{role}"
        if ident.lower() in seen or key in seen:
            continue
        seen.add(key)
        if role == "training":
            seen.add(ident.lower())
        out.append(
            line_evidence(
                card,
                tree,
                EvidenceKind.DATASET_REFERENCE,
                f"huggingface.co/datasets link in the model card: {role} ({why})",
                line,
                {
                    "dataset": ident,
                    "source": "link",
                    "role": role,
                    "why": why,
                    "url": url,
                    "quote": excerpt(card.lines[line - 1]),
                },
                "datasets" if role == "training" else None,
            )
        )
    out.extend(_paper_evidence(card, tree))
    out.extend(_parameter_links(card, tree))
    out.extend(_training_states(card, tree))
    return out


def _paper_mentions(card: ModelCard) -> list[tuple[str, dict[str, str], Link | None, int]]:
    """(key, ids, link or None, line) for every arXiv id or DOI in the card body: links, and
    ids written in the text (`arXiv:2212.07143`, `doi:10.…`, BibTeX entries)."""
    out: list[tuple[str, dict[str, str], Link | None, int]] = []
    links = _body_links(card)
    for link in links:
        ident = ARXIV_ID.search(link.url)
        doi = _DOI.search(link.url)
        line = card.lines[link.line - 1]
        if ident is not None:
            key = ident.group(1) or ident.group(2)
            out.append(
                (key, {"arxiv": key, "url": f"https://arxiv.org/abs/{key}"}, link, link.line)
            )
        elif doi is not None:
            key = doi.group(1).rstrip(".,;:")
            out.append((key, {"doi": key, "url": f"https://doi.org/{key}"}, link, link.line))
        elif _LABELLED_DOC.search(line[: link.start]) and not link.image:
            out.append((link.url, {"url": link.url}, link, link.line))
    spans = {(lk.line, lk.start, lk.end) for lk in links}
    for n in range(card.body_start_line, len(card.lines) + 1):
        line = card.lines[n - 1]
        for m in (*ARXIV_TEXT.finditer(line), *_DOI.finditer(line)):
            if any(ln == n and a <= m.start() < b for ln, a, b in spans):
                continue
            if m.re is _DOI:
                key = m.group(1).rstrip(".,;:")
                out.append((key, {"doi": key, "url": f"https://doi.org/{key}"}, None, n))
            else:
                key = m.group(1) or m.group(2)
                out.append((key, {"arxiv": key, "url": f"https://arxiv.org/abs/{key}"}, None, n))
    return out


def release_names(card: ModelCard) -> list[str]:
    """The release's short name, lower case, from the card's first top-level heading
    ("Pythia: Interpreting Transformers Across Time and Scale" is "pythia")."""
    top = next((s for s in card.sections if s.level == 1), None)
    if top is None:
        return []
    short = re.split(r"\s*(?::|\s-\s|\s—\s|\()", top.title, maxsplit=1)[0].strip()
    return [short.lower()] if 0 < len(short.split()) <= 3 else []


def _block_leads(card: ModelCard) -> dict[int, str]:
    """For each (1-based) line inside a fenced code block, the prose line just before it."""
    out: dict[int, str] = {}
    blocks = fenced_blocks(card.lines)
    code = {i for a, b in blocks for i in range(a, b + 1)}
    for opening, closing in blocks:
        prose = (card.lines[i].strip() for i in range(opening - 1, -1, -1) if i not in code)
        lead = next((ln for ln in prose if ln), "")
        out.update(dict.fromkeys(range(opening + 2, closing + 1), lead))
    return out


_LABEL_QUALIFIER = re.compile(r"([\w][\w .+-]{0,40}?)\s*$")
_OWN_WORDS = frozenset(
    {"our", "the", "this", "full", "main", "arxiv", "accompanying", "associated"}
)
"""Words before "paper:" that say it is the release's own ("Read our paper:")."""


def _labelled_for_another(before: str, label: re.Match[str], names: list[str]) -> str | None:
    """The name a label puts before "paper:" when it is another release's ("SAM 2 paper:" in
    facebookresearch/segment-anything's note about SAM 2), else None."""
    head = re.split(r"[.;:,(]\s|[|•]", before[: label.start()])[-1]
    head = re.sub(r"^[\s*#>+-]*", "", re.sub(r"[*_`\[\]]", "", head))
    m = _LABEL_QUALIFIER.search(head)
    qualifier = m.group(1).strip() if m else ""
    low = qualifier.lower()
    if not qualifier or low.split()[-1] in _OWN_WORDS or not names:
        return None
    if any(n in low or low in n for n in names):
        return None
    return qualifier


def _paper_evidence(card: ModelCard, tree: ReleaseTree) -> list[Evidence]:
    best: dict[str, Evidence] = {}
    names = release_names(card)
    leads = _block_leads(card)
    for key, ids, link, n in _paper_mentions(card):
        line = card.lines[n - 1]
        start, end = (link.start, link.end) if link else (0, len(line))
        sentence = sentence_around(line, start, end) if link else line.strip()
        labelled = _LABELLED_DOC.search(line[:start]) if link else None
        other = _labelled_for_another(line[:start], labelled, names) if labelled else None
        kind: str | None
        if other is not None:
            kind, why = None, f"labelled as another release's ({other!r})"
        elif labelled is not None:
            word = labelled.group(1).lower()
            kind = "technical-report" if "report" in word or "报告" in word else "research-paper"
            why = f"labelled {labelled.group(0).strip()!r}"
        else:
            kind, why = classify_paper_link(
                link.text if link else "",
                sentence,
                line,
                section_title(card, n),
                lead=leads.get(n, ""),
                names=names,
            )
        ev = line_evidence(
            card,
            tree,
            EvidenceKind.PAPER,
            f"{kind.replace('-', ' ')} of the release: {why}" if kind else f"cited: {why}",
            n,
            {**ids, "attributed": kind is not None, "why": why, "quote": excerpt(sentence)},
            kind,
        )
        previous = best.get(key)
        if previous is None or (previous.component is None and kind is not None):
            best[key] = ev
    for ref in card.refs("arxiv") + card.refs("doi"):
        if (ref.line is None or ref.line < card.body_start_line) and ref.id not in best:
            best[ref.id] = Evidence(
                kind=EvidenceKind.PAPER,
                path=card.path,
                how="cited: in the repository's tags only (the Hub tags papers a card links to)",
                component=None,
                data={ref.kind: ref.id, "url": ref.url, "attributed": False},
                location=ref.url,
            )
    return list(best.values())


def _parameter_links(card: ModelCard, tree: ReleaseTree) -> list[Evidence]:
    out: list[Evidence] = []
    seen: set[str] = set()
    links = _body_links(card)
    by_line: dict[int, list[Link]] = {}
    for link in links:
        by_line.setdefault(link.line, []).append(link)
    for link in links:
        if link.url in seen:
            continue
        line = card.lines[link.line - 1]
        context = sentence_around(line, link.start, link.end)
        alone = not any(
            o is not link and sentence_around(line, o.start, o.end) == context
            for o in by_line[link.line]
        )
        if line.lstrip().startswith("|"):
            column = card.column_header(link.line, link.start) or ""
            if link_cues().base_model_column.search(column):
                continue
            context = f"{line} {card.table_header(link.line) or ''}"  # a table row: its header
            alone = False
        why = is_parameters_link(
            link,
            context,
            alone=alone,
            section=section_title(card, link.line).strip(),
            before=line[max(0, link.start - 80) : link.start],
        )
        if why is None:
            continue
        seen.add(link.url)
        out.append(
            line_evidence(
                card,
                tree,
                EvidenceKind.PARAMETERS_LINK,
                f"link to published parameters in the model card: {why}",
                link.line,
                {"url": link.url, "text": link.text, "quote": excerpt(line.strip())},
            )
        )
    return out


_NOT_PROSE = re.compile(r"^\s*([#|>*+-]|\d+\.\s|```|~~~|<)")


def _wrapped(card: ModelCard, n: int) -> str:
    """Line `n` with the next one when it continues the same paragraph (a sentence wrapped in
    the source: "we release all intermediate / model checkpoints", LLM360/amber-train)."""
    line = card.lines[n - 1]
    after = card.lines[n] if n < len(card.lines) else ""
    if line.strip() and after.strip() and not _NOT_PROSE.match(after):
        return f"{line.rstrip()} {after.strip()}"
    return line


def _training_states(card: ModelCard, tree: ReleaseTree) -> list[Evidence]:
    """The card's first sentence saying the intermediate checkpoints, and the first saying
    the optimizer states, are published (EleutherAI/pythia: "the 154 checkpoints we released
    for our 12B parameter models"; "final-step checkpoints+optimizer states downloadable from
    the Hugging Face Hub"). They are published where the weights are."""
    cues = link_cues()
    out: list[Evidence] = []
    for role, pattern in (
        ("intermediate", cues.intermediate_checkpoints),
        ("optimizer", cues.optimizer_states),
    ):
        for n in range(card.body_start_line, len(card.lines) + 1):
            line = _wrapped(card, n)
            m = pattern.search(line)
            if m is None or cues.states_withheld.search(sentence_around(line, *m.span())):
                continue
            out.append(
                line_evidence(
                    card,
                    tree,
                    EvidenceKind.PARAMETERS_LINK,
                    f"the model card says they are published: {m.group(0)!r}",
                    n,
                    {"role": role, "quote": excerpt(sentence_around(line, *m.span()))},
                )
            )
            break
    return out
