"""Issue #17 in a real browser: the department lead (the demo programme lead) starts an MSW's induction from the
template; the new starter marks an item done with evidence and the supervisor signs it off; the new starter records
PLAB 1 and sees the PLAB 2 deadline, shares the pathway, and the supervisor reads it from the induction; the demo's
lapsing English result has its warning in the outbox. Every page passes axe; the lead's pages fit 320 CSS px."""

import time
from datetime import date, timedelta

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


def click_containing(browser, text):
    """Click the link or button whose visible text starts with TEXT (the rest is for screen readers)."""
    elements = browser.driver.find_elements(
        By.XPATH, f"//a[starts-with(normalize-space(.), '{text}')] | //button[starts-with(normalize-space(.), '{text}')]"
    )
    assert elements, f"nothing starting {text!r} on {browser.path}"
    browser._click_and_wait(elements[0])


def test_an_induction_from_its_start_to_a_signed_off_item_and_a_shared_pathway(browser, cairn, tmp_path):
    accounts = cairn.demo_accounts()
    lead, starter, supervisor = accounts["Programme lead"], accounts["Clinician"], accounts["Supervisor"]

    # The lead sees the demo's intakes and starts an induction; a bad form keeps what was typed.
    browser.sign_in_as(lead, check=False)
    browser.driver.get(cairn.url("/induction"))
    browser.check("induction-list-lead")
    assert "Intake 1" in browser.text("table")
    browser.click("Start an induction")
    browser.check("induction-new")
    browser.fill("New starter's name", "Dr Amira Haddad")
    browser.fill("New starter's email", "not an address")
    browser.click("Start the induction")
    browser.check("induction-new-errors", document_status=422)
    assert "There is a problem" in browser.text(".error-summary")
    browser.fill("New starter's email", starter.email)
    browser.fill("Supervisor's name", "Dr Helen Price")
    browser.fill("Supervisor's email", supervisor.email)
    browser.driver.find_element(
        By.XPATH, "//label[normalize-space(.)='Medical support worker']"
    ).click()
    browser.fill("Intake (optional)", "E2E intake")
    # Started ten days ago, so the first weekly supervision meeting has been.
    browser.fill("First day of work", (date.today() - timedelta(days=10)).isoformat())
    browser.click("Start the induction")
    assert browser.path.startswith("/induction/")
    induction_path = browser.path.split("?")[0]
    browser.check("induction-started")
    assert "The induction has started" in browser.text(".notice")

    # The lead reads the figures (counts only) and sees that supervision is planned, without a way into it.
    assert "0 of 9 meetings held" in browser.text("main")
    assert not browser.driver.find_elements(By.CSS_SELECTOR, "a[href^='/supervision/']")
    browser.driver.get(cairn.url("/induction/figures"))
    browser.check("induction-figures")
    assert "Inductions by intake" in browser.text("main")
    browser.driver.get(cairn.url(induction_path))

    # The lead's pages fit a phone-width screen (WCAG 1.4.10).
    with browser.viewport(320):
        for path in (induction_path, "/induction", "/induction/templates"):
            browser.driver.get(cairn.url(path))
            assert browser.horizontal_overflow() == [], path
        browser.click("Medical support worker")
        browser.check("induction-template")
        assert browser.horizontal_overflow() == []
    browser.driver.delete_all_cookies()

    # The new starter marks the role description read, with evidence.
    browser.sign_in_as(starter, check=False)
    browser.driver.get(cairn.url(induction_path))
    browser.check("induction-new-starter")
    click_containing(browser, "Mark as done: Read the MSW role description")
    browser.check("induction-item")
    browser.fill("Evidence (optional)", "Read and talked through with Dr Price")
    certificate = tmp_path / "role-description-signed.pdf"
    certificate.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj << >> endobj\n\x00\x01\ntrailer << >>\n%%EOF\n")
    browser.field("A file as evidence (optional)").send_keys(str(certificate))
    browser.click("Mark as done")
    assert "The item is marked as done" in browser.text(".notice")
    assert "Waiting for sign-off" in browser.text("main")

    # The new starter records PLAB 1 and sees the PLAB 2 window.
    browser.driver.get(cairn.url("/registration-pathway"))
    browser.check("pathway-start")
    browser.driver.find_element(By.XPATH, "//label[starts-with(normalize-space(.), 'PLAB')]").click()
    browser.click("Start my pathway")
    passed = date.today() - timedelta(days=30)
    Select(browser.field("Step")).select_by_visible_text("PLAB 1")
    Select(browser.field("What happened")).select_by_visible_text("Passed on this date")
    browser.fill("Date", passed.isoformat())
    browser.click("Record it")
    assert "It is recorded" in browser.text(".notice")
    browser.check("pathway-plab1")
    assert "PLAB 2 must be passed in" in browser.text("main")
    browser.field("Let the supervisor of my induction see my pathway").click()
    browser.click("Save my choice")
    assert "Your choice is saved" in browser.text(".notice")
    browser.driver.delete_all_cookies()

    # The supervisor signs the item off and reads the shared pathway from the induction.
    browser.sign_in_as(supervisor, check=False)
    browser.driver.get(cairn.url(induction_path))
    browser.check("induction-supervisor")
    assert "Read and talked through with Dr Price" in browser.text("main")
    assert "role-description-signed.pdf" in browser.text("main")
    click_containing(browser, "Sign off: Read the MSW role description")
    assert "The item is signed off" in browser.text(".notice")
    click_containing(browser, "Dr Amira Haddad")
    browser.check("pathway-shared")
    assert "PLAB 2 must be passed in" in browser.text("main")

    # The supervisor records the first supervision meeting, with an action, and keeps a private note.
    browser.driver.get(cairn.url(induction_path))
    browser.driver.find_elements(By.CSS_SELECTOR, "a[href^='/supervision/']")[0].click()
    browser.check("supervision-supervisor")
    supervision_path = browser.path.split("?")[0]
    browser.fill("Topics", "The first week on the ward; the MSW role")
    browser.fill("What you agreed and noticed (optional)", "Settling in well; book PLAB 2")
    browser.click("Record the meeting as held")
    assert "The meeting is recorded" in browser.text(".notice")
    browser.driver.find_element(By.XPATH, "//summary[normalize-space(.)='Add an action']").click()
    browser.fill("Action", "Book PLAB 2")
    browser.driver.find_element(By.XPATH, "//label[normalize-space(.)='Dr Amira Haddad']").click()
    browser.fill("Due", (date.today() + timedelta(days=14)).isoformat())
    browser.click("Add the action")
    assert "The action is added" in browser.text(".notice")
    browser.fill("Private note", "Ask about study leave")
    browser.click("Save my note")
    browser.check("supervision-recorded")
    browser.driver.delete_all_cookies()

    # The new starter reads the record and the action, not the supervisor's private note.
    browser.sign_in_as(starter, check=False)
    browser.driver.get(cairn.url(supervision_path))
    browser.check("supervision-new-starter")
    assert "Settling in well; book PLAB 2" in browser.text("main")
    assert "Book PLAB 2" in browser.text("table")
    assert "Ask about study leave" not in browser.text("main")

    # The demo worker whose English result lapses in three weeks was warned through the outbox.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        warned = [
            m for m in cairn.outbox()
            if "bushra.rahman@demo.cairn.test" in str(m["To"]) and "English" in str(m["Subject"])
        ]
        if warned:
            break
        time.sleep(0.25)
    assert warned, "no English-result warning for the demo worker"
    assert "in 21 days" in str(warned[0]["Subject"])

