"""The unit lead's figures over the demo year: tables, the chart and the CSV, axe-clean."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def test_the_unit_lead_sees_a_year_of_figures(browser, cairn):
    lead = cairn.demo_accounts()["Unit lead"]
    browser.sign_in_as(lead, check=False)
    browser.click("Figures")
    browser.check("figures-support")
    captions = [c.text for c in browser.driver.find_elements(By.CSS_SELECTOR, "table caption")]
    assert "Referrals by reason" in captions
    assert browser.driver.find_elements(By.CSS_SELECTOR, ".chart svg rect")
    assert "working days" in browser.text(".summary-list")


def test_the_unit_lead_moves_a_case_between_case_managers(browser, cairn):
    # Issue #13 item 2: the team's load links to what each case manager holds; a case moves with one choice.
    lead = cairn.demo_accounts()["Unit lead"]
    browser.sign_in_as(lead, check=False)
    browser.driver.get(cairn.url("/cases"))
    rows = browser.driver.find_elements(By.CSS_SELECTOR, "#team ~ table tbody tr")
    assert len(rows) >= 2, "the team's load should list the demo's case managers"
    busiest = max(rows, key=lambda row: int(row.find_elements(By.TAG_NAME, "td")[1].text))
    name = busiest.find_element(By.TAG_NAME, "a").text
    browser.click(name)
    browser.check("cases-team-holdings")
    assert f"Cases {name} holds" in browser.text("h1")
    first_row = browser.driver.find_element(By.CSS_SELECTOR, "main table tbody tr")
    reference = first_row.find_elements(By.TAG_NAME, "td")[0].text.split()[0]
    options = [o for o in first_row.find_elements(By.TAG_NAME, "option") if o.get_attribute("value")]
    options[0].click()
    first_row.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser.driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".notice"))
    assert "The case was moved" in browser.text(".notice")
    browser.check("cases-team-moved")
    shown = [row.find_elements(By.TAG_NAME, "td")[0].text for row in
             browser.driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")]
    assert not any(cell.startswith(reference) for cell in shown)
