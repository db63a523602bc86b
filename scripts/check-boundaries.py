#!/usr/bin/env python3
"""Keeps Cairn's targets to their documented graph (issue #12; docs/ARCHITECTURE.md, "Targets").

Two checks, both over what SwiftPM reports (`swift package describe --type json`):
1. each target's declared dependencies on Cairn's own targets are within what the graph below allows: the platform
   knows no feature, a feature knows the platform and accounts but no other feature, only the app knows them all;
2. each source file imports only Cairn modules its target declares (SwiftPM can let a module built alongside be
   imported without declaring it, so the declaration alone proves nothing).

Run from the repository root: `scripts/check-boundaries.py`. It first checks itself against a graph that breaks
each rule, so a check that has stopped catching anything fails too.
"""
import json
import os
import re
import subprocess
import sys

# Which of Cairn's own targets each target may depend on. A new feature target is added here with the same line
# as CairnSupport and CairnMentoring; an interface between two features goes through the app (see
# ProgrammeEnrolling) or through a small target both may import, added here on purpose.
ALLOWED = {
    "CairnCore": set(),
    "CairnAPI": set(),
    "CairnPlatform": {"CairnCore", "CairnAPI"},
    "CairnAccounts": {"CairnPlatform", "CairnCore", "CairnAPI"},
    "CairnSupport": {"CairnPlatform", "CairnAccounts", "CairnCore", "CairnAPI"},
    "CairnMentoring": {"CairnPlatform", "CairnAccounts", "CairnCore", "CairnAPI"},
    "CairnPeerGroups": {"CairnPlatform", "CairnAccounts", "CairnCore", "CairnAPI"},
    "CairnInduction": {"CairnPlatform", "CairnAccounts", "CairnCore", "CairnAPI"},
    "CairnDevelopment": {"CairnPlatform", "CairnAccounts", "CairnCore", "CairnAPI"},
    "CairnEvents": {"CairnPlatform", "CairnAccounts", "CairnCore", "CairnAPI"},
    "CairnLibrary": {"CairnPlatform", "CairnAccounts", "CairnCore", "CairnAPI"},
    "CairnServer": {
        "CairnPlatform", "CairnAccounts", "CairnSupport", "CairnMentoring", "CairnPeerGroups", "CairnInduction",
        "CairnDevelopment", "CairnEvents", "CairnLibrary", "CairnCore", "CairnAPI",
    },
    "cairn": {"CairnServer", "CairnPlatform", "CairnAccounts", "CairnCore"},
    "cairn-matching-bench": {"CairnCore"},
}
TEST_TARGETS = {"CairnCoreTests", "CairnServerTests"}
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_exported\s+|public\s+|package\s+|internal\s+)*import\s+(?:\w+\s+)?(\w+)")


def problems(targets, sources):
    """targets: name -> set of declared Cairn dependencies; sources: name -> {file: text}."""
    ours = set(targets)
    found = []
    for name, declared in sorted(targets.items()):
        if name in TEST_TARGETS:
            continue
        if name not in ALLOWED:
            found.append(f"{name}: a target the boundary graph does not know; add it to ALLOWED on purpose")
            continue
        for extra in sorted(declared - ALLOWED[name]):
            found.append(f"{name} depends on {extra}, which the graph does not allow")
        for path, text in sorted(sources.get(name, {}).items()):
            for number, line in enumerate(text.splitlines(), 1):
                match = IMPORT.match(line)
                if match and match.group(1) in ours and match.group(1) != name and match.group(1) not in declared:
                    found.append(f"{path}:{number} imports {match.group(1)}, which {name} does not declare")
    return found


def self_check():
    good = {"CairnPlatform": {"CairnCore"}, "CairnSupport": {"CairnPlatform"}, "CairnMentoring": {"CairnPlatform"}}
    assert problems(good, {"CairnSupport": {"a.swift": "import CairnPlatform\n"}}) == []
    bad_dependency = dict(good, CairnPlatform={"CairnCore", "CairnSupport"})
    assert problems(bad_dependency, {}) == ["CairnPlatform depends on CairnSupport, which the graph does not allow"]
    bad_import = {"CairnSupport": {"x.swift": "import Vapor\n@testable import CairnMentoring\n"}}
    assert problems(good, bad_import) == [
        "x.swift:2 imports CairnMentoring, which CairnSupport does not declare"
    ], problems(good, bad_import)
    assert problems(dict(good, CairnNew=set()), {}) == [
        "CairnNew: a target the boundary graph does not know; add it to ALLOWED on purpose"
    ]


def main():
    self_check()
    description = json.loads(
        subprocess.run(
            ["swift", "package", "describe", "--type", "json"], check=True, capture_output=True, text=True
        ).stdout
    )
    names = {target["name"] for target in description["targets"]}
    targets, sources = {}, {}
    for target in description["targets"]:
        name = target["name"]
        targets[name] = set(target.get("target_dependencies") or []) & names
        files = {}
        for relative in target.get("sources") or []:
            path = os.path.join(target["path"], relative)
            if path.endswith(".swift"):
                with open(path, encoding="utf-8") as handle:
                    files[path] = handle.read()
        sources[name] = files
    found = problems(targets, sources)
    checked = sum(len(files) for files in sources.values())
    if found:
        print("target boundaries broken:\n  " + "\n  ".join(found))
        return 1
    print(f"target boundaries: {len(targets)} targets, {checked} files, every import within the graph")
    return 0


if __name__ == "__main__":
    sys.exit(main())
