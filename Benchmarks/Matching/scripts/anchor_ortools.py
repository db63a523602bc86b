"""OR-Tools anchor for optimal mode: SimpleMinCostFlow over the same instance file.

Same objective as Cairn: most mentees matched, then highest total score. `solve_max_flow_with_min_cost`
finds the maximum flow (mentees matched) and, among maximum flows, the minimum cost; arc cost is
-score, so minimum cost is the highest total score.

Timed: the solve call alone (the network is built before the clock starts, JSON reading apart).

Usage: anchor_ortools.py INSTANCE.json -> one JSON line on stdout.
"""
import json
import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow

from common import peak_rss_mb


def load(path):
    started = time.perf_counter()
    with open(path, "rb") as handle:
        instance = json.load(handle)
    mentee_index = {m["id"]: i for i, m in enumerate(instance["mentees"])}
    mentor_index = {m["id"]: i for i, m in enumerate(instance["mentors"])}
    capacities = np.array([m["capacity"] for m in instance["mentors"]], dtype=np.int64)
    pairs = instance["pairs"]
    tails = np.fromiter((mentee_index[p["mentee"]] for p in pairs), dtype=np.int32, count=len(pairs))
    heads = np.fromiter((mentor_index[p["mentor"]] for p in pairs), dtype=np.int32, count=len(pairs))
    scores = np.fromiter((p["score"] for p in pairs), dtype=np.int64, count=len(pairs))
    return len(mentee_index), capacities, tails, heads, scores, time.perf_counter() - started


def solve(mentees, capacities, tails, heads, scores):
    """Builds the network (source, mentees, mentors, sink) and solves it; returns (matched, total, build_s, solve_s)."""
    started = time.perf_counter()
    mentors = len(capacities)
    source, sink = mentees + mentors, mentees + mentors + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(mentees, source, dtype=np.int32), np.arange(mentees, dtype=np.int32),
        np.ones(mentees, dtype=np.int64), np.zeros(mentees, dtype=np.int64))
    flow.add_arcs_with_capacity_and_unit_cost(
        tails, heads + mentees, np.ones(len(tails), dtype=np.int64), -scores)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(mentors, dtype=np.int32) + mentees, np.full(mentors, sink, dtype=np.int32),
        capacities, np.zeros(mentors, dtype=np.int64))
    flow.set_node_supply(source, mentees)
    flow.set_node_supply(sink, -mentees)
    built = time.perf_counter()
    status = flow.solve_max_flow_with_min_cost()
    solved = time.perf_counter()
    if status != flow.OPTIMAL:
        raise SystemExit(f"OR-Tools status {status}")
    return flow.maximum_flow(), -flow.optimal_cost(), built - started, solved - built


def main():
    mentees, capacities, tails, heads, scores, load_s = load(sys.argv[1])
    matched, total, build_s, solve_s = solve(mentees, capacities, tails, heads, scores)
    peak_mb = peak_rss_mb()
    print(json.dumps({"load_s": load_s, "build_s": build_s, "solve_s": solve_s,
                      "matched": matched, "total_score": total, "peak_rss_mb": peak_mb}))


if __name__ == "__main__":
    main()
