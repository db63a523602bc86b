"""Headless Chromium (Debian's) and the page helpers every journey uses."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from .axe import axe_check, safe_name
from .paths import SCREENSHOT_DIR
from .server import CairnServer, DemoAccount, http_get

CHROMIUM = os.environ.get("CAIRN_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CAIRN_E2E_CHROMEDRIVER", "/usr/bin/chromedriver")
WINDOW = (1280, 800)

# The account pages of issue #3, by their visible labels: if the wording changes, change it here once.
SIGN_IN_PATH = "/sign-in"
EMAIL_LABEL = "Email address"
PASSWORD_LABEL = "Password"
SIGN_IN_BUTTON = "Sign in"
CODE_LABEL = "Security code"
CODE_BUTTON = "Continue"
TOKENS_PATH = "/account/tokens"
TOKEN_NAME_LABEL = "What is it for?"
CREATE_TOKEN_BUTTON = "Create token"


def make_driver(profile_dir: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-extensions",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        "--force-device-scale-factor=1",
        "--hide-scrollbars",
        "--lang=en-GB",
        f"--user-data-dir={profile_dir}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    return driver


def screenshot(driver, name: str) -> Path:
    """The whole page (not only the viewport) as build/e2e/screenshots/NAME.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{safe_name(name)}.png"
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


@dataclass
class FocusStop:
    element: WebElement
    name: str
    visible_focus: object  # while tabbing: the focused look; afterwards: True when it differs from unfocused


class Browser:
    """One journey's view of the browser: `visit` a page (status, console, screenshot, axe), then act on it
    as a person would: by visible labels and button text, and by keyboard."""

    def __init__(self, driver: webdriver.Chrome, server: CairnServer):
        self.driver = driver
        self.server = server

    # Pages ------------------------------------------------------------------------------------------

    def visit(self, path: str, name: str, status: int | None = 200) -> None:
        """Open PATH, check its HTTP status (None: don't), then `check(name)`."""
        if status is not None:
            got, _, _ = http_get(self.server.url(path))
            assert got == status, f"GET {path} answered {got}, expected {status}"
        self.driver.get(self.server.url(path))
        self.check(name, document_status=status)

    def check(self, name: str, document_status: int | None = 200) -> None:
        """What every page a journey reaches must pass: no console errors, a screenshot, axe."""
        self.assert_no_console_errors(ignore_document_status=document_status not in (None, 200))
        self.screenshot(name)
        axe_check(self.driver, name)

    def screenshot(self, name: str) -> Path:
        return screenshot(self.driver, name)

    def axe_check(self, name: str) -> dict:
        return axe_check(self.driver, name)

    def assert_no_console_errors(self, ignore_document_status: bool = False) -> None:
        """Fails on errors in the browser console (a CSP refusal, a missing stylesheet, a script error)."""
        url = self.driver.current_url
        errors = [e["message"] for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]
        if ignore_document_status:  # the page's own 4xx is reported in the console; it is expected here
            errors = [m for m in errors if not (m.startswith(url + " ") and "Failed to load resource" in m)]
        assert not errors, "errors in the browser console:\n  " + "\n  ".join(errors)

    @property
    def path(self) -> str:
        return self.driver.execute_script("return location.pathname + location.search + location.hash")

    @property
    def title(self) -> str:
        return self.driver.title

    def text(self, css: str) -> str:
        return self.driver.find_element(By.CSS_SELECTOR, css).text

    # Forms ------------------------------------------------------------------------------------------

    def field(self, label: str) -> WebElement:
        """The control whose visible <label> reads LABEL (exactly, or starting so: hints may follow), or
        whose aria-label is LABEL. Finding by label is itself a check that the field is named."""
        d = self.driver
        for xpath in (
            f"//label[normalize-space(.)={_xpath_literal(label)}]",
            f"//label[starts-with(normalize-space(.), {_xpath_literal(label)})]",
        ):
            for element in d.find_elements(By.XPATH, xpath):
                target = element.get_attribute("for")
                if target:
                    return d.find_element(By.ID, target)
                nested = element.find_elements(By.CSS_SELECTOR, "input, select, textarea")
                if nested:
                    return nested[0]
        found = d.find_elements(By.XPATH, f"//*[@aria-label={_xpath_literal(label)}]")
        if found:
            return found[0]
        labels = [e.text for e in d.find_elements(By.TAG_NAME, "label")]
        raise NoSuchElementException(f"no field labelled {label!r} on {self.path}; labels here: {labels}")

    def fill(self, label: str, text: str) -> None:
        """Type TEXT into the field labelled LABEL; for a date (day, month and year boxes under a legend), TEXT is
        an ISO date ("2027-03-04") typed into the three boxes as a person would ("4", "3", "2027")."""
        if fill_date(self.driver, label, text):
            return
        element = self.field(label)
        element.clear()
        element.send_keys(text)

    def value(self, label: str) -> str:
        """The field's value; for a date's three boxes, the ISO date they hold (as the server joins them)."""
        joined = date_value(self.driver, label)
        if joined is not None:
            return joined
        return self.field(label).get_attribute("value") or ""

    def click(self, text: str) -> None:
        """Click the button (or else the link) whose visible text, or value for input buttons, is TEXT."""
        literal = _xpath_literal(text)
        for xpath in (
            f"//button[normalize-space(.)={literal}] | //input[(@type='submit' or @type='button') and @value={literal}]",
            f"//a[normalize-space(.)={literal}]",
        ):
            elements = [e for e in self.driver.find_elements(By.XPATH, xpath) if e.is_displayed()]
            if elements:
                self._click_and_wait(elements[0])
                return
        raise AssertionError(f"no button or link {text!r} on {self.path}")

    def _click_and_wait(self, element: WebElement) -> None:
        """Click; when that loads a page (a form's submit button, a link elsewhere), wait until it has."""
        navigates = self.driver.execute_script(
            """const el = arguments[0];
            if (el.tagName === 'A') return el.href.split('#')[0] !== location.href.split('#')[0] || !el.hash;
            return !!el.form && (el.type || 'submit').toLowerCase() === 'submit';""",
            element,
        )
        page = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        if navigates:
            wait = WebDriverWait(self.driver, 15)
            wait.until(_gone(page))
            wait.until(lambda d: d.execute_script("return document.readyState") == "complete")

    def sign_in(self, email: str, password: str, authenticator_key: str | None = None, check: bool = True) -> None:
        """Sign in through the real form, as a person would (issue #3), answering the security-code page
        with a TOTP code when the account has an authenticator key. CHECK: screenshot and axe each page."""
        if check:
            self.visit(SIGN_IN_PATH, "sign-in")
        else:
            self.driver.get(self.server.url(SIGN_IN_PATH))
        self.fill(EMAIL_LABEL, email)
        self.fill(PASSWORD_LABEL, password)
        self.click(SIGN_IN_BUTTON)
        if authenticator_key and self.driver.find_elements(By.XPATH, f"//label[normalize-space(.)={_xpath_literal(CODE_LABEL)}]"):
            if check:
                self.check("sign-in-security-code")
            self.fill(CODE_LABEL, fresh_totp(authenticator_key))
            self.click(CODE_BUTTON)

    def sign_in_as(self, account: DemoAccount, check: bool = True) -> None:
        """Sign in as one of `cairn demo`'s accounts (see `cairn.demo_accounts()`)."""
        self.sign_in(account.email, account.password, account.authenticator_key, check=check)

    def create_api_token(self, account: DemoAccount, name: str = "schemathesis") -> str:
        """Sign in as ACCOUNT, create an API token at /account/tokens, sign out (drop cookies); the secret."""
        self.sign_in_as(account, check=False)
        self.driver.get(self.server.url(TOKENS_PATH))
        self.fill(TOKEN_NAME_LABEL, name)
        self.click(CREATE_TOKEN_BUTTON)
        secrets = self.driver.find_elements(By.CSS_SELECTOR, "code.secret")
        if not secrets:
            shot = self.screenshot("FAILED-create-api-token")
            raise AssertionError(f"no new API token shown at {self.path} after signing in as {account.email}; see {shot}")
        token = secrets[0].text.strip()
        self.driver.delete_all_cookies()
        return token

    # Keyboard ---------------------------------------------------------------------------------------

    def press(self, *keys: str) -> None:
        ActionChains(self.driver).send_keys(*keys).perform()

    def tab(self, times: int = 1, shift: bool = False) -> WebElement:
        for _ in range(times):
            if shift:
                ActionChains(self.driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
            else:
                self.press(Keys.TAB)
        return self.focused()

    def focused(self) -> WebElement:
        return self.driver.switch_to.active_element

    def focused_id(self) -> str:
        """The focused element's id, read in the page: unlike a WebElement it cannot go stale between the key press
        and the read (chromedriver once answered "Node with given id does not belong to the document" there)."""
        return self.driver.execute_script("return (document.activeElement && document.activeElement.id) || ''")

    def focus_order(self, limit: int = 60) -> list[FocusStop]:
        """Tab through a freshly loaded page until focus leaves the document or comes round again; for
        each stop, whether focusing it changed how it looks (outline, shadow, background or colour)."""
        self.driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
        stops: list[FocusStop] = []
        for _ in range(limit):
            element = self.tab()
            if element.tag_name.lower() == "body" or any(s.element == element for s in stops):
                break
            stops.append(FocusStop(element, element.accessible_name or element.text, self._look(element)))
        self.driver.execute_script("document.activeElement && document.activeElement.blur()")
        for stop in stops:
            stop.visible_focus = self._look(stop.element) != stop.visible_focus
        return stops

    def _look(self, element: WebElement) -> str:
        return self.driver.execute_script(
            "const s = getComputedStyle(arguments[0]);"
            "return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color].join('|');",
            element,
        )

    # Layout -----------------------------------------------------------------------------------------

    @contextmanager
    def viewport(self, width: int, height: int = 800):
        """Emulate a layout viewport WIDTH CSS px wide, all of it for the page (WCAG 1.4.10 counts 320 px).

        At 400% zoom of a 1280 px window the page gets 320 CSS px less about 4 for the scrollbar, which
        Chromium does not zoom; an unzoomed 15 px scrollbar would take 15, hence `--hide-scrollbars`."""
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        try:
            yield
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def horizontal_overflow(self) -> list[str]:
        """Elements that stick out to the right of the viewport, when the page scrolls sideways."""
        return self.driver.execute_script(
            """
            const root = document.documentElement, width = root.clientWidth;
            if (root.scrollWidth <= width) return [];
            const out = [];
            const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
              (el.classList.length ? '.' + [...el.classList].join('.') : '');
            for (const el of document.body.querySelectorAll('*')) {
              const r = el.getBoundingClientRect();
              if (r.width > 0 && r.right > width + 0.5) out.push(`${describe(el)} right edge at ${Math.round(r.right)}px`);
            }
            // Text can stick out of a box that fits (a long word, a number that does not wrap).
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              range.selectNodeContents(node);
              const right = Math.max(...[...range.getClientRects()].map(r => r.right), 0);
              if (right > width + 0.5)
                out.push(`text "${node.textContent.trim().slice(0, 60)}" in ${describe(node.parentElement)} reaches ${Math.round(right)}px`);
            }
            return out.length ? out : [`page is ${root.scrollWidth}px wide in a ${width}px viewport`];
            """
        )


_last_step: dict[str, int] = {}


def fresh_totp(base32_key: str, period: int = 30) -> str:
    """A code for BASE32_KEY that this run has not used yet: Cairn accepts each code once (a replayed code is
    refused), so when two journeys sign in as the same account within one 30-second step, the second waits for the
    next step."""
    step = int(time.time() // period)
    if _last_step.get(base32_key, -1) >= step:
        time.sleep((step + 1) * period - time.time() + 0.2)
        step = int(time.time() // period)
    _last_step[base32_key] = step
    return totp(base32_key)


def totp(base32_key: str, at: float | None = None, digits: int = 6, period: int = 30) -> str:
    """The RFC 6238 code (HMAC-SHA-1) an authenticator app would show now for BASE32_KEY."""
    key = base64.b32decode(base32_key.upper() + "=" * (-len(base32_key) % 8))
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return str(code).zfill(digits)


def date_boxes(container, label: str) -> list[WebElement] | None:
    """The day, month and year boxes of the date whose legend reads LABEL inside CONTAINER, if there is one."""
    literal = _xpath_literal(label)
    for xpath in (f".//fieldset[legend[normalize-space(.)={literal}]]",
                  f".//fieldset[legend[starts-with(normalize-space(.), {literal})]]"):
        for fieldset in container.find_elements(By.XPATH, xpath):
            boxes = fieldset.find_elements(By.CSS_SELECTOR, ".date-input input")
            if len(boxes) == 3:
                return boxes
    return None


def fill_date(container, label: str, iso: str) -> bool:
    """Types an ISO date into a date's three boxes as day, month, year (False when LABEL is not a date)."""
    boxes = date_boxes(container, label)
    if boxes is None:
        return False
    parts = iso.split("-") if iso else ["", "", ""]
    year, month, day = (parts + ["", "", ""])[:3] if len(parts) == 3 else ("", "", iso)
    for box, text in zip(boxes, (day.lstrip("0") or day, month.lstrip("0") or month, year)):
        box.clear()
        box.send_keys(text)
    return True


def date_value(container, label: str) -> str | None:
    """The ISO date a date's three boxes hold, joined as the server joins them; None when LABEL is not a date."""
    boxes = date_boxes(container, label)
    if boxes is None:
        return None
    day, month, year = (b.get_attribute("value") or "" for b in boxes)
    if not (day or month or year):
        return ""
    pad = lambda part: part.zfill(2) if part.isdigit() and len(part) <= 2 else part
    return f"{year}-{pad(month)}-{pad(day)}"


def _gone(element: WebElement):
    """Like `staleness_of`, but also when chromedriver says the node left the document mid-navigation (it reports
    that as a plain WebDriverException, which `staleness_of` lets escape; seen in CI)."""

    def check(_driver) -> bool:
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error) or "No node with given id" in str(error):
                return True
            raise

    return check


def _xpath_literal(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in text.split("'")) + ")"


def new_profile_dir() -> str:
    return tempfile.mkdtemp(prefix="cairn-e2e-chromium-")
