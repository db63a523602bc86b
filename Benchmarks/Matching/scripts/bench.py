"""The matching benchmark: Cairn against OR-Tools (optimal) and `matching` + a Python reference
(stable), on seeded instances, in one run. Prints a table of medians and ratios; exits 1 loudly
if any result disagrees with its anchor. Slowness never fails it (PERF.md: not a timed test).

Run through scripts/bench.sh, which builds the Swift driver and installs the Python anchors.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable

# name, generator kind, mentees, mentors, pairs per mentee, seed, modes
DATASETS = [
    ("pilot 19x12", "pilot", 19, 12, 0, 11, ("optimal", "stable")),
    ("2,000x800", "optimal", 2_000, 800, 120, 1, ("optimal",)),
    ("2,000x800 sparse 1-4", "sparse", 2_000, 800, 0, 2, ("optimal",)),
    ("20,000x8,000", "optimal", 20_000, 8_000, 120, 3, ("optimal",)),
    ("20,000x8,000 sparse 1-4", "sparse", 20_000, 8_000, 0, 4, ("optimal",)),
    ("2,000x800 lists 20-50", "stable", 2_000, 800, 0, 5, ("stable",)),
    ("100,000x40,000 lists 20-50", "stable", 100_000, 40_000, 0, 6, ("stable",)),
]
LARGE = [("100,000x40,000", "optimal", 100_000, 40_000, 120, 7, ("optimal",))]


def timed(command):
    """Runs a process; returns (wall seconds, its one JSON line)."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=HERE)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"FAILED: {' '.join(command)}\n{done.stderr}")
    return wall, json.loads(done.stdout.strip().splitlines()[-1])


def instance_file(args, kind, mentees, mentors, degree, seed):
    path = os.path.join(args.data, f"{kind}-{mentees}x{mentors}-{degree}-s{seed}.json")
    if not os.path.exists(path):
        subprocess.run([args.bench, "generate", kind, str(mentees), str(mentors), str(degree), str(seed), path + ".tmp"], check=True)
        os.replace(path + ".tmp", path)
    return path


def cairn(args, mode, path, result_path):
    runs = [timed([args.bench, "run", mode, path, "1", result_path]) for _ in range(args.runs)]
    return {
        "e2e": statistics.median(w for w, _ in runs),
        "parse": statistics.median(r["parse_s"][0] for _, r in runs),
        "solve": statistics.median(r["solve_s"][0] for _, r in runs),
        "rss": max(r["peak_rss_mb"] for _, r in runs),
        "last": runs[-1][1],
    }


def anchor(command, runs):
    results = [timed(command) for _ in range(runs)]
    ok = [(w, r) for w, r in results if r.get("status", "ok") == "ok"]
    if not ok:
        return {"status": results[0][1].get("status"), "e2e": results[0][0]}
    return {
        "status": "ok",
        "e2e": statistics.median(w for w, _ in ok),
        "solve": statistics.median(r["solve_s"] for _, r in ok),
        "rss": max(r["peak_rss_mb"] for _, r in ok),
        "last": ok[-1][1],
    }


def check_optimal_result(path, result_path, expected):
    """Independent check of Cairn's result file: only allowed pairs, capacities kept, totals right,
    sorted by mentee id (bytes), and the objective equal to OR-Tools'."""
    with open(path, "rb") as handle:
        instance = json.load(handle)
    with open(result_path, "rb") as handle:
        result = json.load(handle)
    scores = {(p["mentee"], p["mentor"]): p["score"] for p in instance["pairs"]}
    capacity = {m["id"]: m["capacity"] for m in instance["mentors"]}
    load, total = {}, 0
    for a in result["assignments"]:
        if (a["mentee"], a["mentor"]) not in scores or a["score"] != scores[(a["mentee"], a["mentor"])]:
            return f"pair {a} is not allowed or has the wrong score"
        load[a["mentor"]] = load.get(a["mentor"], 0) + 1
        total += a["score"]
    if any(n > capacity[m] for m, n in load.items()):
        return "a mentor is over capacity"
    ids = [a["mentee"].encode() for a in result["assignments"]]
    if ids != sorted(ids) or len(set(ids)) != len(ids):
        return "assignments not sorted by mentee id or a mentee twice"
    if (result["matched"], result["total_score"]) != (len(ids), total):
        return "matched/total_score do not add up"
    if (len(ids), total) != expected:
        return f"objective (matched, total) = {(len(ids), total)}, OR-Tools {expected}"
    return None


def stable_assignment(result_path):
    with open(result_path, "rb") as handle:
        return {a["mentee"]: a["mentor"] for a in json.load(handle)["assignments"]}


def reference_assignment(path):
    with open(path) as handle:
        return json.load(handle)


def run_optimal(args, name, path, rows, failures):
    result_path = path + ".cairn-optimal.json"
    ours = cairn(args, "optimal", path, result_path)
    pairs = ours["last"]["pairs"]
    pairs_label = f"{pairs / 1e6:.2f} M" if pairs >= 100_000 else str(pairs)
    theirs = anchor([PY, "anchor_ortools.py", path], args.runs)
    problem = check_optimal_result(path, result_path, (theirs["last"]["matched"], theirs["last"]["total_score"]))
    if problem:
        failures.append(f"{name} optimal: {problem}")
    agree = f"yes ({ours['last']['matched']} matched, total {ours['last']['total_score']})" if not problem else "NO"
    rows.append((name, "optimal", pairs_label, ours, "OR-Tools", theirs, agree))


def run_stable(args, name, path, mentees, rows, failures):
    result_path = path + ".cairn-stable.json"
    ours = cairn(args, "stable", path, result_path)
    mine = stable_assignment(result_path)
    anchors = [("Python DA", [PY, "anchor_da.py", path, path + ".da.json"], path + ".da.json")]
    if mentees <= args.matching_max:
        anchors.append(("matching", [PY, "anchor_matching.py", path, path + ".matching.json", str(args.timeout)], path + ".matching.json"))
    for label, command, out in anchors:
        theirs = anchor(command, args.runs)
        if theirs["status"] != "ok":
            rows.append((name, "stable", "", ours, label, theirs, theirs["status"]))
            continue
        same = reference_assignment(out) == mine
        if not same:
            failures.append(f"{name} stable: Cairn's assignment differs from {label}'s")
        rows.append((name, "stable", "", ours, label, theirs, f"identical ({len(mine)} matched)" if same else "NO"))


def fmt(seconds):
    if seconds is None:
        return "-"
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def ratio(theirs, ours):
    return "-" if not theirs or not ours else f"{theirs / ours:.1f}x"


def print_table(rows, out):
    header = ("instance", "mode", "pairs", "Cairn parse", "Cairn solve", "anchor", "anchor solve", "solve ratio",
              "Cairn e2e", "anchor e2e", "e2e ratio", "Cairn RSS", "anchor RSS", "agrees")
    lines = [header]
    for name, mode, pairs, ours, label, theirs, agree in rows:
        ok = theirs.get("status") == "ok"
        lines.append((name, mode, pairs, fmt(ours["parse"]), fmt(ours["solve"]), label,
                      fmt(theirs["solve"]) if ok else theirs.get("status"), ratio(theirs.get("solve"), ours["solve"]) if ok else "-",
                      fmt(ours["e2e"]), fmt(theirs["e2e"]), ratio(theirs["e2e"], ours["e2e"]),
                      f"{ours['rss']:.0f} MB", f"{theirs['rss']:.0f} MB" if ok else "-", agree))
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    for index, line in enumerate(lines):
        out(" | ".join(str(cell).ljust(width) for cell, width in zip(line, widths)))
        if index == 0:
            out("-+-".join("-" * width for width in widths))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True, help="the release cairn-matching-bench binary")
    parser.add_argument("--data", required=True, help="folder for generated instances (never committed)")
    parser.add_argument("--runs", type=int, default=3, help="processes per tool and instance (median)")
    parser.add_argument("--large", action="store_true", help="add optimal 100,000x40,000 (12 M pairs; minutes)")
    parser.add_argument("--quick", action="store_true", help="one run each, small instances only")
    parser.add_argument("--matching-max", type=int, default=2_000, help="largest mentee count given to `matching`")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before `matching` is abandoned")
    args = parser.parse_args()
    os.makedirs(args.data, exist_ok=True)
    datasets = DATASETS + (LARGE if args.large else [])
    if args.quick:
        args.runs = 1
        datasets = [d for d in datasets if d[2] <= 2_000]
    rows, failures = [], []
    for name, kind, mentees, mentors, degree, seed, modes in datasets:
        print(f"... {name}", file=sys.stderr, flush=True)
        path = instance_file(args, kind, mentees, mentors, degree, seed)
        for mode in modes:
            if mode == "optimal":
                run_optimal(args, name, path, rows, failures)
            else:
                run_stable(args, name, path, mentees, rows, failures)
    report = []
    print_table(rows, report.append)
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    machine = f"{os.cpu_count()} cores, {os.uname().machine}, {os.uname().release}"
    report[:0] = [f"Matching benchmark, {stamp}, {machine}; median of {args.runs} process(es) per cell; "
                  "solve = inside the process, parsing apart; ratio = anchor / Cairn (higher = Cairn faster)", ""]
    print("\n".join(report))
    with open(os.path.join(args.data, "report.txt"), "w") as handle:
        handle.write("\n".join(report) + "\n")
    if failures:
        print("\nDISAGREEMENT:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)
    print("\nAll results agree with their anchors.")


if __name__ == "__main__":
    main()
