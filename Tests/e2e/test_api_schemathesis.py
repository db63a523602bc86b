"""schemathesis against the served /api/openapi.yaml: every operation, its default checks, zero failures.

Knobs (environment): CAIRN_E2E_API_TOKEN (sent as `Authorization: Bearer …`; see the `api_token` fixture),
CAIRN_E2E_MAX_EXAMPLES (default 50 per operation), CAIRN_E2E_SEED (replay a run),
CAIRN_E2E_SCHEMATHESIS_BASELINE (default Tests/e2e/schemathesis-baseline.json; empty: no baseline),
CAIRN_E2E_SCHEMATHESIS_ARGS (more arguments, e.g. "--phases coverage"),
CAIRN_E2E_SCHEMA (an absolute path or URL of the spec instead of the served one: for diagnosis only).
"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from support.server import http_get

from support import notes
from support.paths import BUILD_DIR, E2E_DIR

CONFIG = E2E_DIR / "schemathesis.toml"
DEFAULT_BASELINE = E2E_DIR / "schemathesis-baseline.json"


@pytest.mark.api
def test_the_api_answers_as_openapi_yaml_says(cairn, api_token):
    # The run must really exercise the API: the token has to work, or every answer would be a 401.
    status, _, _ = http_get(cairn.url("/api/v1/me"), headers={"Authorization": f"Bearer {api_token}"})
    assert status == 200, f"the API token does not work (GET /api/v1/me answered {status})"
    out = BUILD_DIR / "schemathesis"
    out.mkdir(parents=True, exist_ok=True)
    args = [
        str(Path(sys.executable).with_name("schemathesis")), "--config-file", str(CONFIG),
        "run", os.environ.get("CAIRN_E2E_SCHEMA") or cairn.url("/api/openapi.yaml"),
        "--url", cairn.base_url,
        "--max-examples", os.environ.get("CAIRN_E2E_MAX_EXAMPLES", "50"),
        "--request-timeout", "10",
        "--no-color",
        "--report", "junit", "--report-dir", str(out),
    ]  # fmt: skip
    baseline = os.environ.get("CAIRN_E2E_SCHEMATHESIS_BASELINE", str(DEFAULT_BASELINE))
    if baseline and Path(baseline).exists():  # never let schemathesis create one: that would accept everything
        args += ["--baseline", baseline]
    if api_token:
        args += ["--header", f"Authorization: Bearer {api_token}"]
    if os.environ.get("CAIRN_E2E_SEED"):
        args += ["--seed", os.environ["CAIRN_E2E_SEED"]]
    args += shlex.split(os.environ.get("CAIRN_E2E_SCHEMATHESIS_ARGS", ""))

    # Run inside build/e2e/schemathesis so its caches (.schemathesis/, .hypothesis/) stay out of the tree.
    result = subprocess.run(args, cwd=out, capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    (out / "output.txt").write_text(output)
    print(output)

    assert result.returncode == 0, (
        f"schemathesis failed (exit {result.returncode}); its report follows and is in {out / 'output.txt'}.\n"
        "A failure is a server bug or a gap in openapi.yaml: fix it, never widen the checks.\n\n" + output[-12000:]
    )
    _note_stale_baseline(baseline, output)


def _note_stale_baseline(baseline: str, output: str) -> None:
    unobserved = re.search(r"Unobserved entries:\s*(\d+)", output)
    if baseline and unobserved and int(unobserved.group(1)):
        notes.append(
            f"schemathesis: {unobserved.group(1)} entry(ies) of {baseline} did not recur in this run; once a"
            " known failure is fixed, delete its entry so that it cannot come back unnoticed."
        )
