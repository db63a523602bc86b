import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

@Suite("Support figures")
struct SupportFiguresTests {
    @Test func figuresCountWithoutContentAndSuppressSmallNumbers() async throws {
        try await withCairn { app in
            // setup: six referrals from different clinicians, five of them about exams
            for index in 0..<6 {
                let clinician = TestBrowser(app)
                try await clinician.signIn(
                    try await app.makePerson([.clinician], email: "clinician\(index)@example.org"))
                let record = try await ReferralJourneyTests.submitReferral(as: clinician, app: app)
                if index == 5 {
                    record.profession = Profession.nurse.rawValue
                    try await record.update(on: app.db)
                }
            }
            let lead = TestBrowser(app)
            try await lead.signIn(try await app.makePerson([.unitLead]))
            // act
            let page = try await lead.get("/figures/support")
            let csv = try await lead.get("/figures/support.csv")
            // check: counts of five and more are exact unless they would give a small one away (the doctors' 5 is
            // the total's 6 less the nurse's 1, so both are hidden); no words from any referral
            #expect(page.status == .ok)
            #expect(page.body.contains("<td>Exam difficulty or failure</td><td>6</td>"))
            #expect(page.body.contains("<td>Doctor</td><td>*</td>"))
            #expect(page.body.contains("<td>Nurse</td><td>*</td>"))
            #expect(page.body.contains("<svg"))
            #expect(!page.body.contains("MRCP"))
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.contains("Nurse,*"))
            #expect(csv.body.contains("Referrals per month by reason"))
            #expect(page.body.contains("<summary>Referrals per month by grade</summary>"))
            #expect(!csv.body.contains("MRCP"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "figures_exported").count() == 1)
        }
    }

    @Test(arguments: [Role.supervisor, .caseManager, .admin, .clinician, .mentor])
    func onlyTheUnitLeadAndProgrammeLeadsSeeFigures(role: Role) async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            try await browser.signIn(try await app.makePerson([role]))
            #expect(try await browser.get("/figures/support").status == .forbidden)
            #expect(try await browser.get("/figures/support.csv").status == .forbidden)
        }
    }
}
