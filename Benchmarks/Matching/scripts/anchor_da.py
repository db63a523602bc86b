"""Independent deferred-acceptance reference (mentee-proposing, mentor capacities), in plain Python.

Written from the textbook definition, apart from Cairn's code: each free mentee proposes down their
list; a mentor holds the best `capacity` proposals so far (by their own ranking) and rejects the rest.
A pair counts only when each side lists the other. Its result is the mentee-optimal stable matching.

Usage: anchor_da.py INSTANCE.json ASSIGNMENT_OUT.json -> one JSON line on stdout.
"""
import heapq
import json
import sys
import time

from common import emit, load_instance, peak_rss_mb


def deferred_acceptance(instance):
    capacity = {m["id"]: m["capacity"] for m in instance["mentors"]}
    prefs = instance.get("preferences", {})
    mentee_lists = prefs.get("mentees", {})
    rank = {m: {e: r for r, e in enumerate(lst)} for m, lst in prefs.get("mentors", {}).items()}
    held = {m: [] for m in capacity}  # max-heap on rank: entries (-rank, mentee)
    next_choice = {e: 0 for e in mentee_lists}
    free = list(reversed(list(mentee_lists)))
    while free:
        mentee = free.pop()
        choices = mentee_lists[mentee]
        while next_choice[mentee] < len(choices):
            mentor = choices[next_choice[mentee]]
            next_choice[mentee] += 1
            their_rank = rank.get(mentor, {}).get(mentee)
            if their_rank is None or capacity[mentor] == 0:
                continue
            if len(held[mentor]) < capacity[mentor]:
                heapq.heappush(held[mentor], (-their_rank, mentee))
                break
            worst_rank, worst = held[mentor][0]
            if -worst_rank > their_rank:
                heapq.heapreplace(held[mentor], (-their_rank, mentee))
                free.append(worst)
                break
    return {e: m for m, holders in held.items() for _, e in holders}


def main():
    instance, load_s = load_instance(sys.argv[1])
    started = time.perf_counter()
    assignment = deferred_acceptance(instance)
    solve_s = time.perf_counter() - started
    with open(sys.argv[2], "w") as out:
        json.dump(assignment, out, sort_keys=True)
    emit(load_s=load_s, solve_s=solve_s, matched=len(assignment), peak_rss_mb=peak_rss_mb())


if __name__ == "__main__":
    main()
