"""Issue #7 in a real browser: a programme lead creates a programme, imports mentors and mentees, runs matching,
adjusts and publishes; the mentor and the mentee plan, hold and record a session, download its invite and give
feedback (dual-blind); the dashboard shows it, and the demo's NES programme shows 76 sessions from both sides."""

import datetime
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

MENTORS = """name,email,profession,languages,employer,img_experience,capacity,training_course,training_completed,training_expires
Dr James Okafor,james.okafor@demo.cairn.test,doctor,English;Arabic,NHS Fife,yes,2,NES mentor training,2025-09-12,2028-09-12
Dr Rhona Baird,rhona.baird@e2e.cairn.test,doctor,English,NHS Lothian,no,1,NES mentor training,2025-09-12,2028-09-12"""

MENTEES = """name,email,profession,grade,languages,employer,img,wish_language,wish_language_required
Dr Amira Haddad,amira.haddad@demo.cairn.test,doctor,gpst1,Arabic;English,NHS Lothian,yes,Arabic,yes
Dr Tomasz Zielinski,tomasz.zielinski@e2e.cairn.test,doctor,gpst1,Polish;English,NHS Tayside,yes,,"""


def saved_session(browser):
    cookies = browser.driver.get_cookies()
    browser.driver.delete_all_cookies()
    return cookies


def restore_session(browser, cookies):
    browser.driver.get(browser.server.url("/healthz"))
    browser.driver.delete_all_cookies()
    for cookie in cookies:
        browser.driver.add_cookie({k: v for k, v in cookie.items() if k in ("name", "value", "path", "secure", "httpOnly")})


def open_details(browser, summary):
    browser.driver.find_element(By.XPATH, f"//summary[normalize-space(.)='{summary}']").click()


def choose(browser, name, value):
    browser.driver.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()


def session_link(browser, partner, number):
    return browser.driver.find_element(
        By.XPATH,
        f"//section[h2[contains(., '{partner}')] and not(.//span[normalize-space(.)='Ended'])]"
        f"[.//td[contains(., 'IMG e2e cohort')] or p[contains(., 'IMG e2e cohort')]]"
        f"//a[normalize-space(.)='Session {number}']",
    )


def test_a_programme_from_creation_to_held_sessions_and_the_dashboard(browser, cairn):
    accounts = cairn.demo_accounts()
    lead = accounts["Programme lead"]
    browser.sign_in_as(lead, check=False)
    browser.click("Programmes")
    browser.check("mentoring-programmes")

    # A form with problems keeps what was typed.
    browser.fill("Name", "")
    browser.fill("Who it is for", "IMG GP trainees, e2e cohort")
    browser.click("Create the programme")
    browser.check("mentoring-programme-errors", document_status=422)
    assert "There is a problem" in browser.text(".error-summary")
    assert browser.value("Who it is for") == "IMG GP trainees, e2e cohort"

    browser.fill("Name", "IMG e2e cohort")
    browser.fill("The cohort starts on", (datetime.date.today() - datetime.timedelta(days=30)).isoformat())
    browser.click("Create the programme")
    assert browser.path.startswith("/mentoring/programmes/")
    browser.check("mentoring-programme")
    programme_path = browser.path.split("?")[0]

    open_details(browser, "Add mentors from CSV")
    browser.fill("Mentors as CSV", MENTORS + "\nDr Broken,not-an-email,doctor,,,,0,,,")
    browser.click("Add mentors from CSV")
    browser.check("mentoring-import-errors", document_status=422)
    assert "Line 4" in browser.text("main")
    browser.fill("Mentors as CSV", MENTORS)
    browser.click("Add mentors from CSV")
    assert "2 mentors added or updated." in browser.text(".notice")
    open_details(browser, "Add mentees from CSV")
    browser.fill("Mentees as CSV", MENTEES)
    browser.click("Add mentees from CSV")
    assert "2 mentees added or updated." in browser.text(".notice")

    browser.click("Add one mentee")
    browser.check("mentoring-add-mentee")
    browser.fill("Name", "Dr Single Entry")
    browser.click("Add the mentee")
    browser.check("mentoring-add-mentee-errors", document_status=422)
    assert browser.value("Name") == "Dr Single Entry"
    browser.driver.get(browser.server.url(programme_path))
    # The settings can change after creation (issue #13 item 8); nothing is published yet, so all of them.
    browser.click("Change the settings")
    browser.check("mentoring-programme-settings")
    browser.click("Save the settings")
    assert "The settings are saved" in browser.text(".notice")

    browser.click("Matching")
    browser.check("mentoring-matching-empty")
    browser.click("Start matching")
    WebDriverWait(browser.driver, 30).until(lambda d: "Proposed pairs" in d.page_source)
    browser.check("mentoring-matching-proposed")
    assert "Speaks the language the mentee asked for" in browser.text("main")

    # The lead moves Tomasz to Rhona (same employer is not the case here; a reason is required).
    Select(browser.field("Mentee")).select_by_visible_text("Dr Tomasz Zielinski")
    Select(browser.field("Their mentor")).select_by_visible_text("Dr Rhona Baird")
    browser.click("Change the proposal")
    browser.check("mentoring-change-error", document_status=422)
    browser.fill("Why", "Rhona asked to mentor a Tayside trainee")
    browser.click("Change the proposal")
    assert "Changed by the programme lead" in browser.text("main")
    browser.click("Publish 2 pairs…")
    # Publishing emails everyone in the run: a step says how many first.
    assert "emails 2 mentees and 2 mentors" in browser.text("main")
    browser.check("mentoring-publish-confirm")
    browser.click("Yes, publish 2 pairs and send the emails")
    assert "Published 2 pairs" in browser.text(".notice")
    browser.check("mentoring-published")
    lead_session = saved_session(browser)

    # The mentor agrees a time in the past week, marks it held, keeps a record and answers.
    mentor = accounts["Mentor"]
    browser.sign_in_as(mentor, check=False)
    browser.click("Mentoring")
    browser.check("mentoring-my-mentor")
    session_link(browser, "Dr Amira Haddad", 1).click()
    WebDriverWait(browser.driver, 15).until(lambda d: "Session 1 of 4" in d.page_source)
    browser.check("mentoring-session")
    browser.fill("Date", (datetime.date.today() - datetime.timedelta(days=2)).isoformat())
    browser.fill("Start time", "14:00")
    browser.fill("Video link", "https://meet.example.org/okafor-haddad")
    choose(browser, "status", "held")
    browser.click("Save")
    assert "Held" in browser.text(".summary-list")

    invite_href = browser.driver.find_element(By.PARTIAL_LINK_TEXT, "Add this session to your calendar").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in browser.driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(invite_href, headers={"Cookie": cookie})) as response:
        assert response.headers["Content-Type"].startswith("text/calendar")
        import icalendar

        calendar = icalendar.Calendar.from_ical(response.read())
        events = list(calendar.walk("VEVENT"))
        assert len(events) == 1 and str(events[0]["LOCATION"]) == "https://meet.example.org/okafor-haddad"

    browser.fill("Notes from this session", "E2E-RECORD: settling into the practice; AKT plan agreed.")
    browser.click("Save the record")
    for name, value in (("feltSafe", "5"), ("useful", "4"), ("actionsAgreed", "yes"), ("recommend", "9")):
        choose(browser, name, value)
    browser.fill("Anything else (optional)", "E2E-MENTOR-ANSWER")
    browser.click("Send my feedback")
    browser.check("mentoring-session-answered")
    assert "Your answers" in browser.text("main")
    browser.driver.delete_all_cookies()

    # The mentee sees the record, not yet the mentor's answers; after answering, both.
    mentee = accounts["Clinician"]
    browser.sign_in_as(mentee, check=False)
    browser.click("Mentoring")
    browser.check("mentoring-my-mentee")
    session_link(browser, "Dr James Okafor", 1).click()
    WebDriverWait(browser.driver, 15).until(lambda d: "Session 1 of 4" in d.page_source)
    assert "E2E-RECORD" in browser.value("Notes from this session")
    assert "E2E-MENTOR-ANSWER" not in browser.text("main")
    for name, value in (("feltSafe", "4"), ("useful", "5"), ("actionsAgreed", "yes"), ("recommend", "10")):
        choose(browser, name, value)
    browser.click("Send my feedback")
    assert "E2E-MENTOR-ANSWER" in browser.text("main")
    browser.check("mentoring-session-both-answered")
    # Her NES pair's sessions are done and she has evaluated it (the demo's answers).
    browser.visit("/mentoring/my", "mentoring-my-mentee-evaluated", status=None)
    assert "Thank you for evaluating the programme." in browser.text("main")
    browser.driver.delete_all_cookies()

    # The lead's dashboard: figures only.
    restore_session(browser, lead_session)
    browser.visit(programme_path + "/dashboard", "mentoring-dashboard", status=None)
    assert browser.driver.find_elements(By.CSS_SELECTOR, ".chart svg rect")
    assert "E2E-RECORD" not in browser.driver.page_source
    assert "E2E-MENTOR-ANSWER" not in browser.driver.page_source

    # The demo's NES programme: 19 pairs, 76 sessions held, both sides' feedback.
    browser.visit("/mentoring", "mentoring-programmes-list", status=None)
    browser.click("IMG GP trainee mentoring (NES pilot)")
    browser.click("Dashboard")
    browser.check("mentoring-dashboard-nes")
    tables = browser.text("main")
    assert "Held 76" in tables
    assert "Matched (active pairs) 19" in tables
    assert "Answers 76 76" in tables
    assert "End-of-programme evaluation: mentees (19 answered)" in tables
    assert "End-of-programme evaluation: mentors (19 answered)" in tables
