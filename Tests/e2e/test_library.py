"""Issue #19's library in a real browser: an editor (the unit lead) writes an article (a missing summary keeps what
was typed) and adds a PDF (checked by its content), publishes both; a clinician finds them by search, with the words
marked, reads the article and downloads the PDF; a visitor reads public items only. Every page passes axe; the
search page fits 320 CSS px."""

import datetime
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By


def minimal_pdf(title: str) -> bytes:
    stream = f"BT /F1 18 Tf 72 770 Td ({title}) Tj ET\n"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}endstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = "%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(pdf)
    pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    pdf += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return pdf.encode()


def tick(browser, name, value):
    browser.driver.find_element(By.CSS_SELECTOR, f"input[name='{name}[]'][value='{value}']").click()


def choose(browser, name, value):
    element = browser.driver.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']")
    browser.driver.execute_script("arguments[0].click()", element)


def test_an_editor_publishes_an_article_and_a_pdf_that_a_clinician_finds(browser, cairn):
    accounts = cairn.demo_accounts()
    editor, clinician = accounts["Unit lead"], accounts["Clinician"]
    review = (datetime.date.today() + datetime.timedelta(days=180)).isoformat()

    browser.sign_in_as(editor, check=False)
    browser.driver.get(cairn.url("/library"))
    browser.check("library-editor")
    browser.click("Add an item")
    browser.check("library-new")
    choose(browser, "kind", "article")
    browser.fill("Title", "Zebrafish guide to exam nerves")
    browser.fill("Article (for an article)", "## Before the day\n\nPractise **breathing** exercises.")
    tick(browser, "reasons", "exam_difficulty")
    choose(browser, "visibility", "public")
    browser.fill("Review by", review)
    browser.click("Save as a draft")
    browser.check("library-new-errors", document_status=422)
    assert "Say in a sentence or two" in browser.text(".error-summary")
    assert browser.value("Title") == "Zebrafish guide to exam nerves"
    browser.fill("Summary", "Calm techniques for the morning of an exam.")
    browser.click("Save as a draft")
    assert browser.path.startswith("/library/")
    article_path = browser.path.split("?")[0]
    browser.check("library-draft")
    browser.click("Publish")
    assert "The item is published" in browser.text(".notice")

    # A PDF, checked by its content.
    with tempfile.TemporaryDirectory() as folder:
        fake = Path(folder) / "fake.pdf"
        fake.write_text("<html>not a pdf</html>")
        real = Path(folder) / "zebrafish.pdf"
        real.write_bytes(minimal_pdf("Zebrafish exam checklist"))
        browser.driver.get(cairn.url("/library/new"))
        choose(browser, "kind", "file")
        browser.fill("Title", "Zebrafish exam checklist")
        browser.fill("Summary", "A printable checklist for exam week.")
        tick(browser, "reasons", "exam_difficulty")
        choose(browser, "visibility", "members")
        browser.fill("Review by", review)
        browser.field("PDF (for a document)").send_keys(str(fake))
        browser.click("Save as a draft")
        browser.check("library-file-errors", document_status=422)
        assert "must be a PDF" in browser.text(".error-summary")
        browser.field("PDF (for a document)").send_keys(str(real))
        browser.click("Save as a draft")
        assert browser.path.startswith("/library/")
        pdf_path = browser.path.split("?")[0]
        browser.click("Publish")
        assert "The item is published" in browser.text(".notice")
        expected = real.read_bytes()
    browser.driver.delete_all_cookies()

    # A clinician finds both by searching, the words marked.
    browser.sign_in_as(clinician, check=False)
    browser.driver.get(cairn.url("/library"))
    browser.check("library-reader")
    browser.fill("Search the library", "zebrafish exam")
    browser.click("Search")
    browser.check("library-search")
    results = browser.text(".library-results")
    assert "Zebrafish guide to exam nerves" in results and "Zebrafish exam checklist" in results
    assert browser.driver.find_elements(By.CSS_SELECTOR, ".library-results mark")
    browser.click("Zebrafish guide to exam nerves")
    browser.check("library-article")
    assert "breathing" in browser.text(".prose strong")
    # The PDF downloads as it was uploaded (fetched by the page itself, with the session).
    content_type, body = browser.driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.arrayBuffer().then(b =>
          done([r.headers.get('content-type'), Array.from(new Uint8Array(b))])));""",
        pdf_path + "/file",
    )
    assert content_type == "application/pdf"
    assert bytes(body) == expected
    with browser.viewport(320):
        browser.driver.get(cairn.url("/library/search?q=zebrafish"))
        assert browser.horizontal_overflow() == [], "library-search-320"
    browser.driver.delete_all_cookies()

    # A visitor reads the public article, and is asked to sign in for the members' PDF.
    browser.visit(article_path, "library-visitor-article")
    browser.driver.get(cairn.url(pdf_path))
    assert browser.path.startswith("/sign-in")
