"""The harness can fail: axe_check rejects a page with an unlabelled input (Tests/e2e/pages/broken.html)."""

import pytest

from support.axe import axe_check, axe_results, serious_violations
from support.paths import E2E_DIR


@pytest.mark.selftest
def test_axe_check_fails_on_an_input_without_a_label(driver):
    driver.get((E2E_DIR / "pages" / "broken.html").as_uri())

    found = {v["id"]: v["impact"] for v in serious_violations(axe_results(driver))}
    assert found.get("label") == "critical", f"axe should report the unlabelled input; found {found}"

    with pytest.raises(AssertionError) as failure:
        axe_check(driver, "selftest-broken")
    message = str(failure.value)
    print(message)  # what a real failure looks like
    assert "[critical] label:" in message
    assert "input[name=\"email\"]" in message or "<input" in message
