"""Shared helpers for the matching benchmark's Python side (anchors and driver)."""
import json
import resource
import time


def load_instance(path):
    """The instance file as Python objects, and how long reading it took."""
    started = time.perf_counter()
    with open(path, "rb") as handle:
        instance = json.load(handle)
    return instance, time.perf_counter() - started


def mutual_lists(instance):
    """Preference lists restricted to mutually acceptable pairs with mentors that have room.

    Both anchors and Cairn agree that a pair is acceptable only when each side lists the other
    (and a mentor of capacity 0 takes nobody); the `matching` package expects lists cleaned this way.
    """
    capacity = {m["id"]: m["capacity"] for m in instance["mentors"]}
    prefs = instance.get("preferences", {})
    mentee_lists = prefs.get("mentees", {})
    mentor_lists = prefs.get("mentors", {})
    listed_by_mentor = {m: set(lst) for m, lst in mentor_lists.items()}
    listed_by_mentee = {e: set(lst) for e, lst in mentee_lists.items()}
    mentees = {
        e: [m for m in lst if capacity[m] > 0 and e in listed_by_mentor.get(m, ())]
        for e, lst in mentee_lists.items()
    }
    mentors = {
        m: [e for e in lst if capacity[m] > 0 and m in listed_by_mentee.get(e, ())]
        for m, lst in mentor_lists.items()
    }
    return capacity, mentees, mentors


def peak_rss_mb():
    """Peak resident memory of this process. VmHWM, not ru_maxrss: Linux carries ru_maxrss over
    exec from the parent (the driver, which may hold a large instance), VmHWM starts afresh."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def emit(**fields):
    print(json.dumps(fields), flush=True)
