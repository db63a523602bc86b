"""Accounts in a real browser (issue #3): signing in and out, registering with email verification, a failed
form that keeps what was typed, the CSRF refusal page, keyboard-only sign-in, and two-step sign-in for staff."""

import re
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def wait_for_email(cairn, to: str, timeout: float = 15.0):
    """The newest message to TO in the file outbox (the delivery worker runs every two seconds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in reversed(cairn.outbox()):
            if to.lower() in str(message["To"]).lower():
                return message
        time.sleep(0.25)
    raise AssertionError(f"no email to {to} within {timeout}s")


def link_in(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"https?://\S+", body)
    assert found, f"no link in: {body}"
    return found.group(0)


def test_a_clinician_signs_in_and_out(browser, cairn):
    clinician = cairn.demo_accounts()["Clinician"]

    browser.sign_in_as(clinician)

    # A clinician starts at their own support; their account is one link away.
    assert browser.path == "/my-support"
    browser.check("my-support-start")
    browser.click("Your account")
    assert browser.path == "/account"
    browser.check("account")
    assert "Clinician" in browser.text(".summary-list")
    browser.click("Sign out")
    assert browser.path.startswith("/sign-in")
    assert "You have signed out." in browser.text(".notice")
    browser.driver.get(cairn.url("/account"))
    assert browser.path.startswith("/sign-in?next=")


def test_a_newcomer_registers_confirms_their_email_and_signs_in(browser, cairn):
    address = f"newcomer-{int(time.time() * 1000)}@example.org"
    browser.visit("/register", "register")
    browser.fill("Your name", "Dr Nadia Rahman")
    browser.fill("Email address", address)
    browser.fill("Create a password", "harbour lights at dusk")
    browser.click("Create account")
    assert browser.path == "/register/check-your-email"
    browser.check("register-check-your-email")

    link = link_in(wait_for_email(cairn, address))
    browser.driver.get(link)
    browser.check("verify-email")
    browser.click("Confirm my email address")
    assert browser.path == "/sign-in?notice=verified"

    browser.sign_in(address, "harbour lights at dusk", check=False)
    assert browser.path == "/my-support"
    browser.click("Your account")
    assert "Dr Nadia Rahman" in browser.text(".summary-list")


def test_a_newcomer_asking_for_support_is_told_why_and_comes_back_to_their_request(browser, cairn):
    # Issue #13: "Ask for support" needs an account; the sign-in page says why, and confirming the email leads back.
    address = f"asker-{int(time.time() * 1000)}@example.org"
    browser.driver.get(cairn.url("/refer"))
    assert browser.path.startswith("/sign-in?next=")
    assert "To ask for support you need an account" in browser.text("main")
    browser.check("sign-in-to-ask-for-support")
    browser.click("Create an account")
    assert browser.path == "/register?next=/refer"
    browser.fill("Your name", "Dr Ama Mensah")
    browser.fill("Email address", address)
    browser.fill("Create a password", "lantern by the harbour wall")
    browser.click("Create account")
    assert browser.path == "/register/check-your-email"

    link = link_in(wait_for_email(cairn, address))
    assert link.endswith("?next=/refer")
    browser.driver.get(link)
    browser.click("Confirm my email address")
    assert browser.path == "/sign-in?notice=verified&next=/refer"
    browser.fill("Email address", address)
    browser.fill("Password", "lantern by the harbour wall")
    browser.click("Sign in")
    assert browser.path == "/refer"
    assert "Ask for support" in browser.text("h1")


def test_a_failed_form_keeps_what_was_typed_and_its_summary_links_to_the_field(browser):
    browser.visit("/register", "register")
    browser.fill("Your name", "Dr Nadia Rahman")
    browser.fill("Email address", "not-an-email")
    browser.fill("Create a password", "short")
    browser.click("Create account")

    browser.check("register-with-errors")
    assert browser.title.startswith("Error: ")
    summary = browser.driver.find_element(By.CSS_SELECTOR, ".error-summary")
    assert "There is a problem" in summary.text
    assert browser.value("Your name") == "Dr Nadia Rahman"
    assert browser.value("Email address") == "not-an-email"
    assert browser.value("Create a password") == ""  # passwords are never sent back

    summary.find_element(By.PARTIAL_LINK_TEXT, "Enter an email address").click()
    assert browser.focused().get_attribute("id") == "field-email"
    assert browser.focused().get_attribute("aria-invalid") == "true"


def test_a_form_with_a_wrong_token_gets_the_friendly_refusal_page(browser):
    browser.visit("/sign-in", "sign-in")
    browser.driver.execute_script("document.querySelector('input[name=_csrf]').value = 'forged';")
    browser.fill("Email address", "someone@example.org")
    browser.fill("Password", "whatever it may be")
    browser.click("Sign in")

    assert browser.text("h1") == "You cannot do that here"
    assert "This form has expired" in browser.text("main")
    browser.check("csrf-refused", document_status=403)


def test_signing_in_works_with_the_keyboard_alone(browser, cairn):
    clinician = cairn.demo_accounts()["Clinician"]
    browser.visit("/sign-in", "sign-in")

    names = []
    browser.tab()
    while browser.focused_id() != "field-email" and len(names) < 20:
        names.append(browser.driver.execute_script("return document.activeElement.textContent.trim()"))
        browser.tab()
    assert browser.focused_id() == "field-email", f"never reached the email field; stops: {names}"
    browser.focused().send_keys(clinician.email)
    browser.tab()
    assert browser.focused_id() == "field-password"
    browser.focused().send_keys(clinician.password)
    page = browser.driver.find_element(By.TAG_NAME, "html")
    browser.press(Keys.ENTER)
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser.driver, 15).until(expected_conditions.staleness_of(page))
    assert browser.path == "/my-support"


def test_an_administrator_signs_in_with_a_security_code_and_finds_people(browser, cairn):
    admin = cairn.demo_accounts()["Administrator"]

    browser.sign_in_as(admin)

    # An administrator starts at the people they manage.
    assert browser.path == "/admin/people"
    browser.click("People")
    browser.check("admin-people")
    # The demo holds hundreds of people, a page at a time: the administrator finds one by name.
    browser.fill("Find people by name or email", "Haddad")
    browser.click("Search")
    assert "Dr Amira Haddad" in browser.text("table")
    browser.click("Invite a member of staff")
    browser.check("admin-invite")
