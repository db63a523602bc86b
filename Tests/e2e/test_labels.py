"""Issue #13 item 8, "people-facing labels for every stored value (no "doctor", "english")": every demo role's pages,
and the first records they link to, read in a real browser; no visible text shows a stored value's raw name (a
snake_case word such as gp_partner or in_person), and no table cell or summary value is a bare lower-case word
(a stored "doctor" or "video" where a label belongs)."""

from urllib.parse import urlparse

# The visible text of main, without what people typed into fields (inputs, text areas, code they copy).
VISIBLE_RAW_VALUES = r"""
const main = document.querySelector('main').cloneNode(true);
for (const el of main.querySelectorAll('input, textarea, select, code, pre, script, .visually-hidden')) el.remove();
const out = [];
for (const m of main.innerText.matchAll(/(^|[^\w@.\/-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w@\/-])/g)) out.push(m[2]);
for (const cell of document.querySelectorAll('main td, main dd')) {
  const text = cell.innerText.trim();
  if (/^[a-z]{3,}$/.test(text)) out.push(`a cell reading "${text}"`);
}
return [...new Set(out)];
"""

# Links worth following from a list: record pages within the site (not files, not sign-out, not other roles' areas).
RECORD_LINKS = """
return [...document.querySelectorAll('main table a[href^="/"], main .link-list a[href^="/"]')]
  .map(a => a.getAttribute('href'))
  .filter(h => !/\\.(csv|ics|zip|json|md|pdf)(\\?|$)/.test(h));
"""

ROLES = (
    "Clinician", "Mentor", "Supervisor", "Case manager", "Unit lead", "Facilitator", "Programme lead", "Administrator",
    "Responsible officer",
)


def test_no_page_shows_a_stored_values_raw_name(browser, cairn):
    accounts = cairn.demo_accounts()
    problems, read = [], 0
    for role in ROLES:
        if role not in accounts:
            continue
        browser.sign_in_as(accounts[role], check=False)
        nav = [a.get_attribute("href") for a in browser.driver.find_elements("css selector", "header nav a")]
        paths, seen = [urlparse(h).path for h in nav if h and urlparse(h).netloc == urlparse(cairn.url("/")).netloc], set()
        queue = list(dict.fromkeys(paths))
        while queue and len(seen) < 40:
            path = queue.pop(0)
            if path in seen or path.startswith("/api") or path.startswith("/sign-out"):
                continue
            seen.add(path)
            browser.driver.get(cairn.url(path))
            read += 1
            for raw in browser.driver.execute_script(VISIBLE_RAW_VALUES):
                problems.append(f"{role} {path}: {raw}")
            if path in paths:  # from a list page, the first three records it links to
                links = [h.split("#")[0] for h in browser.driver.execute_script(RECORD_LINKS)]
                queue += [h for h in dict.fromkeys(links) if h not in seen][:3]
        browser.driver.delete_all_cookies()
    assert read > 30, f"only {read} pages read"
    assert problems == [], "\n".join(sorted(set(problems)))
