import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// A unit's earlier records brought into Cairn (issue #14 item 3): ended requests with their dates, state, outcomes
/// and costs, so the first day's figures show last year. The same file from the page or the API:
///
/// - every line is checked first, and nothing is stored unless all are right (a line-by-line report otherwise);
/// - a line whose reference is already in Cairn is left as it is, so sending the file again imports nothing twice;
/// - the cases belong to one "Earlier records" person of the organisation, who cannot sign in: the earlier records
///   carry no name, contact or words, only what the figures count (the earlier system keeps the rest);
/// - the import is one transaction and one audit entry, and the figures' counts follow by the database's triggers.
package struct PastRecordsService {
    package let context: ServiceContext
    var state: CairnState { context.state }

    package init(request: Request) {
        context = ServiceContext(request)
    }

    package struct Report: Sendable, Equatable {
        package var imported: Int
        /// References already in Cairn, left as they were.
        package var alreadyThere: [String]
    }

    package func importRecords(_ csv: String) async throws -> Result<Report, ImportProblems> {
        guard let organisation = state.organisation else { throw Abort(.serviceUnavailable) }
        let records: [PastRecord]
        switch PastRecordsImport.read(
            csv, today: state.today, outcomes: Set(CaseOutcome.allCases.map(\.rawValue)))
        {
        case .success(let read): records = read
        case .failure(let problems): return .failure(problems)
        }
        let sql = context.database as! any SQLDatabase
        // References are matched letter case aside, in the file and against the unit's: "PSU-1" is "psu-1".
        var existing: Set<String> = []
        for chunk in stride(from: 0, to: records.count, by: 500) {
            let references = records[chunk..<min(chunk + 500, records.count)].map { $0.reference.lowercased() }
            let rows = try await sql.select().column("external_reference").from(SupportCase.schema)
                .where("organisation_id", .equal, SQLBind(organisation.id))
                .where(SQLFunction("lower", args: SQLColumn("external_reference")), .in, SQLBind.group(references))
                .all()
            for row in rows {
                existing.insert(try row.decode(column: "external_reference", as: String.self).lowercased())
            }
        }
        let alreadyThere = existing
        let fresh = records.filter { !alreadyThere.contains($0.reference.lowercased()) }
        let cipher = state.cipher
        let calendar = state.workingDays
        let actorID = try context.requireActor().personID
        let now = context.now
        try await context.database.transaction { database in
            let ownerID = try await PeopleDirectory.earlierRecordsHolder(context: context, on: database)
            // Set-based: a few hundred rows a statement, so a year's file holds SQLite's one writer for about a
            // second, not one statement per row (issue #21 item 7).
            for chunk in stride(from: 0, to: fresh.count, by: 200) {
                var rows = Rows()
                for record in fresh[chunk..<min(chunk + 200, fresh.count)] {
                    try Self.rows(
                        for: record, organisationID: organisation.id, ownerID: ownerID, cipher: cipher,
                        calendar: calendar, importedOn: calendar.day(of: now), into: &rows)
                }
                try await rows.cases.create(on: database)
                try await rows.events.create(on: database)
                if !rows.items.isEmpty { try await rows.items.create(on: database) }
            }
            try await context.audit(
                SupportAudit.pastRecordsImported, resourceType: .supportCase, resourceID: "import",
                reason: "\(fresh.count) imported, \(alreadyThere.count) already there", actorID: actorID, on: database)
        }
        return .success(
            Report(
                imported: fresh.count,
                alreadyThere: records.map(\.reference).filter { alreadyThere.contains($0.lowercased()) }))
    }

    struct Rows {
        var cases: [SupportCase] = []
        var events: [CaseEvent] = []
        var items: [PlanItem] = []
    }

    static func rows(
        for past: PastRecord, organisationID: UUID, ownerID: UUID, cipher: EnvelopeCipher, calendar: WorkingDays,
        importedOn: CalendarDay, into rows: inout Rows
    ) throws {
        // Midday in the unit's time zone: the day the records give, in every month and figure.
        func moment(_ day: CalendarDay) -> Date {
            (calendar.start(of: day) ?? Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400))
                .addingTimeInterval(12 * 3600)
        }
        let caseID = UUID()
        let received = moment(past.receivedOn)
        let ended = moment(past.endedOn)
        let record = SupportCase()
        record.id = caseID
        record.version = 1
        record.organisationID = organisationID
        record.clinicianID = ownerID
        record.reference = ReferralReference.generate()
        record.externalReference = past.reference
        record.stateName = past.state.rawValue
        record.profession = past.profession.rawValue
        record.grade = past.grade.rawValue
        record.region = past.region?.rawValue
        record.isInternationalGraduate = past.isInternationalGraduate
        record.reasonNames = past.reasons.map(\.rawValue).joined(separator: ",")
        record.ownWords = try cipher.seal(
            "Imported from the unit's earlier records (\(past.reference)).",
            for: SupportCase.binding(caseID, "own_words"))
        record.contact = try cipher.seal("Not recorded", for: SupportCase.binding(caseID, "contact"))
        record.consentToHold = true
        record.consentWording = "Imported from the unit's earlier records on \(importedOn)."
        record.consentedAt = received
        record.shareWithEducator = false
        record.saidAtRisk = past.saidAtRisk
        record.receivedAt = received
        if let contacted = past.firstContactOn.map(moment) {
            record.firstContactAt = contacted
            record.firstContactWorkingDays = calendar.count(from: received, to: contacted)
        }
        record.closedAt = ended
        record.outcomes = past.outcomes.isEmpty ? nil : past.outcomes.joined(separator: ",")
        rows.cases.append(record)
        rows.events.append(CaseEvent(caseID: caseID, at: received, actorID: nil, kind: .submitted, to: .referred))
        rows.events.append(
            CaseEvent(caseID: caseID, at: ended, actorID: nil, kind: .transition, from: .referred, to: past.state))
        for (index, intervention) in past.support.enumerated() {
            let item = PlanItem()
            item.caseID = caseID
            item.intervention = intervention.rawValue
            item.status = .done
            item.costPence = index == 0 ? past.costPence : 0
            item.createdAt = received
            item.version = 1
            rows.items.append(item)
        }
    }
}
