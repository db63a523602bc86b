"""Unknown pages get a friendly, accessible 404 that leads back home; unknown API paths get a problem."""

import json

from support.server import http_get


def test_unknown_page_gets_a_friendly_not_found_page(browser):
    browser.visit("/no/such/page", "not-found", status=404)

    assert browser.title.startswith("Page not found – Cairn")
    assert browser.text("h1") == "Page not found"
    browser.click("Go to the home page")
    assert browser.path == "/"


def test_unknown_api_path_gets_a_problem_document(cairn):
    status, headers, body = http_get(cairn.url("/api/v1/no-such-thing"))

    assert status == 404
    assert headers["Content-Type"].startswith("application/problem+json")
    problem = json.loads(body)
    assert problem["status"] == 404 and problem["title"]
