"""Issue #20 item 5 in a real browser against a real OpenID Connect provider (django-oidc-provider, started here):
the authorisation code flow with PKCE, state and nonce; an existing account linked by its verified address; a new
one made with no roles; staff asked for Cairn's second factor unless the provider says it asked for one (`amr`);
sign-out through the provider's own; and the answers Cairn must refuse: a token for another audience, an expired
token, a token whose signature was altered, a replayed token (an earlier sign-in's nonce), an unconfirmed address,
a sign-in answer used twice and one begun in another browser. The bad tokens are the provider's own (see
support/oidc_site/hooks.py)."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from support.browser import Browser, fresh_totp
from support.oidc import OIDCProvider
from support.server import free_port, remove_data_dir, start_server

NEWCOMER = "new.starter@example.nhs.uk"


@pytest.fixture(scope="module")
def sso():
    """A Cairn that offers single sign-on, and the provider it trusts, each with its own data."""
    provider = OIDCProvider()
    cairn_port = free_port()
    server = start_server(provider.cairn_settings(), log_name="cairn-serve-sso.log", port=cairn_port)
    try:
        accounts = server.demo_accounts()
        odd = lambda name, *groups: {  # noqa: E731
            "username": name, "email": f"{name}@example.nhs.uk", "name": f"Test {name}", "groups": list(groups)
        }
        users = [
            {"username": "clinician", "email": accounts["Clinician"].email, "name": "Demo Clinician"},
            {"username": "casemanager", "email": accounts["Case manager"].email, "name": "Demo Case Manager"},
            {"username": "unitlead", "email": accounts["Unit lead"].email, "name": "Demo Lead", "groups": ["mfa"]},
            {"username": "newstarter", "email": NEWCOMER, "name": "Nia Newstarter"},
            odd("unconfirmed", "unverified"),
            odd("wrongaudience", "wrong-audience"),
            odd("expired", "expired"),
            odd("badsignature", "bad-signature"),
            odd("replay", "replay"),
        ]
        provider.start(server.base_url, users)
        yield server, provider, accounts
    finally:
        provider.stop()
        server.stop()
        remove_data_dir(server)


@pytest.fixture
def fresh(driver):
    """No cookies at either end: Cairn's and the provider's sessions both start empty."""
    driver.delete_all_cookies()
    yield driver
    driver.delete_all_cookies()


def clear_cookies(driver, *bases):
    for base in bases:
        driver.get(base + "/healthz" if "/openid" not in base else base + "/.well-known/openid-configuration")
        driver.delete_all_cookies()
    driver.get("about:blank")
    driver.get_log("browser")


def at_provider_sign_in(driver, provider: OIDCProvider, username: str) -> None:
    WebDriverWait(driver, 15).until(lambda d: d.current_url.startswith(provider.url("/accounts/login/")))
    driver.find_element(By.ID, "id_username").send_keys(username)
    driver.find_element(By.ID, "id_password").send_keys(provider.password)
    driver.find_element(By.ID, "provider-sign-in").click()


def sign_in_with_provider(browser: Browser, provider: OIDCProvider, username: str) -> None:
    driver = browser.driver
    driver.get(browser.server.url("/sign-in"))
    driver.find_element(By.ID, "single-sign-on").click()
    at_provider_sign_in(driver, provider, username)
    WebDriverWait(driver, 15).until(lambda d: d.current_url.startswith(browser.server.base_url))
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")


def start(sso, driver) -> tuple[Browser, OIDCProvider]:
    server, provider, _ = sso
    clear_cookies(driver, server.base_url, provider.issuer)
    return Browser(driver, server), provider


def test_the_sign_in_page_offers_the_provider_and_is_accessible(sso, driver):
    browser, _ = start(sso, driver)
    browser.visit("/sign-in", "sso-sign-in")
    link = driver.find_element(By.ID, "single-sign-on")
    assert link.text == "Sign in with NHSmail (test provider)"


def test_an_existing_clinician_signs_in_and_is_linked_by_verified_address(sso, driver):
    browser, provider = start(sso, driver)
    server, _, accounts = sso
    sign_in_with_provider(browser, provider, "clinician")
    # A clinician needs no second factor: straight to their own pages, signed in as the demo clinician.
    assert not browser.path.startswith("/sign-in"), browser.path
    browser.check("sso-clinician-signed-in")
    driver.get(server.url("/account"))
    assert accounts["Clinician"].email in driver.find_element(By.TAG_NAME, "main").text

    # Signing out ends Cairn's session and goes on to the provider's own sign-out, which asks. (This provider
    # sends the browser back only when given an ID token as a hint; Cairn sends its client id, and keeps no token.)
    browser.click("Sign out")
    WebDriverWait(driver, 15).until(lambda d: d.current_url.startswith(provider.url("/openid/end-session")))
    driver.find_element(By.XPATH, "//*[@name='allow']").click()
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.XPATH, "//*[@name='allow']") == [])
    driver.get(server.url("/account"))
    assert browser.path.startswith("/sign-in"), "Cairn's session outlived signing out"
    # …and at the provider: the next sign-in asks for the password again.
    driver.find_element(By.ID, "single-sign-on").click()
    WebDriverWait(driver, 15).until(lambda d: d.current_url.startswith(provider.url("/accounts/login/")))


def test_a_newcomer_gets_an_account_with_no_roles(sso, driver):
    browser, provider = start(sso, driver)
    server, _, _ = sso
    sign_in_with_provider(browser, provider, "newstarter")
    assert not browser.path.startswith("/sign-in"), browser.path
    driver.get(server.url("/account"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert NEWCOMER in main and "Nia Newstarter" in main
    browser.check("sso-newcomer-account")
    # No roles: no staff page opens.
    for staff_page in ("/triage", "/figures/support"):
        driver.get(server.url(staff_page))
        assert "You do not have permission" in driver.find_element(By.TAG_NAME, "main").text, staff_page


def test_staff_are_asked_for_cairns_second_factor_unless_the_provider_asked_for_one(sso, driver):
    browser, provider = start(sso, driver)
    server, _, accounts = sso
    sign_in_with_provider(browser, provider, "casemanager")
    assert browser.path.startswith("/sign-in/second-factor"), browser.path
    browser.check("sso-staff-second-factor")
    browser.fill("Security code", fresh_totp(accounts["Case manager"].authenticator_key))
    browser.click("Continue")
    assert not browser.path.startswith("/sign-in"), browser.path

    browser, provider = start(sso, driver)
    sign_in_with_provider(browser, provider, "unitlead")  # the provider's token says amr: ["pwd", "mfa"]
    assert not browser.path.startswith("/sign-in"), browser.path
    driver.get(server.url("/account"))
    assert accounts["Unit lead"].email in driver.find_element(By.TAG_NAME, "main").text


@pytest.mark.parametrize(
    "username",
    ["wrongaudience", "expired", "badsignature", "unconfirmed"],
)
def test_tokens_cairn_cannot_trust_are_refused(sso, driver, username):
    browser, provider = start(sso, driver)
    server, _, _ = sso
    sign_in_with_provider(browser, provider, username)
    assert browser.path.startswith("/sign-in/single-sign-on/callback"), browser.path
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "You are not signed in" in main
    driver.get(server.url("/account"))
    assert browser.path.startswith("/sign-in"), f"{username}: signed in after all"


def test_a_replayed_token_is_refused(sso, driver):
    """The provider sends the first sign-in's ID token again: its nonce is not this sign-in's."""
    browser, provider = start(sso, driver)
    server, _, _ = sso
    sign_in_with_provider(browser, provider, "replay")  # the first: a real, fresh token
    assert not browser.path.startswith("/sign-in"), browser.path
    browser, provider = start(sso, driver)
    sign_in_with_provider(browser, provider, "replay")
    assert "You are not signed in" in driver.find_element(By.TAG_NAME, "main").text
    driver.get(server.url("/account"))
    assert browser.path.startswith("/sign-in")


class Client:
    """A browser-less client with its own cookies that follows no redirects: to hold a provider's answer in hand."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def send(self, url: str, form: dict | None = None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=data), timeout=15) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def cookie(self, name: str) -> http.cookiejar.Cookie | None:
        return next((c for c in self.jar if c.name == name), None)


def provider_answer(client: Client, server, provider: OIDCProvider, username: str) -> str:
    """Begin a sign-in at Cairn, sign in at the provider, and return the provider's answer (the callback URL)."""
    status, headers, _ = client.send(server.url("/sign-in/single-sign-on"))
    assert status in (302, 303)
    status, headers, _ = client.send(headers["Location"])  # the provider's authorise: to its sign-in page
    assert status in (302, 303)
    login = urllib.parse.urljoin(provider.url("/"), headers["Location"])
    status, _, page = client.send(login)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    nxt = urllib.parse.parse_qs(urllib.parse.urlparse(login).query)["next"][0]
    status, headers, _ = client.send(
        login, {"csrfmiddlewaretoken": token, "username": username, "password": provider.password, "next": nxt}
    )
    assert status in (302, 303), status
    status, headers, _ = client.send(urllib.parse.urljoin(provider.url("/"), headers["Location"]))
    assert status in (302, 303) and headers["Location"].startswith(server.url("/sign-in/single-sign-on/callback"))
    return headers["Location"]


def test_an_answer_is_used_once_and_only_by_the_browser_that_began_it(sso):
    server, provider, _ = sso
    client = Client()
    answer = provider_answer(client, server, provider, "clinician")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(answer).query)
    assert query["code"][0] and query["state"][0]
    binding = client.cookie("cairn_sso")
    assert binding is not None and binding.has_nonstandard_attr("HttpOnly")

    # Someone else's browser with the answer but not the cookie (login CSRF, or a stolen address): refused, and
    # the answer is still unused, so its owner's own browser signs in with it.
    status, _, body = Client().send(answer)
    assert status == 400 and b"You are not signed in" in body
    status, headers, _ = client.send(answer)
    assert status in (302, 303) and not headers["Location"].startswith("/sign-in"), headers["Location"]
    assert client.cookie("cairn_session") is not None

    # The same answer again, even with the cookie put back as it was: used once, refused.
    replay = Client()
    replay.jar.set_cookie(binding)
    status, _, body = replay.send(answer)
    assert status == 400 and b"You are not signed in" in body
    assert replay.cookie("cairn_session") is None

    # What a sign-in sends to the provider: PKCE (S256), a state and a separate nonce, Cairn's callback.
    status, headers, _ = Client().send(server.url("/sign-in/single-sign-on"))
    sent = urllib.parse.parse_qs(urllib.parse.urlparse(headers["Location"]).query)
    assert sent["code_challenge_method"] == ["S256"] and len(sent["code_challenge"][0]) == 43
    assert sent["state"][0] != sent["nonce"][0]
    assert sent["redirect_uri"] == [server.url("/sign-in/single-sign-on/callback")]
    assert sent["client_id"] == [provider.client_id] and "openid" in sent["scope"][0].split()
