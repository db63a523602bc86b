"""Issue #6 in a real browser: a clinician goes from the home page to a sent self-referral, and a case manager
triages it, reads it, records first contact, starts support and writes a note."""

from selenium.webdriver.common.by import By


def fill_referral(browser, consent: str = "yes"):
    browser.check("refer-about-you")
    from selenium.webdriver.support.ui import Select

    Select(browser.field("Your profession")).select_by_visible_text("Doctor")
    Select(browser.field("Your grade or role")).select_by_visible_text("ST3")
    browser.fill("Specialty (optional)", "Renal medicine")
    # A number that cannot be a GMC number is refused, keeping what was typed; then the real one, with spaces.
    browser.fill("Registration number (optional)", "!!!not a number")
    Select(browser.field("Country of your primary qualification")).select_by_visible_text("Egypt")
    browser.click("Continue")
    browser.check("refer-about-you-errors")
    assert "Enter your GMC number: 7 digits" in browser.text(".error-summary")
    assert browser.value("Specialty (optional)") == "Renal medicine"
    browser.fill("Registration number (optional)", "701 2345")
    browser.click("Continue")

    browser.check("refer-what-is-happening")
    browser.driver.find_element(By.CSS_SELECTOR, "input[value='exam_difficulty']").click()
    browser.click("Continue")

    browser.check("refer-own-words")
    browser.fill("What is happening, in your own words", "I failed my exam twice and feel stuck.")
    browser.click("Continue")

    browser.check("refer-are-you-safe")
    browser.driver.find_element(By.CSS_SELECTOR, "input[name='atRisk'][value='yes']").click()
    browser.click("Continue")

    browser.check("refer-contact")
    browser.driver.find_element(By.CSS_SELECTOR, "input[name='contactBy'][value='email']").click()
    browser.click("Continue")

    browser.check("refer-consent")
    browser.driver.find_element(By.CSS_SELECTOR, f"input[name='consentToHold'][value='{consent}']").click()
    browser.click("Continue")


def test_a_clinician_asks_for_support_and_a_case_manager_takes_it_on(browser, cairn):
    clinician = cairn.demo_accounts()["Clinician"]
    browser.sign_in_as(clinician, check=False)
    browser.visit("/", "home-signed-in")
    browser.click("Ask for support")
    browser.check("refer-start")
    browser.click("Start now")
    fill_referral(browser)

    assert browser.path == "/refer/check-your-answers"
    browser.check("refer-check-answers")
    assert "I failed my exam twice" in browser.text(".summary-list")
    browser.click("Send request")
    assert browser.path.startswith("/refer/sent/")
    browser.check("refer-sent")
    reference = browser.text(".panel__body strong")
    assert len(reference) == 9

    browser.driver.delete_all_cookies()
    manager = cairn.demo_accounts()["Case manager"]
    browser.sign_in_as(manager, check=False)
    # A case manager's day starts at their caseload (issue #13 item 1).
    assert browser.path == "/cases"
    browser.click("Triage")
    browser.check("triage")
    # Safety first: when anyone waiting said they are at risk, the first row waiting is one of them.
    waiting = browser.driver.find_elements(By.CSS_SELECTOR, "main table:first-of-type tbody tr")
    if any("Said at risk" in row.text for row in waiting):
        assert "Said at risk" in waiting[0].text
    # A year of the demo unit's requests fills many pages: the case manager finds this one by its reference,
    # reads it before taking it (no contact details yet), then takes it.
    browser.fill("Find a request by its reference", reference.lower().replace("-", ""))
    browser.click("Find")
    browser.check("triage-found")
    assert reference in browser.text("table")
    browser.click(reference)
    browser.check("triage-request")
    assert "I failed my exam twice and feel stuck." in browser.text("main")
    browser.click("Take this request")
    assert browser.path.startswith("/cases/")

    # The case is now on the case manager's caseload, from where it opens again.
    browser.click("My caseload")
    browser.check("caseload")
    assert reference in browser.text("table")
    browser.click(reference)

    assert browser.path.startswith("/cases/")
    browser.check("case")
    assert not browser.driver.find_elements(By.LINK_TEXT, "Exit this page")
    assert "I failed my exam twice and feel stuck." in browser.text(".quote")
    browser.click("Record first contact")
    browser.click("Start support")
    assert "Support under way" in browser.text("main")
    browser.driver.find_element(By.XPATH, "//summary[normalize-space(.)='Add support to the plan']").click()
    from selenium.webdriver.support.ui import Select

    Select(browser.field("Support")).select_by_visible_text("Exam support")
    browser.fill("Cost in pounds (optional)", "450")
    browser.click("Add to plan")
    assert "Exam support" in browser.text("table")
    assert "£450.00" in browser.text("table")
    # Plans move (issue #13 item 4): the item goes in progress, and the timeline says so.
    browser.click("Change Exam support")
    browser.check("case-plan-item")
    Select(browser.field("Where it stands")).select_by_visible_text("In progress")
    browser.click("Save the change")
    assert "In progress" in browser.text("table")
    browser.click("See the case's timeline")
    browser.check("case-timeline")
    assert "Changed exam support in the plan" in browser.text("main")
    browser.driver.back()
    # A guide for the reasons they gave, from the library, into the plan (issue #19 item 6).
    browser.click("Suggest reading or a learning event")
    browser.check("case-plan-resources")
    guides = "//h2[normalize-space(.)='From the library']/following-sibling::ul/li[1]"
    guide = browser.driver.find_element(By.XPATH, guides + "//h3/a").text
    browser.driver.find_element(By.XPATH, guides + "//button").click()
    from selenium.webdriver.support.ui import WebDriverWait

    # A plain click does not wait for the next page: wait for the case page's confirmation.
    WebDriverWait(browser.driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".notice"))
    assert "Added to the plan" in browser.text(".notice")
    assert guide in browser.text("table")
    with browser.viewport(320):
        browser.click("Suggest reading or a learning event")
        assert browser.horizontal_overflow() == [], "case-plan-resources-320"
        assert "In the plan" in browser.text("main")
        browser.click("Back to the case")
    browser.fill("Add a note", "Agreed exam coaching; review in four weeks.")
    browser.click("Save note")
    browser.check("case-with-note")
    assert "Agreed exam coaching" in browser.text(".note")
    case_path = browser.path.split("?")[0]

    browser.fill("Write a message", "Shall we meet on Tuesday at 6pm?")
    browser.click("Send message")
    assert "Shall we meet on Tuesday" in browser.text(".messages")
    browser.click("Begin closing")
    # An honest closure: one outcome hoped for, one not, and what happened; refused first without it.
    browser.driver.find_element(By.CSS_SELECTOR, "input[name='outcomes[]'][value='goals_met']").click()
    browser.driver.find_element(By.CSS_SELECTOR, "input[name='outcomes[]'][value='left_training']").click()
    browser.click("Close the case")
    browser.check("case-close-refused", document_status=422)
    assert "Say what happened" in browser.text("main")
    browser.driver.find_element(By.CSS_SELECTOR, "input[name='outcomes[]'][value='goals_met']").click()
    browser.driver.find_element(By.CSS_SELECTOR, "input[name='outcomes[]'][value='left_training']").click()
    browser.fill("What happened (needed when support did not end as hoped)", "Passed the exam, then left training.")
    browser.click("Close the case")
    assert "Closed" in browser.text("main")
    assert "Left their training programme" in browser.text(".closure")
    browser.check("case-closed")

    # The clinician reads the message and gives feedback on the closed case.
    browser.driver.delete_all_cookies()
    browser.sign_in_as(clinician, check=False)
    browser.driver.get(cairn.url("/my-support"))
    browser.click(f"Request {reference}")
    browser.check("my-case-closed")
    assert "Shall we meet on Tuesday" in browser.text(".messages")
    assert guide in browser.text("table")
    assert browser.driver.find_elements(By.LINK_TEXT, guide)
    for name, value in (("feltSafe", "5"), ("wasUseful", "4"), ("wouldRecommend", "9")):
        browser.driver.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()
    browser.click("Send feedback")
    assert "Tell us how it went" not in browser.text("main")
    assert case_path.startswith("/cases/")

    # "Exit this page" on their own support pages (not on staff pages): Shift three times leaves at once.
    exit_link = browser.driver.find_element(By.LINK_TEXT, "Exit this page")
    assert exit_link.get_attribute("href") == "https://www.bbc.co.uk/weather"
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(3):
        ActionChains(browser.driver).key_down(Keys.SHIFT).key_up(Keys.SHIFT).perform()
    WebDriverWait(browser.driver, 10).until(lambda d: not d.current_url.startswith(browser.server.base_url))


def test_saying_no_to_holding_the_request_explains_and_deletes_the_answers(browser, cairn):
    """Issue #13: "No" to consent is not a dead end: the page says why we ask, where else to turn, and offers to
    delete what was typed; after deleting, the start page says so (a declared notice) and nothing is kept."""
    clinician = cairn.demo_accounts()["Clinician"]
    browser.sign_in_as(clinician, check=False)
    browser.driver.get(cairn.url("/refer/about-you"))
    fill_referral(browser, consent="no")
    browser.check("refer-consent-no")
    assert "If you would rather we did not hold it" in browser.text("main")
    browser.click("Delete my answers")
    assert browser.path == "/refer?notice=referral-discarded", browser.path
    browser.check("refer-discarded")
    assert "Your answers are deleted. Nothing of that request is kept." in browser.text(".notice")
    assert "Start now" in browser.text("main")
    browser.driver.delete_all_cookies()
