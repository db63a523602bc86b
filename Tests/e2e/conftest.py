"""Fixtures for Cairn's journeys: one real `cairn serve` and one headless Chromium for the whole run."""

from __future__ import annotations

import os
import shutil
import signal

import pytest

from support import axe, notes
from support.browser import Browser, make_driver, new_profile_dir, screenshot
from support.paths import BUILD_DIR, SCREENSHOT_DIR
from support.server import CairnServer, remove_data_dir, start_server


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config):
    # A SIGTERM (a CI time-out, `kill`) ends the run like Ctrl-C: fixtures' teardown stops the server.
    signal.signal(signal.SIGTERM, _interrupt)
    config.addinivalue_line("markers", "api: API fuzzing; runs after the browser journeys")
    config.addinivalue_line("markers", "selftest: proves the harness itself can fail")


def pytest_sessionstart(session):
    # Stale pictures from an earlier run must not pass for this run's.
    shutil.rmtree(SCREENSHOT_DIR, ignore_errors=True)
    shutil.rmtree(BUILD_DIR / "axe", ignore_errors=True)
    BUILD_DIR.mkdir(parents=True, exist_ok=True)


def pytest_collection_modifyitems(config, items):
    """The journeys first, then the API fuzzing (stable sort keeps each group's own order)."""
    items.sort(key=lambda item: item.get_closest_marker("api") is not None)


@pytest.fixture(scope="session")
def cairn() -> CairnServer:
    """A real `cairn serve` on a free port, with a fresh data dir holding `cairn demo`'s data.
    Stopped by its PID whatever happens; its log is build/e2e/cairn-serve.log."""
    try:
        server = start_server()
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    try:
        yield server
    finally:
        server.stop()
        remove_data_dir(server)


@pytest.fixture(scope="session")
def driver():
    profile = new_profile_dir()
    chrome = make_driver(profile)
    try:
        yield chrome
    finally:
        chrome.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(driver, cairn) -> Browser:
    """A clean start for each journey: no cookies, the default window, an empty console log."""
    driver.get(cairn.url("/healthz"))
    driver.delete_all_cookies()
    driver.get("about:blank")
    driver.get_log("browser")
    yield Browser(driver, cairn)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed and "driver" in getattr(item, "fixturenames", ()):
        chrome = item.funcargs.get("driver")
        if chrome is not None:
            try:
                path = screenshot(chrome, f"FAILED-{item.name}")
                report.sections.append(("screenshot", f"the page at failure: {path}"))
            except Exception as error:  # the browser may be what failed
                report.sections.append(("screenshot", f"none taken: {error}"))
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if axe.advisories:
        terminalreporter.section("axe: lesser violations (moderate/minor; not failing)")
        for line in axe.advisories:
            terminalreporter.write_line(line)
    if notes:
        terminalreporter.section("e2e notes")
        for line in notes:
            terminalreporter.write_line(line)
    if exitstatus != 0:
        terminalreporter.section("e2e artefacts")
        terminalreporter.write_line(f"screenshots: {SCREENSHOT_DIR}")
        terminalreporter.write_line(f"axe reports: {BUILD_DIR / 'axe'}")
        terminalreporter.write_line(f"server log:  {BUILD_DIR / 'cairn-serve.log'}")


@pytest.fixture(scope="session")
def api_token(cairn, driver) -> str | None:
    """The bearer token schemathesis sends as `Authorization: Bearer …`.

    CAIRN_E2E_API_TOKEN if set; otherwise a real one, created through the web pages by the demo account
    whose role is CAIRN_E2E_API_ROLE (default Clinician). None only when `cairn demo` printed no accounts."""
    if os.environ.get("CAIRN_E2E_API_TOKEN"):
        return os.environ["CAIRN_E2E_API_TOKEN"]
    accounts = cairn.demo_accounts()
    if not accounts:
        return None
    role = os.environ.get("CAIRN_E2E_API_ROLE", "Clinician")
    if role not in accounts:
        pytest.fail(f"no demo account with the role {role!r}; `cairn demo` printed: {sorted(accounts)}", pytrace=False)
    driver.get(cairn.url("/healthz"))
    driver.delete_all_cookies()
    return Browser(driver, cairn).create_api_token(accounts[role])
