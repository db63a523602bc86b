"""docs/API.md's worked example runs: docs/api-example.sh, as a programme lead's client, against a real server.

The guide promises that a client runs a programme from creation and import to published pairs with curl alone; this
runs that very script (with a token made on the web as the demo's programme lead) and checks what it printed.
"""

import os
import subprocess

import pytest

from support.browser import Browser
from support.paths import REPO_ROOT


@pytest.mark.api
def test_the_api_guides_example_runs_a_programme(cairn, driver):
    accounts = cairn.demo_accounts()
    driver.get(cairn.url("/healthz"))
    driver.delete_all_cookies()
    token = Browser(driver, cairn).create_api_token(accounts["Programme lead"], name="api guide")
    result = subprocess.run(
        ["bash", str(REPO_ROOT / "docs" / "api-example.sh")],
        env={**os.environ, "CAIRN_URL": cairn.base_url, "CAIRN_TOKEN": token},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    print(result.stdout, result.stderr)
    assert result.returncode == 0, f"docs/api-example.sh failed:\n{result.stdout}\n{result.stderr}"
    assert "the retry answered the same programme" in result.stdout
    assert "422 ['/cohortStartsOn']" in result.stdout
    assert "mentors imported: 2" in result.stdout and "mentees imported: 2" in result.stdout
    assert "pairs published: 2" in result.stdout
    assert "2 mentors, 2 mentees, 2 active pairs" in result.stdout
