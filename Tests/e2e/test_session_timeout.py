"""Issue #20 item 6 in a real browser (WCAG 2.2.1): on a server whose clinicians are signed out after two minutes
without activity, a minute in the page opens a dialog warning of it, with the focus in it and axe clean; "Stay signed
in" closes it and the server's clock starts again. (Forms sent after a time-out are kept through signing in again:
the Swift suite's SessionTimeOutTests, with a test clock.)"""

import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from support.browser import Browser
from support.server import remove_data_dir, start_server


@pytest.fixture
def short_sessions():
    """Its own server and demo data: idle time-out two minutes for everyone (one minute of warning)."""
    server = start_server(
        {"CAIRN_IDLE_MINUTES": "2", "CAIRN_STAFF_IDLE_MINUTES": "2"}, log_name="cairn-serve-short-sessions.log"
    )
    try:
        yield server
    finally:
        server.stop()
        remove_data_dir(server)


def remaining(browser: Browser) -> int:
    answer = browser.driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        fetch('/session/remaining', {credentials: 'same-origin'}).then(r => r.text()).then(done);"""
    )
    return json.loads(answer)["seconds"]


def test_the_warning_comes_before_the_time_out_and_lets_a_person_stay_signed_in(driver, short_sessions):
    browser = Browser(driver, short_sessions)
    driver.get(short_sessions.url("/healthz"))
    driver.delete_all_cookies()
    driver.get("about:blank")
    driver.get_log("browser")  # as the browser fixture does: a clean console (healthz has no icon link)
    browser.sign_in_as(short_sessions.demo_accounts()["Clinician"], check=False)
    driver.get(short_sessions.url("/account"))
    dialog = driver.find_element(By.ID, "session-timeout")
    assert not dialog.is_displayed()
    assert 100 <= remaining(browser) <= 120  # asking does not reset it

    WebDriverWait(driver, 90, poll_frequency=0.5).until(lambda d: dialog.get_attribute("open") is not None)
    assert dialog.is_displayed()
    assert "You will be signed out soon" in dialog.text
    assert "signed out in" in dialog.text
    focused = driver.execute_script("return document.activeElement.closest('#session-timeout') !== null")
    assert focused, "the focus is not in the warning"
    browser.check("session-timeout-warning")
    assert remaining(browser) <= 60

    dialog.find_element(By.XPATH, ".//button[normalize-space(.)='Stay signed in']").click()
    WebDriverWait(driver, 10).until(lambda d: dialog.get_attribute("open") is None)
    assert remaining(browser) >= 115
    # Still signed in: the account page opens, not the sign-in page.
    driver.get(short_sessions.url("/account"))
    assert browser.path == "/account"
