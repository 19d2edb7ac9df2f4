"""The `base_model` graph: edges, family roots, depth, and propagation of blocking findings.

This module is the numpy implementation (used by the Ray engine and as the reference in
tests); `engine_duckdb` runs the same algorithm as iterative SQL joins. Both must agree.

Graph. Nodes are the models of the census, numbered in byte order of `model_id`. A model's
`base_models` (card `base_model`, str or list, plus `base_model:` Hub tags) give its parents,
at positions 1, 2, …; a parent that is not in the census is *dangling* (kept as a list, it
cannot propagate anything: its terms are unknown); a model naming itself is a one-node cycle
(the edge is dropped, the model flagged `in_cycle`); a repeated parent counts once.

Levels (Kahn's algorithm). Models without a resolved parent are roots: depth 0, their own
family root. A model whose parents are all placed gets depth = 1 + the largest parent depth
(a merge sits below its deepest parent), family root = the root of its first-listed parent,
and inherits the union of its parents' own and inherited restriction bits. Its *blocking
ancestor* is the nearest ancestor whose own license blocks (restriction bits non-zero),
nearest by edge count, ties broken by the smaller id.

Cycles. Models never placed are on a cycle or below one: flagged `in_cycle`; their depth and
root come from their placed parents only (0 and themselves if none), and restriction bits are
propagated through every edge, cycle edges included, until nothing changes (a fixpoint,
conservative: a restriction anywhere upstream reaches them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Lineage", "propagate"]

I64 = npt.NDArray[np.int64]
NONE = -1


@dataclass(frozen=True)
class Lineage:
    depth: I64
    root: I64
    anc_mask: I64
    blocker: I64
    """Index of the nearest blocking ancestor, or -1."""
    blocker_distance: I64
    """Edges to it, or -1."""
    in_cycle: npt.NDArray[np.bool_]


def _near_candidates(
    parent: I64, own: I64, anc: I64, key: I64, n: int, inf: int, blocking: int
) -> I64:
    near_d = key // n
    near_id = key % n
    return np.where(
        own[parent] & blocking != 0,
        n + parent,
        np.where(
            (anc[parent] != 0) & (key[parent] < inf),
            (near_d[parent] + 1) * n + near_id[parent],
            inf,
        ),
    )


def propagate(
    n: int,
    own_mask: I64,
    child: I64,
    parent: I64,
    pos: I64,
    self_loop: I64,
    blocking: int = -1,
) -> Lineage:
    """Lineage of `n` models from resolved edges `child[k] -> parent[k]` (at `pos[k]`).

    Edges must be deduplicated (one per child and parent, smallest position) and free of
    self-loops; `self_loop` lists the models that named themselves. Every bit of `own_mask`
    is inherited; a model's own license blocks (makes it a blocking ancestor) when it has a
    bit of `blocking` (default: any bit).
    """
    own = own_mask.astype(np.int64)
    child = child.astype(np.int64)
    parent = parent.astype(np.int64)
    pos = pos.astype(np.int64)
    inf = np.iinfo(np.int64).max
    depth = np.zeros(n, np.int64)
    root = np.arange(n, dtype=np.int64)
    anc = np.zeros(n, np.int64)
    key = np.full(n, inf, np.int64)
    indeg = np.bincount(child, minlength=n).astype(np.int64)
    remaining = indeg.copy()
    resolved = indeg == 0
    frontier = resolved.copy()
    while True:
        sel = frontier[parent]
        if not sel.any():
            break
        remaining -= np.bincount(child[sel], minlength=n)
        newly = (remaining == 0) & ~resolved
        if not newly.any():
            break
        em = newly[child]
        c, p, ps = child[em], parent[em], pos[em]
        np.maximum.at(depth, c, depth[p] + 1)
        np.bitwise_or.at(anc, c, anc[p] | own[p])
        np.minimum.at(key, c, _near_candidates(p, own, anc, key, n, inf, blocking))
        rkey = np.full(n, inf, np.int64)
        np.minimum.at(rkey, c, ps * n + root[p])
        root[newly] = rkey[newly] % n
        resolved |= newly
        frontier = newly
    in_cycle = ~resolved
    if in_cycle.any():
        em = in_cycle[child] & resolved[parent]
        c, p, ps = child[em], parent[em], pos[em]
        np.maximum.at(depth, c, depth[p] + 1)
        rkey = np.full(n, inf, np.int64)
        np.minimum.at(rkey, c, ps * n + root[p])
        has = in_cycle & (rkey < inf)
        root[has] = rkey[has] % n
        em = in_cycle[child]
        c, p = child[em], parent[em]
        while True:
            new_anc = anc.copy()
            np.bitwise_or.at(new_anc, c, anc[p] | own[p])
            new_key = key.copy()
            np.minimum.at(new_key, c, _near_candidates(p, own, anc, key, n, inf, blocking))
            if np.array_equal(new_anc, anc) and np.array_equal(new_key, key):
                break
            anc, key = new_anc, new_key
    in_cycle[self_loop.astype(np.int64)] = True
    found = key < inf
    blocker = np.where(found, key % n, NONE)
    distance = np.where(found, key // n, NONE)
    return Lineage(depth, root, anc, blocker, distance, in_cycle)
