"""Evidence from the model card: the card itself, its declared license, base models and
evaluation results (what its links are evidence of: `osaid.evidence.card_refs`)."""

from __future__ import annotations

from osaid.evidence.card import ModelCard, excerpt, find_card, parse_card, string_list
from osaid.evidence.card_refs import card_link_evidence, line_evidence
from osaid.evidence.scale import token_evidence
from osaid.sources.evidence import Detector, Evidence, EvidenceKind, Span
from osaid.sources.interface import FileEntry, ReleaseTree, SourceError

__all__ = ["MIN_CARD_LINES", "CardDetector", "all_card_evidence", "card_evidence", "read_card"]


def read_card(tree: ReleaseTree, files: list[FileEntry]) -> tuple[ModelCard | None, list[Evidence]]:
    """The parsed card at the release root (with the Hub's tags when the tree has them), or
    None and the evidence of why it could not be read."""
    entry = find_card(files)
    if entry is None:
        return None, []
    try:
        text = tree.read_text(entry.path)
    except SourceError as exc:
        return None, [
            Evidence(
                kind=EvidenceKind.MODEL_CARD,
                path=entry.path,
                how=f"file name {entry.path} at the release root; not readable: {exc}",
                component="model-card",
                data={"readable": False},
                location=tree.url_for(entry.path),
            )
        ]
    if text is None:
        return None, []
    hub_tags = tree.info.metadata.get("tags") if isinstance(tree.info.metadata, dict) else None
    return parse_card(text, entry.path, tags=string_list(hub_tags)), []


MIN_CARD_LINES = 3
"""A README with fewer lines of text than this (headings and badges aside) is no model card."""


def _content_lines(card: ModelCard) -> int:
    body = card.lines[card.body_start_line - 1 :]
    return sum(
        1
        for line in body
        if line.strip() and not line.lstrip().startswith(("#", "<img", "![", "[!["))
    )


def card_evidence(card: ModelCard, tree: ReleaseTree) -> list[Evidence]:
    """The evidence a parsed card gives (see `CardDetector`)."""
    path = card.path
    out: list[Evidence] = []
    n_lines = len(card.lines)
    substantive = card.front_matter_span is not None or _content_lines(card) >= MIN_CARD_LINES
    out.append(
        Evidence(
            kind=EvidenceKind.MODEL_CARD,
            path=path,
            how=f"file name {path} at the release root"
            + ("" if substantive else "; only a title, not a model card"),
            component="model-card" if substantive else None,
            span=Span(start_line=1, end_line=n_lines),
            data={
                "readable": True,
                "substantive": substantive,
                "has_front_matter": card.front_matter_span is not None,
                "front_matter_fallback": card.front_matter_fallback,
                "notes": list(card.notes),
                "sections": [s.title for s in card.sections],
                "library_name": card.library_name,
                "pipeline_tag": card.pipeline_tag,
                "language": list(card.language),
                "tags": list(card.tags),
                "new_version": card.new_version,
                "gated": bool(card.gating),
                "gating": card.gating,
                "github_repos": [r.id for r in card.refs("github")],
                "body_lines": max(0, n_lines - card.body_start_line + 1),
            },
            location=tree.url_for(path),
        )
    )
    how_fm = "model card front matter" + (
        " (malformed YAML; read from the `key: value` line)" if card.front_matter_fallback else ""
    )
    if card.license is not None or card.license_name or card.license_link:
        line = card.field_lines.get("license") or card.field_lines.get("license_name")
        out.append(
            line_evidence(
                card,
                tree,
                EvidenceKind.DECLARED_LICENSE,
                f"`license:` in the {how_fm}",
                line,
                {
                    "license": list(card.license)
                    if isinstance(card.license, tuple)
                    else card.license,
                    "license_name": card.license_name,
                    "license_link": card.license_link,
                    "source": "front-matter",
                },
            )
        )
    section = card.license_section
    if section is not None:
        out.append(
            Evidence(
                kind=EvidenceKind.DECLARED_LICENSE,
                path=path,
                how=f'"{section.title}" section of the model card',
                span=section.span,
                data={
                    "license": None,
                    "source": "license-section",
                    "text": excerpt(card.section_text(section)),
                },
                location=tree.location_of(path, section.start_line),
            )
        )
    for base, line in card.base_models:
        out.append(
            line_evidence(
                card,
                tree,
                EvidenceKind.BASE_MODEL,
                f"`base_model:` in the {how_fm}",
                line,
                {"base_model": base, "relation": card.base_model_relation},
            )
        )
    out.extend(
        line_evidence(
            card,
            tree,
            EvidenceKind.EVAL_RESULTS,
            "`model-index` in the model card front matter",
            result.line,
            {
                "model": result.model,
                "task": result.task_type or result.task_name,
                "dataset": result.dataset_type or result.dataset_name,
                "dataset_name": result.dataset_name,
                "split": result.dataset_split,
                "metric": result.metric_type or result.metric_name,
                "metric_name": result.metric_name,
                "value": result.value,
                "verified": result.verified,
                "source_url": result.source_url,
            },
            "evaluation-results",
        )
        for result in card.eval_results
    )
    return out


def all_card_evidence(card: ModelCard, tree: ReleaseTree) -> list[Evidence]:
    """Everything the card says: its fields, its links, its training-scale sentences."""
    return card_evidence(card, tree) + card_link_evidence(card, tree) + token_evidence(card, tree)


class CardDetector(Detector):
    """Evidence from the model card at the release root, its links classified."""

    name = "model-card"

    def detect(self, tree: ReleaseTree, files: list[FileEntry]) -> list[Evidence]:
        card, problems = read_card(tree, files)
        if card is None:
            return problems
        return all_card_evidence(card, tree)
