import CairnAPI
import CairnCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// A case that ended badly can be closed honestly (issue #13 item 6): outcomes nobody hopes for, with what
/// happened, shown on the closed case and counted in the figures.
@Suite("Honest closure")
struct HonestClosureTests {
    /// A case taken and brought to "closing".
    static func closingCase(on app: Application) async throws -> (SupportCase, TestBrowser, String) {
        let (record, _, manager) = try await CaseLifecycleTests.openCase(on: app)
        let path = "/cases/\(try record.requireID().uuidString.lowercased())"
        for (to, version) in [("triaged", 1), ("active", 2), ("closing", 3)] {
            try await manager.get(path)
            let moved = try await manager.post(
                path + "/transition",
                [("to", to), ("version", "\(version)")] + (to == "triaged" ? [("firstContact", "yes")] : []))
            #expect(moved.status == .seeOther)
        }
        try await manager.get(path)
        return (record, manager, path)
    }

    @Test func anOutcomeNobodyHopedForNeedsWhatHappenedAndIsShownOnTheCaseSealed() async throws {
        try await withCairn { app in
            let (record, manager, path) = try await Self.closingCase(on: app)
            let bare = try await manager.post(
                path + "/transition", [("to", "closed"), ("version", "4"), ("outcomes[]", "disengaged")])
            #expect(bare.status == .unprocessableEntity)
            #expect(bare.body.contains("Say what happened"))
            try await manager.get(path)
            let closed = try await manager.post(
                path + "/transition",
                [
                    ("to", "closed"), ("version", "4"), ("outcomes[]", "disengaged"), ("outcomes[]", "left_training"),
                    ("reason", "CLOSURE-MARKER Stopped replying after March; left the programme in May."),
                ])
            #expect(closed.status == .seeOther)
            let page = try await manager.get(path)
            #expect(page.body.contains("How it ended"))
            #expect(page.body.contains("The clinician stopped responding"))
            #expect(page.body.contains("Left their training programme"))
            #expect(page.body.contains("CLOSURE-MARKER Stopped replying"))
            let stored = try await (app.db as! any SQLDatabase).raw("SELECT detail FROM case_events").all()
                .compactMap { try? $0.decode(column: "detail", as: String?.self) }.joined()
            #expect(!stored.contains("CLOSURE-MARKER"))
            #expect(try await SupportCase.find(record.requireID(), on: app.db)?.outcomes == "disengaged,left_training")
        }
    }

    @Test func theFiguresCountEveryOutcomeIncludingTheUnhopedFor() async throws {
        try await withCairn { app in
            let (_, manager, path) = try await Self.closingCase(on: app)
            _ = try await manager.post(
                path + "/transition",
                [
                    ("to", "closed"), ("version", "4"), ("outcomes[]", "withdrew"),
                    ("reason", "Chose to stop after two sessions."),
                ])
            let lead = TestBrowser(app)
            try await lead.signIn(try await app.makePerson([.unitLead]))
            let figures = try await lead.get("/figures/support.csv")
            #expect(figures.body.contains("Outcomes of closed cases"))
            #expect(figures.body.contains("The clinician stopped responding"))
            #expect(figures.body.contains("The clinician chose to stop"))
        }
    }

    @Test func theAPIClosesWithAnyOutcomeTheContractNames() async throws {
        #expect(
            Set(Components.Schemas.TransitionRequest.OutcomesPayloadPayload.allCases.map(\.rawValue))
                == Set(CaseOutcome.allCases.map(\.rawValue)))
    }
}
