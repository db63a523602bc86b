import Fluent
import Foundation
import SQLKit
import Testing

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Migration 0013 seals free text that earlier versions stored plain (issue #11, reproduction 7), and leaves the
/// audit chain intact.
@Suite("Sealing the free text already stored")
struct SealFreeTextMigrationTests {
    static func column(_ table: String, _ column: String, on sql: any SQLDatabase) async throws -> [String] {
        try await sql.select().column(column).from(table).where(SQLColumn(column), .isNot, SQLLiteral.null).all()
            .map { try $0.decode(column: column, as: String.self) }
    }

    @Test func existingPlainRowsAreSealedInPlaceAndTheAuditChainStillVerifies() async throws {
        try await withCairn { app in
            let cipher = app.cairn.cipher
            let sql = app.db as! any SQLDatabase
            // setup: a case with a transition and a decline, a decline event, and a stated reason in the audit
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson())
            let record = try await ReferralJourneyTests.submitReferral(as: clinician, app: app)
            try record.seal("TRANSITION-MARKER returning after a year away", into: \.$transition, with: cipher)
            try record.seal("DECLINE-MARKER your deanery can help", into: \.$declineReason, with: cipher)
            try await record.update(on: app.db)
            let event = CaseEvent(caseID: try record.requireID(), at: Date(), actorID: nil, kind: .breakGlass)
            event.id = UUID()
            try event.seal("GLASS-MARKER complaint received", into: \.$detail, with: cipher)
            try await event.create(on: app.db)
            try await AuditLog.append(
                AuditEvent(
                    action: SupportAudit.caseBreakGlass, resourceType: .supportCase, reason: "AUDIT-MARKER complaint"),
                at: Date(), cipher: cipher, on: app.db)
            // the state an older Cairn left: the same values in plain text (the migration's own revert)
            let migration = SealFreeText(cipher: cipher)
            try await migration.revert(on: app.db)
            let plain =
                try await Self.column("cases", "transition", on: sql)
                + Self.column("cases", "decline_reason", on: sql) + Self.column("case_events", "detail", on: sql)
                + Self.column("audit_entries", "reason", on: sql)
            for marker in ["TRANSITION-MARKER", "DECLINE-MARKER", "GLASS-MARKER", "AUDIT-MARKER"] {
                #expect(plain.contains { $0.contains(marker) }, "\(marker) was not plain before the migration")
            }
            #expect(try await AuditLog.verify(on: app.db, cipher: cipher).isIntact == false)
            // act
            try await migration.prepare(on: app.db)
            // check: nothing readable is left, each value opens where it belongs, and the chain verifies
            let stored =
                try await Self.column("cases", "transition", on: sql)
                + Self.column("cases", "decline_reason", on: sql) + Self.column("case_events", "detail", on: sql)
                + Self.column("audit_entries", "reason", on: sql)
            #expect(!stored.contains { $0.contains("MARKER") })
            let reread = try #require(try await SupportCase.find(record.requireID(), on: app.db))
            #expect(try reread.opened(\.$transition, with: cipher) == "TRANSITION-MARKER returning after a year away")
            #expect(try reread.opened(\.$declineReason, with: cipher) == "DECLINE-MARKER your deanery can help")
            #expect(try await AuditLog.verify(on: app.db, cipher: cipher).isIntact)
            // and the trail is append-only again
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_entries SET action = 'changed'").run()
            }
        }
    }

    @Test func aSealedValueMovedToAnotherEntryBreaksTheChain() async throws {
        try await withCairn { app in
            let cipher = app.cairn.cipher
            for reason in ["first reason", "second reason"] {
                try await AuditLog.append(
                    AuditEvent(action: SupportAudit.caseBreakGlass, resourceType: .supportCase, reason: reason),
                    at: Date(),
                    cipher: cipher, on: app.db)
            }
            let sql = app.db as! any SQLDatabase
            try await AppendOnly.unprotect(table: "audit_entries", on: sql)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$action == "case_break_glass")
                .sort(\.$sequence).all()
            try #require(entries.count == 2)
            try await sql.update("audit_entries").set("reason", to: SQLBind(entries[0].reason))
                .where("sequence", .equal, SQLBind(entries[1].sequence)).run()
            let result = try await AuditLog.verify(on: app.db, cipher: cipher)
            #expect(result.firstProblem?.sequence == entries[1].sequence)
        }
    }
}
