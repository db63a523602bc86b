import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Templates, inductions and their items. Every change to an item or a template is a conditional update on the
/// version the page or client read (409 with what was typed kept, otherwise).
package struct InductionService: Sendable {
    package let context: ServiceContext

    package init(context: ServiceContext) { self.context = context }

    private var sql: any SQLDatabase { context.database as! any SQLDatabase }

    // MARK: Templates

    /// The organisation's templates with how many items each has, by name.
    package func templates() async throws -> [(template: InductionTemplate, items: Int)] {
        let actor = try context.requireActor()
        let templates = try await InductionTemplate.query(on: context.database)
            .filter(\.$organisationID == actor.organisationID).sort(\.$name).all()
        var counts: [UUID: Int] = [:]
        if !templates.isEmpty {
            let rows = try await sql.select().column("template_id").column(
                SQLFunction("COUNT", args: SQLLiteral.all), as: "n"
            )
            .from(InductionTemplateEntry.schema)
            .where(SQLColumn("template_id"), .in, SQLBind.group(templates.compactMap(\.id)))
            .groupBy("template_id").all()
            for row in rows {
                counts[try row.decode(column: "template_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self)
            }
        }
        return templates.map { ($0, $0.id.flatMap { counts[$0] } ?? 0) }
    }

    /// Gives the organisation a copy of each standard template it does not have yet (by name).
    package func setUpStandardTemplates() async throws {
        let actor = try context.requireActor()
        try await context.transaction { context in
            let have = Set(
                try await InductionTemplate.query(on: context.database)
                    .filter(\.$organisationID == actor.organisationID).all(\.$name))
            for role in InductionRole.allCases where !have.contains(role.title) {
                try await InductionService(context: context).createTemplate(
                    name: role.title, role: role, items: StandardInductionTemplates.items(for: role),
                    organisationID: actor.organisationID)
            }
            let described = try await RoleDescription.query(on: context.database)
                .filter(\.$organisationID == actor.organisationID).filter(\.$role == .medicalSupportWorker)
                .filter(\.$department == "").count()
            if described == 0 {
                _ = try await RoleDescriptionService(context: context).create(.medicalSupportWorker)
            }
        }
    }

    @discardableResult
    package func createTemplate(
        name: String, role: InductionRole, items: [InductionTemplateItem], organisationID: UUID
    ) async throws -> InductionTemplate {
        let template = InductionTemplate()
        template.id = context.newID()
        template.organisationID = organisationID
        template.name = name
        template.role = role
        template.version = 1
        template.supervisionWeekly = SupervisionSchedule.standardWeekly
        template.supervisionMonthly = SupervisionSchedule.standardMonthly
        template.createdAt = context.now
        try await template.create(on: context.database)
        for (position, item) in items.enumerated() {
            try await entry(item, position: position, template: template.requireID()).create(on: context.database)
        }
        try await context.audit(
            InductionAudit.inductionTemplateCreated, resourceType: .inductionTemplate,
            resourceID: template.id?.uuidString)
        return template
    }

    private func entry(_ item: InductionTemplateItem, position: Int, template: UUID) -> InductionTemplateEntry {
        let entry = InductionTemplateEntry()
        entry.id = context.newID()
        entry.templateID = template
        entry.phase = item.phase
        entry.title = item.title
        entry.details = item.details
        entry.owner = item.owner
        entry.dueOffsetDays = item.dueOffsetDays
        entry.needsSignOff = item.needsSignOff
        entry.position = position
        return entry
    }

    /// A template's items in the order an induction lists them: by due day, then as added.
    package func entries(of template: InductionTemplate) async throws -> [InductionTemplateEntry] {
        try await InductionTemplateEntry.query(on: context.database).filter(\.$templateID == template.requireID())
            .sort(\.$dueOffsetDays).sort(\.$position).all()
    }

    static let templateMoved = "The template was changed since you opened the page: check it and try again"

    /// Adds an item to a template read at `version`.
    package func addItem(_ draft: InductionItemDraft, to template: InductionTemplate, version: Int?) async throws
        -> Result<Void, FormErrors>
    {
        let item: InductionTemplateItem
        switch draft.checked() {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let checked): item = checked
        }
        return try await changeTemplate(template, version: version) { context in
            let last =
                try await InductionTemplateEntry.query(on: context.database)
                .filter(\.$templateID == template.requireID()).max(\.$position) ?? -1
            try await InductionService(context: context).entry(item, position: last + 1, template: template.requireID())
                .create(on: context.database)
        }
    }

    /// Changes an item of a template read at `version`, in place (its position stays).
    package func changeItem(
        _ entryID: UUID, to draft: InductionItemDraft, in template: InductionTemplate, version: Int?
    ) async throws -> Result<Void, FormErrors> {
        let item: InductionTemplateItem
        switch draft.checked() {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let checked): item = checked
        }
        return try await changeTemplate(template, version: version) { context in
            try await (context.database as! any SQLDatabase).update(InductionTemplateEntry.schema)
                .set("phase", to: SQLBind(item.phase.rawValue)).set("title", to: SQLBind(item.title))
                .set("details", to: SQLBind(item.details)).set("owner", to: SQLBind(item.owner.rawValue))
                .set("due_offset_days", to: SQLBind(item.dueOffsetDays))
                .set("needs_sign_off", to: SQLBind(item.needsSignOff)).where("id", .equal, SQLBind(entryID))
                .where("template_id", .equal, SQLBind(try template.requireID())).run()
        }
    }

    /// Changes how often supervision meets for inductions started from the template after now.
    package func changeSchedule(weekly: String, monthly: String, of template: InductionTemplate, version: Int?)
        async throws -> Result<Void, FormErrors>
    {
        if let problem = SupervisionSchedule.problem(weekly: weekly, monthly: monthly) {
            var errors = FormErrors()
            errors.add("supervisionWeekly", problem)
            return .failure(errors)
        }
        let weeks = Int(weekly.trimmingCharacters(in: .whitespaces)) ?? SupervisionSchedule.standardWeekly
        let months = Int(monthly.trimmingCharacters(in: .whitespaces)) ?? SupervisionSchedule.standardMonthly
        return try await changeTemplate(template, version: version) { context in
            try await (context.database as! any SQLDatabase).update(InductionTemplate.schema)
                .set("supervision_weekly", to: SQLBind(weeks)).set("supervision_monthly", to: SQLBind(months))
                .where("id", .equal, SQLBind(try template.requireID())).run()
        }
    }

    /// Removes an item from a template read at `version`. Inductions already started keep their copy.
    package func removeItem(_ entryID: UUID, from template: InductionTemplate, version: Int?) async throws
        -> Result<Void, FormErrors>
    {
        try await changeTemplate(template, version: version) { context in
            try await InductionTemplateEntry.query(on: context.database).filter(\.$id == entryID)
                .filter(\.$templateID == template.requireID()).delete()
        }
    }

    private func changeTemplate(
        _ template: InductionTemplate, version: Int?,
        _ change: @escaping @Sendable (ServiceContext) async throws -> Void
    ) async throws -> Result<Void, FormErrors> {
        var errors = FormErrors()
        guard let version, version == template.version else {
            errors.addConflict("title", Self.templateMoved)
            return .failure(errors)
        }
        let templateID = try template.requireID()
        let changed = try await context.transaction { context in
            let rows = try await (context.database as! any SQLDatabase).update(InductionTemplate.schema)
                .set("version", to: SQLBind(version + 1)).where("id", .equal, SQLBind(templateID))
                .where("version", .equal, SQLBind(version)).returning("id").all()
            guard !rows.isEmpty else { return false }
            try await change(context)
            try await context.audit(
                InductionAudit.inductionTemplateChanged, resourceType: .inductionTemplate,
                resourceID: templateID.uuidString)
            return true
        }
        if !changed { errors.addConflict("title", Self.templateMoved) }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    // MARK: Inductions

    /// Starts a new starter's induction from one of the organisation's templates: finds or invites the new starter
    /// (a clinician) and their supervisor, and copies the template's items with their due days.
    package func start(_ draft: InductionStartDraft) async throws -> Result<Induction, FormErrors> {
        let actor = try context.requireActor()
        let checked: InductionStartDraft.Checked
        switch draft.checked(today: context.state.today) {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        guard let template = try await InductionTemplate.find(checked.templateID, on: context.database),
            template.organisationID == actor.organisationID
        else {
            var errors = FormErrors()
            errors.addConflict(InductionStartField.templateID.formName, "Choose one of your organisation's templates")
            return .failure(errors)
        }
        let entries = try await entries(of: template)
        let induction = try await context.transaction { context in
            let inductee = try await PeopleDirectory.findOrInvite(
                email: checked.inducteeEmail, name: checked.inducteeName, role: .clinician,
                organisationID: actor.organisationID, context: context, on: context.database)
            let supervisor = try await PeopleDirectory.findOrInvite(
                email: checked.supervisorEmail, name: checked.supervisorName, role: .supervisor,
                organisationID: actor.organisationID, context: context, on: context.database)
            let induction = Induction()
            induction.id = context.newID()
            induction.organisationID = actor.organisationID
            induction.inducteeID = inductee.id
            induction.supervisorID = supervisor.id
            induction.templateName = template.name
            induction.role = template.role
            induction.startsOn = checked.startsOn.description
            induction.cohort = checked.cohort
            induction.department = checked.department
            induction.createdBy = actor.personID
            induction.createdAt = context.now
            try await induction.create(on: context.database)
            for (position, entry) in entries.enumerated() {
                let item = InductionItem()
                item.id = context.newID()
                item.inductionID = try induction.requireID()
                item.phase = entry.phase
                item.title = entry.title
                item.details = entry.details
                item.owner = entry.owner
                item.dueOn = checked.startsOn.adding(days: entry.dueOffsetDays).description
                item.needsSignOff = entry.needsSignOff
                item.position = position
                item.version = 1
                try await item.create(on: context.database)
            }
            try await SupervisionService(context: context).plan(
                for: induction, weekly: template.supervisionWeekly, monthly: template.supervisionMonthly)
            let link = context.link(.induction(induction.id))
            for (personID, words) in [
                (
                    inductee.id,
                    "Your induction starts on \(checked.startsOn.longText). Your supervisor is "
                        + "\(checked.supervisorName). What is due, and when, is on your induction page:"
                ),
                (
                    supervisor.id,
                    "You are supervising \(checked.inducteeName), who starts on "
                        + "\(checked.startsOn.longText). Their induction, and the items you sign off, are here:"
                ),
            ] {
                guard let person = try await Person.find(personID, on: context.database) else { continue }
                try await Outbox.enqueue(
                    to: person.email, subject: "An induction has started",
                    body: "\(words)\n\(link)", now: context.now, on: context.database)
            }
            try await context.audit(
                InductionAudit.inductionStarted, resourceType: .induction, resourceID: induction.id?.uuidString,
                subject: inductee.id)
            return induction
        }
        return .success(induction)
    }

    /// An induction in a list, with its progress counted in SQL.
    package struct Row: Sendable {
        package var id: UUID
        package var inducteeName: String
        package var supervisorName: String
        package var templateName: String
        package var startsOn: String
        package var cohort: String
        package var progress: Progress
    }

    /// The inductions the actor follows (a lead: the organisation's; otherwise their own and those they
    /// supervise), newest start first, a page at a time; `search` matches the new starter's name or the intake.
    package func list(page: Int, search: String = "", size: Int = 25) async throws -> (rows: [Row], paging: Paging) {
        let actor = try context.requireActor()
        func scoped(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query.from(SQLAlias(SQLIdentifier(Induction.schema), as: SQLIdentifier("i")))
                .join(
                    SQLAlias(SQLIdentifier(Person.schema), as: SQLIdentifier("p")), method: SQLJoinMethod.inner,
                    on: SQLColumn("id", table: "p"), .equal, SQLColumn("inductee_id", table: "i")
                )
                .where(SQLColumn("organisation_id", table: "i"), .equal, SQLBind(actor.organisationID))
            if !actor.roles.contains(.programmeLead) {
                query = query.where {
                    $0.where(SQLColumn("inductee_id", table: "i"), .equal, SQLBind(actor.personID))
                        .orWhere(SQLColumn("supervisor_id", table: "i"), .equal, SQLBind(actor.personID))
                }
            }
            let term = search.trimmingCharacters(in: .whitespaces).lowercased()
            if !term.isEmpty {
                let pattern =
                    "%" + term.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
                    + "%"
                query = query.where {
                    $0.where(SQLFunction("LOWER", args: SQLColumn("display_name", table: "p")), .like, SQLBind(pattern))
                        .orWhere(SQLFunction("LOWER", args: SQLColumn("cohort", table: "i")), .like, SQLBind(pattern))
                }
            }
            return query
        }
        let total =
            try await scoped(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()?
            .decode(column: "n", as: Int.self) ?? 0
        let paging = Paging(total: total, pageSize: size, requested: page)
        let found = try await scoped(
            sql.select().column(SQLColumn("id", table: "i")).column(
                SQLColumn("display_name", table: "p"), as: "inductee"
            )
            .column(SQLColumn("supervisor_id", table: "i")).column(SQLColumn("template_name", table: "i"))
            .column(SQLColumn("starts_on", table: "i")).column(SQLColumn("cohort", table: "i"))
        )
        .orderBy(SQLColumn("starts_on", table: "i"), SQLDirection.descending).orderBy(
            SQLColumn("display_name", table: "p")
        )
        .limit(size).offset(paging.offset).all()
        let ids = try found.map { try $0.decode(column: "id", as: UUID.self) }
        let progress = try await self.progress(of: ids)
        let supervisors = try await Person.query(on: context.database)
            .filter(\.$id ~~ found.map { try $0.decode(column: "supervisor_id", as: UUID.self) }).all()
        let rows = try found.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            let supervisorID = try row.decode(column: "supervisor_id", as: UUID.self)
            let counts = progress[id] ?? Progress()
            return Row(
                id: id, inducteeName: try row.decode(column: "inductee", as: String.self),
                supervisorName: supervisors.first { $0.id == supervisorID }?.displayName ?? "",
                templateName: try row.decode(column: "template_name", as: String.self),
                startsOn: try row.decode(column: "starts_on", as: String.self),
                cohort: try row.decode(column: "cohort", as: String.self), progress: counts)
        }
        return (rows, paging)
    }

    /// How far an induction has gone: items, those complete (signed off where they need it), those past their day
    /// and not done, and those done and waiting for the supervisor.
    package struct Progress: Sendable, Equatable {
        package var items = 0
        package var complete = 0
        package var overdue = 0
        package var awaitingSignOff = 0
    }

    /// The progress of each induction, counted in one grouped query.
    package func progress(of ids: [UUID]) async throws -> [UUID: Progress] {
        guard !ids.isEmpty else { return [:] }
        let today = context.state.today.description
        let rows = try await sql.select().column("induction_id")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "items")
            .column(
                SQLQueryString(
                    "SUM(CASE WHEN completed_on IS NOT NULL AND (needs_sign_off = \(bind: false) OR signed_off_at IS NOT NULL) THEN 1 ELSE 0 END)"
                ), as: "complete"
            )
            .column(
                SQLQueryString("SUM(CASE WHEN completed_on IS NULL AND due_on < \(bind: today) THEN 1 ELSE 0 END)"),
                as: "overdue"
            )
            .column(
                SQLQueryString(
                    "SUM(CASE WHEN completed_on IS NOT NULL AND needs_sign_off = \(bind: true) AND signed_off_at IS NULL THEN 1 ELSE 0 END)"
                ), as: "awaiting"
            )
            .from(InductionItem.schema).where(SQLColumn("induction_id"), .in, SQLBind.group(ids))
            .groupBy("induction_id").all()
        var result: [UUID: Progress] = [:]
        for row in rows {
            result[try row.decode(column: "induction_id", as: UUID.self)] = Progress(
                items: try row.decode(column: "items", as: Int.self),
                complete: try row.decode(column: "complete", as: Int?.self) ?? 0,
                overdue: try row.decode(column: "overdue", as: Int?.self) ?? 0,
                awaitingSignOff: try row.decode(column: "awaiting", as: Int?.self) ?? 0)
        }
        return result
    }

    /// Progress by intake across the organisation (a lead's view), counted in one grouped query.
    package struct CohortRow: Sendable, Equatable {
        package var cohort: String
        package var people: Int
        package var progress: Progress
    }

    package func cohorts() async throws -> [CohortRow] {
        let actor = try context.requireActor()
        let today = context.state.today.description
        let rows = try await sql.select().column(SQLColumn("cohort", table: "i"))
            .column(SQLFunction("COUNT", args: SQLDistinct(SQLColumn("id", table: "i"))), as: "people")
            .column(SQLFunction("COUNT", args: SQLColumn("id", table: "t")), as: "items")
            .column(
                SQLQueryString(
                    "SUM(CASE WHEN t.completed_on IS NOT NULL AND (t.needs_sign_off = \(bind: false) OR t.signed_off_at IS NOT NULL) THEN 1 ELSE 0 END)"
                ), as: "complete"
            )
            .column(
                SQLQueryString(
                    "SUM(CASE WHEN t.completed_on IS NULL AND t.due_on < \(bind: today) THEN 1 ELSE 0 END)"),
                as: "overdue"
            )
            .from(SQLAlias(SQLIdentifier(Induction.schema), as: SQLIdentifier("i")))
            .join(
                SQLAlias(SQLIdentifier(InductionItem.schema), as: SQLIdentifier("t")), method: SQLJoinMethod.left,
                on: SQLColumn("induction_id", table: "t"), .equal, SQLColumn("id", table: "i")
            )
            .where(SQLColumn("organisation_id", table: "i"), .equal, SQLBind(actor.organisationID))
            .groupBy(SQLColumn("cohort", table: "i")).orderBy(SQLColumn("cohort", table: "i")).limit(200).all()
        return try rows.map { row in
            CohortRow(
                cohort: try row.decode(column: "cohort", as: String.self),
                people: try row.decode(column: "people", as: Int.self),
                progress: Progress(
                    items: try row.decode(column: "items", as: Int.self),
                    complete: try row.decode(column: "complete", as: Int?.self) ?? 0,
                    overdue: try row.decode(column: "overdue", as: Int?.self) ?? 0))
        }
    }

    // MARK: Items

    /// An induction's items by due day.
    package func items(of induction: Induction) async throws -> [InductionItem] {
        try await InductionItem.query(on: context.database).filter(\.$inductionID == induction.requireID())
            .sort(\.$dueOn).sort(\.$position).all()
    }

    /// The opened evidence of an item (sealed in the database).
    package func evidence(of item: InductionItem) throws -> String? {
        try item.opened(\.$evidence, with: context.cipher)
    }

    static let itemMoved = "This item was changed since you opened the page: check it and try again"

    /// Marks an item done today, with a short note of evidence and, if given, a file (a PDF, PNG or JPEG, known by
    /// its content), from the version read.
    package func complete(_ item: InductionItem, evidence: String, file: SealedFiles.Upload? = nil, version: Int?)
        async throws
        -> Result<Void, FormErrors>
    {
        let actor = try context.requireActor()
        var errors = FormErrors()
        let evidence = evidence.trimmingCharacters(in: .whitespacesAndNewlines)
        if evidence.count > 2_000 { errors.add("evidence", "Keep the evidence to 2,000 characters or fewer") }
        var kind: UploadedFileKind?
        switch file?.checked() {
        case .failure(let refusal): errors.add("evidenceFile", refusal.message)
        case .success(let checked): kind = checked
        case nil: break
        }
        if item.completedOn != nil { errors.addConflict("evidence", "This item is already done") }
        guard errors.isEmpty else { return .failure(errors) }
        guard let version, version == item.version else {
            errors.addConflict("evidence", Self.itemMoved)
            return .failure(errors)
        }
        let fileKind = kind
        let itemID = try item.requireID()
        let sealed = evidence.isEmpty ? nil : try item.sealed(evidence, for: \.$evidence, with: context.cipher)
        let changed = try await context.transaction { context in
            let rows = try await (context.database as! any SQLDatabase).update(InductionItem.schema)
                .set("completed_on", to: SQLBind(context.state.today.description))
                .set("completed_by", to: SQLBind(actor.personID)).set("evidence", to: SQLBind(sealed))
                .set("version", to: SQLBind(version + 1)).where("id", .equal, SQLBind(itemID))
                .where("version", .equal, SQLBind(version)).where("completed_on", .is, SQLLiteral.null)
                .returning("id").all()
            guard !rows.isEmpty else { return false }
            if let file, let kind = fileKind {
                let record = EvidenceFile()
                record.id = context.newID()
                record.itemID = itemID
                try record.seal(
                    UploadedFileKind.safeName(file.name, kind: kind), into: \.$fileName, with: context.cipher)
                record.kind = kind
                record.byteCount = file.data.count
                record.sha256 = file.checksum
                record.uploadedBy = actor.personID
                record.uploadedAt = context.now
                try await record.create(on: context.database)
                if let binding = record.binding { try context.state.files.write(file.data, for: binding) }
            }
            try await context.audit(
                InductionAudit.inductionItemCompleted, resourceType: .inductionItem, resourceID: itemID.uuidString)
            return true
        }
        if !changed { errors.addConflict("evidence", Self.itemMoved) }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    /// The evidence files of an induction's items, by item.
    package func evidenceFiles(of items: [InductionItem]) async throws -> [UUID: EvidenceFile] {
        let ids = items.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let files = try await EvidenceFile.query(on: context.database).filter(\.$itemID ~~ ids).all()
        return Dictionary(files.map { ($0.itemID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// An evidence file's name and bytes, opened and checked against the checksum taken at upload; nil when the
    /// bytes are missing or do not match.
    package func open(_ file: EvidenceFile) throws -> (name: String, data: Data)? {
        guard let binding = file.binding, let data = context.state.files.read(for: binding, checksum: file.sha256)
        else { return nil }
        return (try file.opened(\.$fileName, with: context.cipher), data)
    }

    /// Signs off an item that is done and needs it, from the version read.
    package func signOff(_ item: InductionItem, version: Int?) async throws -> Result<Void, FormErrors> {
        let actor = try context.requireActor()
        var errors = FormErrors()
        if item.completedOn == nil {
            errors.addConflict("signOff", "This item is not done yet: it is signed off after")
        }
        if item.signedOffAt != nil { errors.addConflict("signOff", "This item is already signed off") }
        guard errors.isEmpty else { return .failure(errors) }
        guard let version, version == item.version else {
            errors.addConflict("signOff", Self.itemMoved)
            return .failure(errors)
        }
        let itemID = try item.requireID()
        let changed = try await context.transaction { context in
            let rows = try await (context.database as! any SQLDatabase).update(InductionItem.schema)
                .set("signed_off_at", to: SQLBind(context.now)).set("signed_off_by", to: SQLBind(actor.personID))
                .set("version", to: SQLBind(version + 1)).where("id", .equal, SQLBind(itemID))
                .where("version", .equal, SQLBind(version)).where("signed_off_at", .is, SQLLiteral.null)
                .where("completed_on", .isNot, SQLLiteral.null).returning("id").all()
            guard !rows.isEmpty else { return false }
            try await context.audit(
                InductionAudit.inductionItemSignedOff, resourceType: .inductionItem, resourceID: itemID.uuidString)
            return true
        }
        if !changed { errors.addConflict("signOff", Self.itemMoved) }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }
}
