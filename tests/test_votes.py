"""The vote tally must reproduce OSI's "Recommendations summary 2/21/24" exactly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from osaid.cli.main import app
from osaid.errors import InputError
from osaid.freedoms import Freedom
from osaid.votes.tally import Tier, parse_votes, read_votes, tally, tier_for
from osaid_testkit import seed_summary

ROOT = Path(__file__).resolve().parents[1]
NET_VOTES = ROOT / "src/osaid/examples/osi-net-votes-2024-02-21.csv"


def test_osi_net_votes_give_the_2_21_24_tiers(data_dir: Path) -> None:
    expected = seed_summary(data_dir)
    assert len(expected) == 18
    votes, _ = read_votes(NET_VOTES)
    result = tally(votes, mu=9.5)
    got = {c.component: c.tier for c in result.components}
    assert got == expected


def test_computed_mean_and_override() -> None:
    votes, _ = read_votes(NET_VOTES)
    assert tally(votes).mu_computed == pytest.approx(189 / 18)
    assert tally(votes, mu=9.5).mu == 9.5


def test_net_totals_match_the_published_totals(data_dir: Path) -> None:
    published = {}
    for line in (data_dir / "osi/net-votes-2024-02-21.md").read_text().splitlines():
        m = re.fullmatch(r"\| ([A-Z][^|]+?) \| (−?\d+) \|.*", line)
        if m:
            published[m.group(1)] = int(m.group(2).replace("−", "-"))
    votes, _ = read_votes(NET_VOTES)
    totals = {c.component: c.total for c in tally(votes).components}
    assert totals == {k: v for k, v in published.items() if k in totals}
    assert len(totals) == 18


@pytest.mark.parametrize(
    ("total", "tier"),
    [
        (19, Tier.REQUIRED),
        (18.9, Tier.LIKELY_REQUIRED),
        (9.5, Tier.LIKELY_REQUIRED),
        (4.75, Tier.MAYBE),
        (4.7, Tier.LIKELY_NOT_REQUIRED),
        (0.1, Tier.LIKELY_NOT_REQUIRED),
        (0, Tier.NOT_REQUIRED),
        (-3, Tier.NOT_REQUIRED),
    ],
)
def test_tier_boundaries(total: float, tier: Tier) -> None:
    assert tier_for(total, 9.5) is tier


def _ballots_from_net(votes: dict[str, dict[Freedom, int]]) -> str:
    """Expand net counts into individual ballots (one reviewer per vote)."""
    lines = ["system,reviewer,component,freedom,vote"]
    for component, by_freedom in votes.items():
        for freedom, net in by_freedom.items():
            sign = "+1" if net > 0 else "-1"
            lines.extend(
                f'Pythia,r{i},"{component}",{freedom.value},{sign}' for i in range(abs(net))
            )
            # a cancelling pair, to show that ballots are netted
            lines.append(f'Llama 2,x1,"{component}",{freedom.value},+1')
            lines.append(f'Llama 2,x2,"{component}",{freedom.value},-1')
    return "\n".join(lines) + "\n"


def test_ballots_give_the_same_tally_as_net_counts() -> None:
    net, _ = read_votes(NET_VOTES)
    votes, ballots = parse_votes(_ballots_from_net(net), file="ballots.csv")
    assert votes == net
    assert ballots > 300
    assert [c.tier for c in tally(votes, mu=9.5).components] == [
        c.tier for c in tally(net, mu=9.5).components
    ]


def test_duplicate_ballot_is_rejected_with_its_line() -> None:
    text = (
        "system,reviewer,component,freedom,vote\nA,r1,Datasets,study,+1\nA,r1,Datasets,study,-1\n"
    )
    with pytest.raises(InputError) as err:
        parse_votes(text, file="b.csv")
    assert err.value.line == 3 and err.value.field == "vote"


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("component,study,use,modify,share\nDatasets,1,x,0,0\n", 2, "use"),
        ("system,reviewer,component,freedom,vote\nA,r,Datasets,run,+1\n", 2, "freedom"),
        ("system,reviewer,component,freedom,vote\nA,r,Datasets,use,+2\n", 2, "vote"),
        ("name,votes\nx,1\n", 1, None),
    ],
)
def test_bad_vote_files(text: str, line: int, field: str | None) -> None:
    with pytest.raises(InputError) as err:
        parse_votes(text, file="v.csv")
    assert (err.value.line, err.value.field) == (line, field)


def test_cli_json_shape(data_dir: Path) -> None:
    result = CliRunner().invoke(
        app, ["votes", "tally", str(NET_VOTES), "--mu", "9.5", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["mu"] == 9.5
    tiers = {c["component"]: c["tier"] for c in data["components"]}
    assert tiers == {k: v.value for k, v in seed_summary(data_dir).items()}
    assert {"component", "total", "tier"} <= set(data["components"][0])


def test_rubric_needs_a_positive_mean() -> None:
    votes = {"Datasets": dict.fromkeys(Freedom, 0), "Model card": dict.fromkeys(Freedom, 0)}
    result = tally(votes)
    assert result.mu == 0
    assert {c.tier for c in result.components} == {Tier.UNDETERMINED}
