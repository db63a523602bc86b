"""The home page: it loads, its skip link works, it can be used by keyboard alone, and it reflows at 400%."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def test_home_page_loads_with_its_styles(browser, cairn):
    browser.visit("/", "home")

    assert browser.title.startswith("Home – Cairn")
    assert browser.text("h1") == "Support for clinicians, in confidence"
    assert browser.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    current = browser.driver.find_element(By.CSS_SELECTOR, "nav[aria-label='Main'] a[aria-current='page']")
    assert current.text == "Home"
    # The stylesheet arrived through the content security policy (the body's background is Cairn's).
    background = browser.driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(240, 244, 245)"
    # The help-now box is on the home page for anyone in crisis.
    assert "116 123" in browser.text(".urgent-help")


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(browser):
    browser.visit("/", "home")

    first = browser.tab()
    assert first.text == "Skip to main content"
    assert first.get_attribute("href").endswith("#main")
    # Hidden until focused, then on screen.
    rect = browser.driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", first)
    assert rect["left"] >= 0 and rect["top"] >= 0 and rect["width"] > 0, f"skip link off screen when focused: {rect}"
    browser.screenshot("home-skip-link-focused")

    browser.press(Keys.ENTER)
    assert browser.focused().get_attribute("id") == "main"
    assert browser.path == "/#main"


def test_every_link_in_the_header_is_reachable_by_keyboard_and_shows_focus(browser):
    browser.visit("/", "home")

    stops = browser.focus_order()
    names = [stop.name for stop in stops]
    assert names[:3] == ["Skip to main content", "Cairn Professional Support Unit", "Home"], names
    invisible = [stop.name for stop in stops if not stop.visible_focus]
    assert not invisible, f"focus is not visible on: {invisible}"


def test_header_navigation_works_by_keyboard(browser):
    browser.visit("/no-such-page", "not-found", status=404)

    stops = [stop.name for stop in browser.focus_order()]
    home = stops.index("Home") + 1
    browser.driver.refresh()  # start again from the top of the page
    link = browser.tab(home)
    assert link.text == "Home"
    browser.press(Keys.ENTER)

    assert browser.path == "/"
    assert browser.text("h1") == "Support for clinicians, in confidence"


def test_home_page_needs_no_horizontal_scrolling_at_400_percent_zoom(browser):
    browser.visit("/", "home")

    with browser.viewport(320):  # 1280 px at 400% zoom (WCAG 1.4.10 Reflow)
        overflow = browser.horizontal_overflow()
        browser.screenshot("home-320px")
    assert not overflow, "horizontal scrolling needed at 320 px:\n  " + "\n  ".join(overflow)


def test_the_footer_leads_to_the_privacy_notice_the_accessibility_statement_and_contact(browser, cairn):
    browser.visit("/", "home")
    for label, path, name in (
        ("Privacy notice", "/privacy", "privacy"),
        ("Accessibility statement", "/accessibility", "accessibility"),
        ("Contact us", "/contact", "contact"),
    ):
        browser.driver.find_element(By.XPATH, f"//footer//a[normalize-space(.)='{label}']").click()
        assert browser.path == path
        browser.check(name)
        assert browser.text("h1") == label
        with browser.viewport(320):
            assert browser.horizontal_overflow() == [], path
