"""`osaid votes tally`."""

from __future__ import annotations

import json
from pathlib import Path

from osaid.freedoms import Freedom
from osaid.votes.tally import read_votes, tally


def tally_cmd(file: Path, mu: float | None, fmt: str) -> None:
    votes, ballots = read_votes(file)
    result = tally(votes, mu=mu, ballots=ballots)
    if fmt == "json":
        print(
            json.dumps(
                {
                    "mu": result.mu,
                    "mu_computed": result.mu_computed,
                    "ballots": result.ballots,
                    "components": [
                        {
                            "component": c.component,
                            "total": c.total,
                            "tier": c.tier.value,
                            **{f.value: c.votes[f] for f in Freedom},
                        }
                        for c in result.components
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    source = f"{result.ballots} ballots" if result.ballots else "net counts"
    print(f"μ = {result.mu:g} (computed mean {result.mu_computed:.2f}; {source})")
    print(f"{'component':42} {'study':>6} {'use':>5} {'modify':>7} {'share':>6} {'total':>6}  tier")
    for c in sorted(result.components, key=lambda c: -c.total):
        v = c.votes
        print(
            f"{c.component[:42]:42} {v[Freedom.STUDY]:>6} {v[Freedom.USE]:>5} "
            f"{v[Freedom.MODIFY]:>7} {v[Freedom.SHARE]:>6} {c.total:>6}  {c.tier.value}"
        )
