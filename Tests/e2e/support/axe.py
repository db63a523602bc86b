"""axe-core (bundled by axe-selenium-python 3.x) run in the page; fails on serious or critical violations."""

from __future__ import annotations

import json
import re

from axe_selenium_python import Axe

from .paths import AXE_DIR, REPO_ROOT

FAILING_IMPACTS = ("serious", "critical")

# Notes on violations that did not fail a test (moderate, minor), shown in pytest's closing summary.
advisories: list[str] = []

_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, arguments[0]).then(r => done(r), e => done({error: String(e && e.stack || e)}));
"""


def safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "page"


def axe_results(driver) -> dict:
    """The full axe result for the current page (violations only, to keep it quick)."""
    Axe(driver).inject()
    results = driver.execute_async_script(_RUN, {"resultTypes": ["violations"]})
    if "error" in results:
        raise RuntimeError(f"axe did not run: {results['error']}")
    return results


def serious_violations(results: dict) -> list[dict]:
    return [v for v in results["violations"] if v.get("impact") in FAILING_IMPACTS]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v.get('impact')}] {v['id']}: {v['help']}  ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            lines.append(f"      at {' '.join(map(str, node['target']))}:  {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n         ")
            if summary:
                lines.append(f"         {summary}")
        if len(v["nodes"]) > 10:
            lines.append(f"      … and {len(v['nodes']) - 10} more elements")
    return "\n".join(lines)


def axe_check(driver, name: str) -> dict:
    """Run axe on the page now shown; raise AssertionError listing any serious/critical violation.

    Writes the full result to build/e2e/axe/NAME.json and notes lesser violations for the summary.
    """
    results = axe_results(driver)
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    report = AXE_DIR / f"{safe_name(name)}.json"
    report.write_text(json.dumps(results, indent=2))
    failing = serious_violations(results)
    lesser = [v for v in results["violations"] if v not in failing]
    if lesser:
        advisories.append(f"{name}: " + ", ".join(f"{v['id']} ({v.get('impact')})" for v in lesser))
    if failing:
        where = report.relative_to(REPO_ROOT) if report.is_relative_to(REPO_ROOT) else report
        raise AssertionError(
            f"axe found {len(failing)} serious/critical accessibility violation(s) on '{name}'"
            f" ({results.get('url')}):\n{format_violations(failing)}\n  full axe report: {where}"
        )
    return results
