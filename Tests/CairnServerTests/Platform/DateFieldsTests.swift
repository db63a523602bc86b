import CairnCore
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CairnAccounts
@testable import CairnLibrary
@testable import CairnPlatform
@testable import CairnServer

/// Issue #13 item 8, "three-field date inputs": a date is typed as day, month and year; the boxes are joined into
/// one ISO field before any handler reads the form; what was typed comes back into the boxes as typed.
@Suite("Dates as day, month and year")
struct DateFieldsTests {
    @Test func theBoxesJoinIntoOneDateAndNothingTypedIsLost() {
        #expect(DateFields.join(day: "4", month: "3", year: "2027") == "2027-03-04")
        #expect(DateFields.join(day: " 04 ", month: "12", year: "2027") == "2027-12-04")
        #expect(DateFields.join(day: "", month: "", year: "") == "")
        // Not a date: joined as typed, for the validator to refuse and the page to give back.
        #expect(DateFields.join(day: "31", month: "x", year: "2027") == "2027-x-31")
        #expect(DateFields.join(day: "4", month: "3", year: "27") == "27-03-04", "a two-digit year is never year 27")
        #expect(CalendarDay(iso: DateFields.join(day: "4", month: "3", year: "27")) == nil)
        #expect(CalendarDay(iso: DateFields.join(day: "31", month: "2", year: "2027")) == nil)
        #expect(DateFields.parts(of: "2027-03-04") == ("4", "3", "2027"))
        #expect(DateFields.parts(of: "2027-x-31") == ("31", "x", "2027"))
        #expect(DateFields.parts(of: "") == ("", "", ""))
        #expect(DateFields.parts(of: "soon") == ("", "", "soon"))
    }

    @Test func aFormsOtherFieldsStayAsTheyWereSent() throws {
        let pairs: [(name: String, value: String)] = [
            ("roles[]", "a"), ("startsOn", "1999-01-01"), ("startsOn-day", "4"), ("roles[]", "b"),
            ("startsOn-month", "3"), ("startsOn-year", "2027"), ("half-day", "yes"),
        ]
        let joined = try #require(DateFields.joined(pairs))
        #expect(joined.map(\.name) == ["roles[]", "startsOn", "roles[]", "half-day"])
        #expect(joined.map(\.value) == ["a", "2027-03-04", "b", "yes"], "the boxes decide over a plain field")
        #expect(DateFields.joined([("half-day", "yes"), ("name", "x")]) == nil)
    }

    @Test func aPageTakesTheBoxesAndGivesBackWhatWasTyped() async throws {
        try await withCairn { app in
            let admin = try await app.makePerson([.admin])
            let clinician = try await app.makePerson([.clinician])
            let browser = TestBrowser(app)
            try await browser.signIn(admin)
            let form = try await browser.get("/admin/subject-access")
            #expect(form.body.contains(#"name="receivedOn-day""#))
            #expect(form.body.contains(#"name="receivedOn-year""#))
            // The error summary's link lands on the day box.
            let refused = try await browser.post(
                "/admin/subject-access",
                [
                    ("email", clinician.email), ("askedBy", "The person"), ("receivedOn-day", "31"),
                    ("receivedOn-month", "2"), ("receivedOn-year", "2026"),
                ])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains(##"href="#field-receivedOn""##))
            #expect(
                refused.body.contains(
                    #"id="field-receivedOn" name="receivedOn-day" type="text" inputmode="numeric" value="31""#))
            #expect(refused.body.contains(#"name="receivedOn-month" type="text" inputmode="numeric" value="2""#))
            let recorded = try await browser.post(
                "/admin/subject-access",
                [
                    ("email", clinician.email), ("askedBy", "The person"), ("receivedOn-day", "2"),
                    ("receivedOn-month", "11"), ("receivedOn-year", "2026"),
                ])
            #expect(recorded.status == .seeOther)
            let request = try #require(try await SubjectAccessRequest.query(on: app.db).first())
            #expect(request.receivedOn == "2026-11-02")
        }
    }

    @Test func aFormWithAFileJoinsItsDateToo() async throws {
        try await withCairn { app in
            let editor = TestBrowser(app)
            try await editor.signIn(try await app.makePerson([.programmeLead], name: "Pat Editor"))
            let form = try await editor.get("/library/new")
            #expect(form.body.contains(#"name="reviewOn-day""#))
            let review = app.cairn.today.adding(months: 6)
            let parts = DateFields.parts(of: review.description)
            var fields: [(String, String)] = [
                ("kind", "article"), ("title", "Resitting the AKT"), ("summary", "A revision plan."),
                ("body", "Twelve weeks."), ("reasons[]", "exam_difficulty"), ("visibility", "public"),
                ("reviewOn-day", "30"), ("reviewOn-month", "2"), ("reviewOn-year", parts.year),
            ]
            let refused = try await editor.postMultipart("/library", fields, file: nil)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains(#"name="reviewOn-day" type="text" inputmode="numeric" value="30""#))
            fields.removeLast(3)
            fields += [("reviewOn-day", parts.day), ("reviewOn-month", parts.month), ("reviewOn-year", parts.year)]
            let made = try await editor.postMultipart("/library", fields, file: nil)
            #expect(made.status == .seeOther)
            let item = try #require(try await LibraryItem.query(on: app.db).first())
            #expect(item.reviewOn == review.description)
        }
    }
}
