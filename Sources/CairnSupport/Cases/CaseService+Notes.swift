import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// A case's notes (sealed, optionally shared with the clinician), its goals and the referral's own words.
extension CaseService {
    package func goals(of record: SupportCase) throws -> String? {
        try record.goals.map { try state.cipher.open($0, for: SupportCase.binding(try record.requireID(), "goals")) }
    }

    package struct NoteView {
        package var author: String
        package var written: Date
        package var body: String
        package var shared: Bool
    }

    /// The case's notes, opened for an assigned case manager; the read is audited.
    /// `range`: one page of them, oldest first (the API); all of them otherwise (the case page).
    package func notes(of record: SupportCase, range: Range<Int>? = nil) async throws -> [NoteView] {
        let caseID = try record.requireID()
        var query = CaseNote.query(on: context.database).filter(\.$caseID == caseID).sort(\.$createdAt).sort(\.$id)
        if let range { query = query.range(range) }
        let notes = try await query.all()
        let authors = try await Accounts.displayNames(of: notes.map(\.authorID), on: context.database)
        let views = try notes.map { note in
            NoteView(
                author: authors[note.authorID] ?? "Former colleague", written: note.createdAt,
                body: try state.cipher.open(
                    note.body, for: .init(table: CaseNote.schema, recordID: try note.requireID(), field: "body")),
                shared: note.sharedWithClinician)
        }
        try await context.audit(
            SupportAudit.caseNotesRead, resourceType: .supportCase, resourceID: caseID.uuidString,
            subject: record.clinicianID)
        return views
    }

    package func noteCount(of record: SupportCase) async throws -> Int {
        try await CaseNote.query(on: context.database).filter(\.$caseID == record.requireID()).count()
    }

    package func addNote(to record: SupportCase, body: String, shared: Bool) async throws -> FormErrors {
        var errors = FormErrors()
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { errors.add("body", "Enter the note") }
        if text.count > 20_000 { errors.add("body", "A note must be 20,000 characters or fewer") }
        guard errors.isEmpty else { return errors }
        let caseID = try record.requireID()
        let note = CaseNote()
        note.id = state.collaborators.newID()
        note.caseID = caseID
        note.authorID = try context.requireActor().personID
        note.body = try state.cipher.seal(text, for: .init(table: CaseNote.schema, recordID: note.id!, field: "body"))
        note.sharedWithClinician = shared
        note.createdAt = now
        try await context.database.transaction { database in
            try await note.create(on: database)
            try await context.audit(
                SupportAudit.caseNoteWritten, resourceType: .caseNote, resourceID: note.id?.uuidString,
                subject: record.clinicianID, on: database)
        }
        return errors
    }

    /// The referral's free text, opened for an assigned case manager; audited.
    package func referralText(of record: SupportCase) async throws -> (
        ownWords: String, whatWouldHelp: String?, contact: String
    ) {
        let caseID = try record.requireID()
        let cipher = state.cipher
        let words = try cipher.open(record.ownWords, for: SupportCase.binding(caseID, "own_words"))
        let help = try record.whatWouldHelp.map {
            try cipher.open($0, for: SupportCase.binding(caseID, "what_would_help"))
        }
        let contact = try cipher.open(record.contact, for: SupportCase.binding(caseID, "contact"))
        try await context.audit(
            SupportAudit.caseReferralRead, resourceType: .supportCase, resourceID: caseID.uuidString,
            subject: record.clinicianID)
        return (words, help, contact)
    }
}
