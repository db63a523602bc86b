import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Subject access (issue #20 item 1): a person's own export, requests an administrator records and answers, and
/// the organisation's disclosure rules. Every export is audited, naming whose data it was; the walk itself is the
/// platform's `SubjectAccessExport`, from the personal-data declarations.
package struct SubjectAccessService {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    var state: CairnState { context.state }
    var now: Date { state.collaborators.now() }

    // MARK: Exports

    package struct Archive: Sendable {
        package var data: Data
        package var filename: String
        package var summary: SubjectAccessExport.Summary
    }

    /// Everything Cairn holds about `personID`, as a ZIP; audited (subject: that person; the request answered, or
    /// "self").
    package func export(personID: UUID, answering requestID: UUID? = nil) async throws -> Archive {
        let actor = try context.requireActor()
        guard let person = try await Person.find(personID, on: context.database) else { throw Abort(.notFound) }
        let exporter = SubjectAccessExport(
            models: PersonalDataMap.models(of: state.features), cipher: state.cipher,
            files: SealedFiles(dataDirectory: state.configuration.dataDirectory, cipher: state.cipher),
            rules: try await rules())
        let folder = URL(fileURLWithPath: state.configuration.dataDirectory).appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
        let archive = folder.appendingPathComponent("\(context.newID().uuidString.lowercased()).zip")
        defer { try? FileManager.default.removeItem(at: archive) }
        let summary = try await exporter.write(
            for: personID, displayName: person.displayName, to: archive, on: context.database, now: now)
        let data = try Data(contentsOf: archive)
        if let requestID {
            try await context.transaction { context in
                guard let row = try await SubjectAccessRequest.find(requestID, on: context.database) else { return }
                row.answeredAt = now
                row.answeredBy = actor.personID
                try await row.update(on: context.database)
            }
        }
        try await context.audit(
            DataProtectionAudit.subjectAccessExported, resourceType: .subjectAccessRequest,
            resourceID: requestID.map { $0.uuidString.lowercased() } ?? "self", subject: personID)
        let day = CalendarDay(iso: DisplayTime.isoDay(now, in: state.configuration.timeZone))?.description ?? "export"
        return Archive(data: data, filename: "cairn-data-\(day).zip", summary: summary)
    }

    // MARK: Requests

    package struct NewRequest: Sendable {
        package var email: String
        package var askedBy: String
        package var receivedOn: String

        package init(email: String, askedBy: String, receivedOn: String) {
            self.email = email
            self.askedBy = askedBy
            self.receivedOn = receivedOn
        }
    }

    /// Records a request: whose (by their email in Cairn), who asked, the day it arrived (not in the future); due
    /// one calendar month on. Problems under "email", "askedBy", "receivedOn".
    package func record(_ new: NewRequest) async throws -> Result<UUID, FormErrors> {
        let actor = try context.requireActor()
        var errors = FormErrors()
        let email = new.email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let askedBy = new.askedBy.trimmingCharacters(in: .whitespacesAndNewlines)
        let today = CalendarDay(iso: DisplayTime.isoDay(now, in: state.configuration.timeZone))
        var person: Person?
        if email.isEmpty {
            errors.add("email", "Enter the email address of the person whose data was asked for")
        } else {
            person = try await Person.query(on: context.database).filter(\.$emailNormalised == email).first()
            if person == nil { errors.add("email", "No one in Cairn has that email address") }
        }
        if askedBy.isEmpty {
            errors.add("askedBy", "Enter who asked (the person themselves, or who is acting for them)")
        } else if askedBy.count > 500 {
            errors.add("askedBy", "Who asked must be 500 characters or fewer")
        }
        let received = CalendarDay(iso: new.receivedOn)
        if received == nil {
            errors.add("receivedOn", "Enter the day the request arrived")
        } else if let received, let today, received > today {
            errors.add("receivedOn", "The day the request arrived cannot be in the future")
        }
        guard errors.isEmpty, let person, let received else { return .failure(errors) }
        let id = context.newID()
        let personID = try person.requireID()
        try await context.transaction { context in
            let row = SubjectAccessRequest()
            row.id = id
            row.personID = personID
            try row.seal(askedBy, into: \.$askedBy, with: state.cipher)
            row.receivedOn = received.description
            row.dueOn = received.adding(months: 1).description
            row.recordedBy = actor.personID
            row.recordedAt = now
            try await row.create(on: context.database)
            try await context.audit(
                DataProtectionAudit.subjectAccessRecorded, resourceType: .subjectAccessRequest,
                resourceID: id.uuidString.lowercased(), subject: personID)
        }
        return .success(id)
    }

    package struct RequestRow: Sendable {
        package var id: UUID
        package var personID: UUID
        package var name: String
        package var email: String
        package var askedBy: String
        package var receivedOn: String
        package var dueOn: String
        package var answeredAt: Date?
        package var overdue: Bool
    }

    package struct RequestsPage: Sendable {
        package var rows: [RequestRow]
        package var paging: Paging
    }

    /// Requests, unanswered first (soonest due first), then answered (latest first); paged in SQL.
    package func requests(page requested: Int, pageSize: Int = 50) async throws -> RequestsPage {
        let total = try await SubjectAccessRequest.query(on: context.database).count()
        let paging = Paging(total: total, pageSize: pageSize, requested: requested)
        let open = try await SubjectAccessRequest.query(on: context.database).filter(\.$answeredAt == nil).count()
        var rows: [SubjectAccessRequest] = []
        // Unanswered first: the page's part of them, then its part of the answered ones.
        if paging.offset < open {
            rows += try await SubjectAccessRequest.query(on: context.database).filter(\.$answeredAt == nil)
                .sort(\.$dueOn).sort(\.$id).range(paging.offset..<min(open, paging.offset + pageSize)).all()
        }
        if rows.count < pageSize {
            let start = max(0, paging.offset - open)
            rows += try await SubjectAccessRequest.query(on: context.database).filter(\.$answeredAt != nil)
                .sort(\.$answeredAt, .descending).sort(\.$id).range(start..<(start + pageSize - rows.count)).all()
        }
        let people = try await Person.query(on: context.database).filter(\.$id ~~ rows.map(\.personID)).all()
        let byID = Dictionary(people.compactMap { person in person.id.map { ($0, person) } }) { first, _ in first }
        let today = DisplayTime.isoDay(now, in: state.configuration.timeZone)
        return RequestsPage(
            rows: try rows.map { row in
                RequestRow(
                    id: try row.requireID(), personID: row.personID, name: byID[row.personID]?.displayName ?? "",
                    email: byID[row.personID]?.email ?? "", askedBy: try row.opened(\.$askedBy, with: state.cipher),
                    receivedOn: row.receivedOn, dueOn: row.dueOn, answeredAt: row.answeredAt,
                    overdue: row.answeredAt == nil && row.dueOn < today)
            }, paging: paging)
    }

    /// One request as the list shows it.
    package func requestRow(_ id: UUID) async throws -> RequestRow? {
        guard let row = try await request(id), let person = try await Person.find(row.personID, on: context.database)
        else { return nil }
        let today = DisplayTime.isoDay(now, in: state.configuration.timeZone)
        return RequestRow(
            id: id, personID: row.personID, name: person.displayName, email: person.email,
            askedBy: try row.opened(\.$askedBy, with: state.cipher), receivedOn: row.receivedOn, dueOn: row.dueOn,
            answeredAt: row.answeredAt, overdue: row.answeredAt == nil && row.dueOn < today)
    }

    package func request(_ id: UUID) async throws -> SubjectAccessRequest? {
        try await SubjectAccessRequest.find(id, on: context.database)
    }

    // MARK: Disclosure rules

    /// The kinds a rule decides for (words someone else may have written about the person).
    package var ruledKinds: [String] {
        SubjectAccessExport.ruledKinds(PersonalDataMap.models(of: state.features))
    }

    package func rules() async throws -> [String: SubjectAccessExport.Disclosure] {
        let rows = try await DisclosureRule.query(on: context.database).all()
        var rules: [String: SubjectAccessExport.Disclosure] = [:]
        for row in rows { rules[row.kind] = SubjectAccessExport.Disclosure(rawValue: row.rule) }
        return rules
    }

    /// Sets the rule of each kind named; a kind that is not one the rules decide for is refused (under its name).
    package func setRules(_ new: [String: SubjectAccessExport.Disclosure]) async throws -> FormErrors? {
        let actor = try context.requireActor()
        let kinds = Set(ruledKinds)
        var errors = FormErrors()
        for kind in new.keys.sorted() where !kinds.contains(kind) {
            errors.add(kind, "\(kind) is not a kind of record a disclosure rule decides for")
        }
        guard errors.isEmpty else { return errors }
        try await context.transaction { context in
            let existing = try await DisclosureRule.query(on: context.database).all()
            for (kind, rule) in new.sorted(by: { $0.key < $1.key }) {
                let row = existing.first { $0.kind == kind } ?? DisclosureRule()
                if row.id == nil { row.id = context.newID() }
                row.kind = kind
                row.rule = rule.rawValue
                row.updatedBy = actor.personID
                row.updatedAt = now
                try await row.save(on: context.database)
            }
            try await context.audit(
                DataProtectionAudit.disclosureRulesChanged, resourceType: .subjectAccessRequest,
                resourceID: "rules",
                reason: new.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.rawValue)" }.joined(separator: ", "))
        }
        return nil
    }
}
