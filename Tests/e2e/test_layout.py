"""Issue #13 item 8, measured in a real browser: no chart label is clipped by its chart and none shrinks below a
legible size, no table header breaks inside a word, at 1280 and at 375 CSS px; and at 375 px every table keeps its
headers: each cell of a stacked row shows its column's header above it."""

from selenium.webdriver.common.by import By

WIDTHS = (1280, 375)

# Every SVG text must lie inside its SVG's box (1 px of rounding allowed) and be at least 9 px tall on screen.
SVG_TEXT_PROBLEMS = """
const out = [];
for (const svg of document.querySelectorAll('main svg')) {
  const box = svg.getBoundingClientRect();
  if (box.width === 0) continue;
  for (const t of svg.querySelectorAll('text')) {
    const r = t.getBoundingClientRect();
    if (r.width === 0) continue;
    const label = t.textContent.trim().slice(0, 40);
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
      out.push(`"${label}" at ${Math.round(r.left)}..${Math.round(r.right)} outside its chart ${Math.round(box.left)}..${Math.round(box.right)}`);
    if (r.height < 9) out.push(`"${label}" is ${r.height.toFixed(1)} px tall`);
  }
}
return out;
"""

# A word of a header drawn on more than one line is broken inside itself.
BROKEN_HEADER_WORDS = """
const out = [];
for (const th of document.querySelectorAll('main th')) {
  if (th.getBoundingClientRect().width === 0) continue;
  const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    if (node.parentElement.getBoundingClientRect().width <= 1) continue;  // visually hidden
    const re = /\\S+/g;
    let m;
    while ((m = re.exec(node.textContent))) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) out.push(`"${m[0]}" in "${th.textContent.trim()}"`);
    }
  }
}
return out;
"""


# At phone width each table is stacked (tables.js) and each cell under a named column shows that name before it.
UNLABELLED_CELLS = """
const out = [];
let checked = 0;
for (const table of document.querySelectorAll('main table.table')) {
  if (table.getBoundingClientRect().width === 0 || !table.tHead) continue;
  const heads = [...table.tHead.rows[0].cells].map(c => c.textContent.replace(/\\s+/g, ' ').trim());
  if (!table.hasAttribute('data-stacked')) { out.push(`a table is not stacked: ${heads.join(' | ')}`); continue; }
  for (const body of table.tBodies) {
    for (const row of [...body.rows].slice(0, 20)) {
      [...row.cells].forEach((cell, i) => {
        if (!heads[i]) return;
        checked += 1;
        const before = getComputedStyle(cell, '::before').content;
        if (before !== JSON.stringify(heads[i])) out.push(`a cell under "${heads[i]}" shows ${before}`);
      });
    }
  }
}
return [checked, out];
"""


def labelled_cells(browser, name: str) -> tuple[int, list[str]]:
    with browser.viewport(375):
        checked, problems = browser.driver.execute_script(UNLABELLED_CELLS)
    return checked, [f"{name} at 375px: {p}" for p in problems]


def measure(browser, name: str) -> list[str]:
    problems = []
    for width in WIDTHS:
        with browser.viewport(width):
            problems += [f"{name} at {width}px: {p}" for p in browser.driver.execute_script(SVG_TEXT_PROBLEMS)]
            problems += [f"{name} at {width}px: header word broken: {p}"
                         for p in browser.driver.execute_script(BROKEN_HEADER_WORDS)]
    return problems


def test_charts_and_table_headers_fit_at_1280_and_375_px(browser, cairn):
    accounts = cairn.demo_accounts()
    problems = []

    browser.sign_in_as(accounts["Unit lead"], check=False)
    for path in ("/figures/support", "/cases", "/triage"):
        browser.driver.get(cairn.url(path))
        problems += measure(browser, path)
        problems += labelled_cells(browser, path)[1]
    browser.driver.delete_all_cookies()

    browser.sign_in_as(accounts["Case manager"], check=False)
    browser.driver.get(cairn.url("/cases"))
    problems += measure(browser, "/cases (case manager)")
    checked, unlabelled = labelled_cells(browser, "/cases (case manager)")
    problems += unlabelled
    assert checked > 20, f"the caseload should show a table of cases at 375 px (checked {checked} cells)"
    browser.driver.delete_all_cookies()

    browser.sign_in_as(accounts["Facilitator"], check=False)
    browser.click("Clinical café")
    browser.click("How the group has run: figures")
    problems += measure(browser, "peer group figures")
    browser.driver.delete_all_cookies()

    browser.sign_in_as(accounts["Programme lead"], check=False)
    browser.driver.get(cairn.url("/mentoring"))
    browser.click("IMG GP trainee mentoring (NES pilot)")
    browser.click("Dashboard")
    problems += measure(browser, "mentoring dashboard")
    assert browser.driver.find_elements(By.CSS_SELECTOR, "main svg"), "the dashboard should draw its charts"

    assert problems == [], "\n".join(problems)
