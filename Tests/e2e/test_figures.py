"""The unit lead's figures over the demo year: tables, the chart and the CSV, axe-clean."""

from selenium.webdriver.common.by import By


def test_the_unit_lead_sees_a_year_of_figures(browser, cairn):
    lead = cairn.demo_accounts()["Unit lead"]
    browser.sign_in_as(lead, check=False)
    browser.click("Figures")
    browser.check("figures-support")
    captions = [c.text for c in browser.driver.find_elements(By.CSS_SELECTOR, "table caption")]
    assert "Referrals by reason" in captions
    assert browser.driver.find_elements(By.CSS_SELECTOR, ".chart svg rect")
    assert "working days" in browser.text(".summary-list")
