"""The `matching` package (PyPI) as the stable-mode anchor: HospitalResident, resident-optimal.

Its game building recurses and is slow, so it runs in a thread with a large stack and a raised
recursion limit, and gives up after TIMEOUT seconds (reporting a time-out rather than failing).
Timed: building the game and solving it (what a user of the package must do), JSON reading apart.

Usage: anchor_matching.py INSTANCE.json ASSIGNMENT_OUT.json TIMEOUT_S -> one JSON line on stdout.
"""
import json
import os
import sys
import threading
import time
import warnings

from common import emit, load_instance, mutual_lists, peak_rss_mb


def solve(instance, outcome):
    from matching.games import HospitalResident

    capacity, mentees, mentors = mutual_lists(instance)
    resident_prefs = {e: lst for e, lst in mentees.items() if lst}
    hospital_prefs = {m: lst for m, lst in mentors.items() if lst}
    capacities = {m: capacity[m] for m in hospital_prefs}
    started = time.perf_counter()
    game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
    built = time.perf_counter()
    matching = game.solve(optimal="resident")
    solved = time.perf_counter()
    outcome["assignment"] = {r.name: h.name for h, residents in matching.items() for r in residents}
    outcome["build_s"] = built - started
    outcome["solve_s"] = solved - started


def main():
    path, out_path, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1024 * 1024 * 1024)
    instance, load_s = load_instance(path)
    outcome = {}
    worker = threading.Thread(target=solve, args=(instance, outcome), daemon=True)
    worker.start()
    worker.join(timeout)
    if "assignment" not in outcome:
        emit(status="timeout" if worker.is_alive() else "failed", load_s=load_s, peak_rss_mb=peak_rss_mb())
        sys.stdout.flush()
        os._exit(0)
    with open(out_path, "w") as out:
        json.dump(outcome["assignment"], out, sort_keys=True)
    emit(status="ok", load_s=load_s, build_s=outcome["build_s"], solve_s=outcome["solve_s"],
         matched=len(outcome["assignment"]), peak_rss_mb=peak_rss_mb())


if __name__ == "__main__":
    main()
