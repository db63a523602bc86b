"""Issue #18 in a real browser: the facilitator starts a practice's plan from its vision, builds the team and its
needs, runs a prioritisation workshop with three attendees' rankings (a Borda count with a tie), adds a development
that answers one of the needs and proposes it as an objective in a GP's personal development plan, writes its
evaluation and logs a challenge of change; the GP writes a reflection, adds it as evidence for that objective, records her
revalidation date and appraisal and exports her evidence pack (printable page, Markdown, JSON); the responsible
officer's overview shows her dates and counts without a word of her plan, and the officer cannot open the plans.
Every page passes axe; the plan, the workshop and the GP's page fit 320 CSS px."""

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from support.browser import _xpath_literal, date_value, fill_date
from support.server import http_get

PRACTICE = "E2E Llanfair Surgery"
VISION = "Every child with asthma has a plan their family understands."
# Four needs; the rankings below give a known order with a tie (a Borda count: rank r earns 4 + 1 − r points).
ASTHMA = "Asthma reviews overdue for children"
RESULTS = "Results not reaching patients"
PHONES = "Long waits on the telephone"
FRAILTY = "Frailty coding incomplete"
NEEDS = [
    (ASTHMA, "A local health priority", "Audit"),
    (RESULTS, "The practice's need", "Significant event"),
    (PHONES, "The practice's need", "Patient feedback"),
    (FRAILTY, "An NHS priority", "Data"),
]
GP, NURSE, MANAGER = "Dr Amira Haddad", "Nia Roberts", "Huw Price"
DEVELOPMENT = "Named nurse recall for asthma reviews"
REFLECTION = "Spacer technique with a worried parent"
REFLECTION_WORDS = "I felt unsure explaining a spacer device to a worried parent"


def london_today() -> date:
    """Today as the server counts days (CAIRN_TIME_ZONE, Europe/London by default): near midnight in summer it is
    not the machine's UTC `date.today()`."""
    return datetime.now(ZoneInfo("Europe/London")).date()


def long_date(day: date) -> str:
    """A day as Cairn writes it on its pages: 5 March 2027."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def disclosure(browser, summary):
    """Open the <details> whose <summary> reads SUMMARY, by clicking the summary as a person would (unless a form
    with errors came back already open); the <details>, to find its fields in."""
    details = browser.driver.find_element(
        By.XPATH, f"//details[summary[normalize-space(.)={_xpath_literal(summary)}]]"
    )
    if not details.get_attribute("open"):
        details.find_element(By.TAG_NAME, "summary").click()
    assert details.get_attribute("open"), f"the disclosure {summary!r} did not open"
    return details


def field_in(container, label):
    """The control labelled LABEL inside CONTAINER (a disclosure or a form): its <label for=…> is looked up in the
    container, so a label that starts like another form's on the same page ("Development" and "Developments")
    cannot pick the wrong box."""
    literal = _xpath_literal(label)
    for xpath in (f".//label[normalize-space(.)={literal}]", f".//label[starts-with(normalize-space(.), {literal})]"):
        for label_element in container.find_elements(By.XPATH, xpath):
            return container.find_element(By.CSS_SELECTOR, f"[id='{label_element.get_attribute('for')}']")
    raise AssertionError(f"no field labelled {label!r} in this part of the page")


def fill_in(container, label, text):
    if fill_date(container, label, text):
        return
    element = field_in(container, label)
    element.clear()
    element.send_keys(text)


def choose_in(container, label, option):
    Select(field_in(container, label)).select_by_visible_text(option)


def tick_in(container, label):
    container.find_element(By.XPATH, f".//label[normalize-space(.)={_xpath_literal(label)}]").click()


def submit_in(browser, container, text):
    button = container.find_element(By.XPATH, f".//button[normalize-space(.)={_xpath_literal(text)}]")
    browser._click_and_wait(button)


def table_rows(browser, caption):
    """The body rows of the table whose caption starts with CAPTION, as lists of cell texts."""
    table = browser.driver.find_element(
        By.XPATH, f"//table[caption[starts-with(normalize-space(.), {_xpath_literal(caption)})]]"
    )
    return [
        [cell.text.strip() for cell in row.find_elements(By.TAG_NAME, "td")]
        for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")
    ]


def summary_row(browser, key):
    return browser.driver.find_element(
        By.XPATH, f"//div[contains(@class, 'summary-list__row')][dt[normalize-space(.)={_xpath_literal(key)}]]/dd"
    ).text.strip()


def fetch(browser, cairn, path):
    """(status, headers, body) of PATH with the browser's session, as the browser would download it."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in browser.driver.get_cookies())
    return http_get(cairn.url(path), headers={"Cookie": cookie})


def record_ranking(browser, who, ranks):
    """On the workshop page: WHO's ranks, need title → rank (a need left out stays unranked)."""
    Select(browser.field("Whose ranking")).select_by_visible_text(who)
    for title, _, _ in NEEDS:
        browser.fill(f"Rank for \u201c{title}\u201d", str(ranks.get(title, "")))
    browser.click("Record this ranking")


def fits_320(browser, name):
    """WCAG 1.4.10 on the page now shown, with every disclosure open so that its forms are measured too."""
    browser.driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    with browser.viewport(320):
        assert browser.horizontal_overflow() == [], name


def test_a_workshop_s_priorities_become_a_gp_s_objective_and_evidence_the_ro_sees_only_as_dates(browser, cairn):
    accounts = cairn.demo_accounts()
    facilitator, gp, officer = accounts["Facilitator"], accounts["Clinician"], accounts["Responsible officer"]
    today = london_today()
    due = today + timedelta(days=180)
    revalidation = today + timedelta(days=90)
    appraised = today - timedelta(days=7)

    # The facilitator's practices; starting a plan without a name keeps the vision typed.
    browser.sign_in_as(facilitator, check=False)
    browser.driver.get(cairn.url("/practices"))
    browser.check("practices-list")
    assert browser.text("table caption").startswith("Your practices (")
    assert "Aberaeron Medical Practice" in browser.text("table")
    start = disclosure(browser, "Start a practice's plan")
    fill_in(start, "The practice's vision", VISION)
    submit_in(browser, start, "Start the plan")
    browser.check("practices-start-errors", document_status=422)
    assert "There is a problem" in browser.text(".error-summary")
    start = disclosure(browser, "Start a practice's plan")
    assert field_in(start, "The practice's vision").get_attribute("value") == VISION
    fill_in(start, "Practice name", PRACTICE)
    submit_in(browser, start, "Start the plan")
    assert browser.path.endswith("/plan?notice=started"), browser.path
    plan_path = browser.path.split("?")[0]
    browser.check("practice-plan-started")
    assert "The practice's plan is started" in browser.text(".notice")
    assert VISION in browser.text("main")

    # The team: the demo GP (she has an account) and two new people (they are invited).
    for name, email, place in (
        (GP, gp.email, "Doctor"),
        (NURSE, "nia.roberts@example.nhs.uk", "Nurse"),
        (MANAGER, "huw.price@example.nhs.uk", "Practice manager"),
    ):
        team = disclosure(browser, "Add someone to the team")
        fill_in(team, "Name", name)
        fill_in(team, "Email address", email)
        choose_in(team, "Place in the team", place)
        submit_in(browser, team, "Add to the team")
        assert "They are in the team." in browser.text(".notice")
    assert f"{GP} (Doctor)" in browser.text("main")
    assert f"{MANAGER} (Practice manager)" in browser.text("main")

    # The needs, where they came from and how they were found.
    for title, source, finding in NEEDS:
        need = disclosure(browser, "Add a need")
        fill_in(need, "The need", title)
        choose_in(need, "Where it came from", source)
        choose_in(need, "How it was found", finding)
        submit_in(browser, need, "Add the need")
        assert "The need is added." in browser.text(".notice")
    assert [row[0] for row in table_rows(browser, "Needs")] == [title for title, _, _ in NEEDS]
    browser.check("practice-plan-team-and-needs")

    # A workshop with the three of them.
    workshop = disclosure(browser, "Record a workshop")
    fill_in(workshop, "Day of the workshop", today.isoformat())
    for name in (GP, NURSE, MANAGER):
        tick_in(workshop, name)
    fill_in(workshop, "Notes (the facilitator's, not shown to the team)", "E2E-NOTES quiet start, lively end")
    submit_in(browser, workshop, "Record the workshop")
    assert "/workshops/" in browser.path, browser.path
    workshop_path = browser.path.split("?")[0]
    browser.check("workshop-recorded")
    assert "The workshop is recorded" in browser.text(".notice")
    assert f"Attendees: {GP}" in browser.text("main")

    # Three rankings (the manager ranks only two needs); a rank used twice is refused.
    record_ranking(browser, GP, {ASTHMA: 1, RESULTS: 2, PHONES: 3, FRAILTY: 4})
    assert "The ranking is recorded" in browser.text(".notice")
    record_ranking(browser, NURSE, {ASTHMA: 1, RESULTS: 1, PHONES: 3, FRAILTY: 4})
    browser.check("workshop-ranking-errors", document_status=422)
    assert "Use each rank once" in browser.text(".error-summary")
    record_ranking(browser, NURSE, {ASTHMA: 1, PHONES: 2, RESULTS: 3, FRAILTY: 4})
    assert "The ranking is recorded" in browser.text(".notice")
    record_ranking(browser, MANAGER, {PHONES: 1, RESULTS: 2})
    assert "The ranking is recorded" in browser.text(".notice")
    browser.check("workshop-ranked")
    # Points: phones 2 + 3 + 4 = 9; asthma 4 + 4 = 8; results 3 + 2 + 3 = 8; frailty 1 + 1 = 2.
    # Place, need, points, first places, ranked by; the tie shares second place, in title order.
    expected = [
        ["1", PHONES, "9", "1", "3"],
        ["=2", ASTHMA, "8", "2", "2"],
        ["=2", RESULTS, "8", "0", "3"],
        ["4", FRAILTY, "2", "0", "2"],
    ]
    assert table_rows(browser, "Result of this workshop") == expected
    ranks = table_rows(browser, "Each attendee's ranks")
    assert len(ranks) == 3
    assert [MANAGER, "–", "2", "1", "–"] in ranks  # columns in the needs' order: asthma, results, phones, frailty
    assert "3 attendees ranked up to 4 needs" in browser.text("main")
    assert "E2E-NOTES" in browser.text("main")  # the facilitator's own notes
    fits_320(browser, "workshop")

    # The plan shows the same priorities; a development due before it starts is refused.
    browser.driver.get(cairn.url(workshop_path))
    browser.click(PRACTICE)
    assert browser.path == plan_path
    assert table_rows(browser, "The practice's priorities") == expected
    development = disclosure(browser, "Add a development")
    fill_in(development, "Development", DEVELOPMENT)
    choose_in(development, "The need it answers (optional)", ASTHMA)
    fill_in(development, "Aim", "Every child with asthma reviewed each year")
    fill_in(development, "SMART objective", "90 percent of children with asthma reviewed within 12 months by then")
    choose_in(development, "Owner (optional)", NURSE)
    fill_in(development, "Starts on", today.isoformat())
    fill_in(development, "Due on", (today - timedelta(days=1)).isoformat())
    choose_in(development, "Status", "Under way")
    submit_in(browser, development, "Add the development")
    browser.check("practice-plan-development-errors", document_status=409)
    assert "on or after the start" in browser.text(".error-summary")
    development = disclosure(browser, "Add a development")
    assert field_in(development, "Development").get_attribute("value") == DEVELOPMENT
    fill_in(development, "Due on", due.isoformat())
    submit_in(browser, development, "Add the development")
    assert "/developments/" in browser.path, browser.path
    development_path = browser.path.split("?")[0]
    browser.check("development-added")
    assert "The development is added." in browser.text(".notice")
    assert summary_row(browser, "Answers the need") == ASTHMA
    assert summary_row(browser, "Owner") == NURSE
    assert summary_row(browser, "Objectives in the team's personal plans behind it") == "None yet"

    # It becomes an objective in the GP's personal development plan.
    objective = disclosure(browser, "Propose it as an objective in a team member's plan")
    choose_in(objective, "Team member", GP)
    assert date_value(objective, "Target date") == due.isoformat()
    choose_in(objective, "Domain of Good Medical Practice", "Patients, partnership and communication")
    submit_in(browser, objective, "Propose the objective")
    assert "The objective is in their personal development plan" in browser.text(".notice")
    assert summary_row(browser, "Objectives in the team's personal plans behind it") == "1"
    browser.check("development-objective-proposed")

    # The evaluation starts from the evidence before.
    evaluation = disclosure(browser, "Write the evaluation")
    fill_in(evaluation, "Evidence before", "Audit in spring: 40 percent of children with asthma reviewed in a year")
    submit_in(browser, evaluation, "Save the evaluation")
    assert "The evaluation is saved." in browser.text(".notice")
    assert summary_row(browser, "Evidence before").startswith("Audit in spring")
    browser.check("development-evaluated")

    # The plan lists the development with its objective; the facilitator logs a challenge of change.
    browser.click(PRACTICE)
    assert [DEVELOPMENT, "Under way", long_date(due), "1", "No"] in table_rows(browser, "Developments")
    browser.click("Challenges of change: the facilitator's log")
    browser.check("challenges")
    Select(browser.field("Challenge")).select_by_visible_text("Initiating: Not enough time")
    browser.fill("When it arose", today.isoformat())
    browser.fill("What happened", "The partners asked for the workshop to end by six")
    browser.fill("How it was negotiated", "We kept to ninety minutes and sent the needs beforehand")
    browser.click("Log the challenge")
    assert "The challenge is logged." in browser.text(".notice")
    assert "The partners asked for the workshop to end by six" in browser.text("main")
    browser.check("challenges-logged")
    browser.driver.get(cairn.url(plan_path))
    browser.check("practice-plan")
    fits_320(browser, "practice plan")
    browser.driver.delete_all_cookies()

    # The GP writes a reflection, finds the objective in her plan and adds the reflection as evidence for it.
    browser.sign_in_as(gp, check=False)
    browser.driver.get(cairn.url("/reflections/new"))
    browser.fill("Title", REFLECTION)
    browser.fill("Awareness", REFLECTION_WORDS)
    browser.fill("Identify learning", "Show the technique first and ask the parent to show it back")
    browser.fill("CPD time in minutes (optional)", "30")  # copied to the evidence as CPD hours
    browser.click("Save the reflection")
    assert "Your reflection is saved." in browser.text(".notice")
    browser.driver.get(cairn.url("/my-development"))
    browser.check("my-development")
    learning_need = f"For the practice's plan: {DEVELOPMENT}"
    plan_rows = table_rows(browser, "Your plan (")
    mine = [row for row in plan_rows if row[0] == learning_need]
    assert mine, plan_rows
    assert mine[0][1] == long_date(due)
    assert mine[0][3] == f"{DEVELOPMENT} ({PRACTICE})"
    evidence = disclosure(browser, "Add evidence")
    records = Select(field_in(evidence, "From your records in Cairn (optional)"))
    assert any(o.text.startswith("Reflection: ") for o in records.options)
    records.select_by_visible_text(f"Reflection: {REFLECTION} ({long_date(today)})")
    choose_in(evidence, "For which item of your plan (optional)", learning_need)
    submit_in(browser, evidence, "Add the evidence")
    assert "The evidence is added." in browser.text(".notice")
    assert [f"Reflection: {REFLECTION}", "Continuing professional development", long_date(today), "0.50"] in (
        table_rows(browser, "Your evidence (")
    )

    # Her revalidation date and this year's appraisal.
    dates = disclosure(browser, "Record your revalidation date")
    dates.find_element(By.XPATH, ".//label[starts-with(normalize-space(.), 'GMC')]").click()
    fill_in(dates, "Revalidation date", revalidation.isoformat())
    submit_in(browser, dates, "Save the date")
    assert "Your revalidation date is saved." in browser.text(".notice")
    assert summary_row(browser, "Revalidation") == f"GMC on {long_date(revalidation)}"
    appraisal = disclosure(browser, "Record an appraisal")
    fill_in(appraisal, "Day of the appraisal", appraised.isoformat())
    submit_in(browser, appraisal, "Record the appraisal")
    assert "The appraisal is recorded." in browser.text(".notice")
    assert long_date(appraised) in summary_row(browser, "Appraisals recorded")
    browser.check("my-development-recorded")
    fits_320(browser, "my development")

    # The evidence pack: a printable page with her reflection in full, and the two downloads.
    browser.driver.get(cairn.url("/my-development"))
    browser.click("printable page")
    browser.check("evidence-pack")
    assert browser.path == "/my-development/export.html"
    assert learning_need in browser.text("main")
    assert any(REFLECTION_WORDS in pre.text for pre in browser.driver.find_elements(By.TAG_NAME, "pre"))
    status, headers, body = fetch(browser, cairn, "/my-development/export.md")
    assert status == 200 and "attachment" in headers["Content-Disposition"]
    markdown = body.decode()
    assert markdown.startswith("# Evidence pack: ") and DEVELOPMENT in markdown and REFLECTION_WORDS in markdown
    status, headers, body = fetch(browser, cairn, "/my-development/export.json")
    assert status == 200 and "attachment" in headers["Content-Disposition"]
    pack = json.loads(body)
    assert {"items", "evidence", "appraisals", "revalidationDueOn", "supportingInformation"} <= pack.keys()
    assert pack["revalidationDueOn"] == revalidation.isoformat() and pack["register"] == "gmc"
    assert appraised.isoformat() in pack["appraisals"]
    item = next(i for i in pack["items"] if i["learningNeed"] == learning_need)
    assert item["servesPracticeDevelopment"] == f"{DEVELOPMENT} ({PRACTICE})"
    exported = next(e for e in pack["evidence"] if e["title"] == f"Reflection: {REFLECTION}")
    assert REFLECTION_WORDS in exported["content"]
    browser.driver.delete_all_cookies()

    # The responsible officer sees her dates and a count, none of her words, and cannot open plans.
    browser.sign_in_as(officer)
    assert browser.path.startswith("/appraisal-overview"), browser.path
    browser.check("appraisal-overview")
    assert browser.driver.find_elements(By.CSS_SELECTOR, "a[href*='page=2']"), "no paging over 50 people"
    row = None
    for page in range(1, 6):
        browser.driver.get(cairn.url(f"/appraisal-overview?page={page}"))
        found = [r for r in table_rows(browser, "People by revalidation date (") if r[0] == GP]
        if found:
            row = found[0]
            break
    assert row, "the GP is not in the overview"
    browser.check("appraisal-overview-gp")
    assert row[1:5] == ["GMC", long_date(revalidation), "Due in 90 days", long_date(appraised)], row
    assert row[5].endswith(" of 6")
    page = browser.driver.page_source
    for words in (DEVELOPMENT, REFLECTION, REFLECTION_WORDS, "For the practice's plan", "Reflection:", PRACTICE):
        assert words not in page, f"the overview shows {words!r}"
    for path in ("/my-development", "/my-development/export.json", "/practices", plan_path, development_path):
        status, _, body = fetch(browser, cairn, path)
        assert status in (403, 404), f"the responsible officer got {status} from {path}"
        assert DEVELOPMENT.encode() not in body
    browser.driver.get(cairn.url("/my-development"))
    browser.check("my-development-refused-to-officer", document_status=403)
