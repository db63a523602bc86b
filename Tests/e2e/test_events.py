"""Issue #19 in a real browser: a facilitator creates an event (a form with a problem keeps what was typed) with its
last place about to go; a clinician and a mentor, each in their own browser, press "Book a place" at the same
moment: one gets the place, the other the waiting list, and moves up when the first gives it up. The facilitator
marks attendance once the event starts; the attendee prints a certificate of attendance and gives feedback, which
the facilitator sees only as "fewer than 5 responses". Visitors read the public list. Every page passes axe; the
event's page and the list fit 320 CSS px."""

import datetime
import shutil
import threading
import zoneinfo

from selenium.webdriver.common.by import By

from support.browser import Browser, make_driver, new_profile_dir


def session_times():
    """A session starting in about 40 minutes, in the service's zone (Europe/London), ending within the day."""
    zone = zoneinfo.ZoneInfo("Europe/London")
    start = (datetime.datetime.now(zone) + datetime.timedelta(minutes=40)).replace(second=0, microsecond=0)
    end = start + datetime.timedelta(minutes=60)
    end_text = end.strftime("%H:%M") if end.date() == start.date() else "23:59"
    if start.strftime("%H:%M") >= "23:58":
        start = start + datetime.timedelta(minutes=5)
        end_text = "23:59" if start.date() == end.date() else (start + datetime.timedelta(minutes=30)).strftime("%H:%M")
    return start.strftime("%Y-%m-%d"), start.strftime("%H:%M"), end_text


def test_two_people_book_the_last_place_at_once_and_attendance_gives_a_certificate(browser, cairn):
    accounts = cairn.demo_accounts()
    facilitator, clinician, mentor = accounts["Facilitator"], accounts["Clinician"], accounts["Mentor"]

    # Visitors read the public events (no account needed).
    browser.visit("/events", "events-visitor")
    assert "Learning events" in browser.text("h1")

    # The facilitator creates an event; a missing place is refused and what was typed stays.
    browser.sign_in_as(facilitator, check=False)
    browser.driver.get(cairn.url("/events"))
    browser.check("events-organiser")
    browser.click("Create an event")
    browser.check("events-new")
    day, start, end = session_times()
    browser.fill("Title", "E2E: breaking bad news")
    browser.fill("Description", "A workshop with **simulated relatives**.\n\n- Small groups\n- <script>x</script>")
    browser.fill("Date", day)
    browser.fill("Starts", start)
    browser.fill("Ends", end)
    browser.fill("Places", "1")
    browser.fill("CPD hours (optional)", "1.5")
    browser.click("Save as a draft")
    browser.check("events-new-errors", document_status=422)
    assert "Enter where the event is held" in browser.text(".error-summary")
    assert browser.value("Title") == "E2E: breaking bad news"
    browser.fill("Place", "Seminar room 2")
    browser.click("Save as a draft")
    assert browser.path.startswith("/events/")
    event_path = browser.path.split("?")[0]
    browser.check("event-draft")
    assert "Draft" in browser.text(".notice--important")
    assert "simulated relatives" in browser.text("strong")
    # The script is shown as text, never run as markup.
    assert browser.driver.find_elements(By.CSS_SELECTOR, ".prose script") == []
    browser.click("Publish the event")
    assert "The event is published" in browser.text(".notice")
    browser.check("event-published")
    browser.driver.delete_all_cookies()

    # A clinician and a mentor, each in their own browser, press "Book a place" at the same moment.
    profile = new_profile_dir()
    other_driver = make_driver(profile)
    try:
        other = Browser(other_driver, cairn)
        browser.sign_in_as(clinician, check=False)
        other.sign_in_as(mentor, check=False)
        for person in (browser, other):
            person.driver.get(cairn.url(event_path))
            assert person.driver.find_elements(By.XPATH, "//button[normalize-space(.)='Book a place']")
        barrier = threading.Barrier(2)

        def press(person):
            button = person.driver.find_element(By.XPATH, "//button[normalize-space(.)='Book a place']")
            barrier.wait()
            person._click_and_wait(button)

        threads = [threading.Thread(target=press, args=(person,)) for person in (browser, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        notices = {name: person.text(".notice") for name, person in (("clinician", browser), ("mentor", other))}
        placed = [name for name, text in notices.items() if "You have a place" in text]
        waiting = [name for name, text in notices.items() if "waiting list" in text]
        assert len(placed) == 1 and len(waiting) == 1, notices
        holder, waiter = (browser, other) if placed == ["clinician"] else (other, browser)
        waiter.check("event-waiting")
        assert "number 1 on the waiting list" in waiter.text("main")

        # The one with the place gives it up; the other moves up.
        holder.click("Give up your place")
        assert "Your place is given up" in holder.text(".notice")
        waiter.driver.get(cairn.url(event_path))
        assert "You have a place." in waiter.text("main")
        waiter.check("event-booked")
        attendee = mentor if placed == ["clinician"] else clinician
    finally:
        other_driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    browser.driver.delete_all_cookies()

    # The event starts within the hour: the facilitator marks who attended.
    browser.sign_in_as(facilitator, check=False)
    browser.driver.get(cairn.url(event_path))
    browser.click("Attendance and feedback")
    browser.check("event-attendance")
    browser.driver.find_element(By.CSS_SELECTOR, "input[name='attended[]']").click()
    browser.click("Save attendance")
    assert "Attendance is saved" in browser.text(".notice")
    assert "Fewer than 5 responses" in browser.text(".summary-list")
    browser.driver.delete_all_cookies()

    # The attendee prints a certificate, with its CPD hours, and gives feedback.
    browser.sign_in_as(attendee, check=False)
    browser.driver.get(cairn.url(event_path))
    browser.click("Your certificate of attendance")
    browser.check("event-certificate")
    assert "Certificate of attendance" in browser.text("h1")
    assert "E2E: breaking bad news" in browser.text(".certificate")
    assert "1.5 hours" in browser.text(".certificate")
    browser.driver.get(cairn.url(event_path))
    browser.click("Tell us how it went (two questions)")
    browser.check("event-feedback")
    browser.click("Send feedback")
    browser.check("event-feedback-errors", document_status=422)
    browser.driver.find_element(By.XPATH, "//input[@name='rating' and @value='4']/following-sibling::label").click()
    browser.driver.find_element(By.XPATH, "//input[@name='usefulness' and @value='5']/following-sibling::label").click()
    browser.fill("Anything else? (optional)", "Useful role play")
    browser.click("Send feedback")
    assert "Thank you for your feedback" in browser.text(".notice")

    # The list and the event's page fit a small phone.
    for path, name in ((event_path, "event-320"), ("/events", "events-320")):
        browser.driver.get(cairn.url(path))
        with browser.viewport(320):
            assert browser.horizontal_overflow() == [], name
