import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// A person's own development: their plan's items, their evidence, their revalidation date and appraisals, and the
/// evidence pack they take away. Everything here is read and written for the actor themselves.
package struct PortfolioService: Sendable {
    package let context: ServiceContext

    package init(context: ServiceContext) { self.context = context }

    private var sql: any SQLDatabase { context.database as! any SQLDatabase }

    static let moved = "The item was changed since you opened the page: check it and try again"

    // MARK: Plan items

    package struct OpenedItem: Sendable {
        package var item: PDPItem
        package var draft: PDPItemDraft
        /// The practice development it serves: its title and practice's name.
        package var serves: String?
    }

    func newItem(_ checked: PDPItemDraft.Checked, for personID: UUID, developmentID: UUID?) throws -> PDPItem {
        let item = PDPItem()
        item.id = context.newID()
        item.personID = personID
        try seal(checked, into: item)
        item.developmentID = developmentID
        item.version = 1
        item.createdAt = context.now
        item.updatedAt = context.now
        return item
    }

    private func seal(_ checked: PDPItemDraft.Checked, into item: PDPItem) throws {
        try item.seal(checked.learningNeed, into: \.$learningNeed, with: context.cipher)
        try item.seal(checked.objective, into: \.$objective, with: context.cipher)
        try item.seal(checked.activity, into: \.$activity, with: context.cipher)
        item.targetOn = checked.targetOn.description
        item.domain = checked.domain
        item.status = checked.status
        try item.seal(checked.evidence.isEmpty ? nil : checked.evidence, into: \.$evidence, with: context.cipher)
        try item.seal(checked.reviewNote.isEmpty ? nil : checked.reviewNote, into: \.$reviewNote, with: context.cipher)
    }

    package func open(_ item: PDPItem) async throws -> OpenedItem {
        var serves: String?
        if let developmentID = item.developmentID {
            let row = try await sql.raw(
                """
                SELECT d.title AS title, p.name AS practice FROM practice_developments d
                JOIN practices p ON p.id = d.practice_id WHERE d.id = \(bind: developmentID)
                """
            ).first()
            if let row {
                serves =
                    "\(try row.decode(column: "title", as: String.self)) (\(try row.decode(column: "practice", as: String.self)))"
            }
        }
        return OpenedItem(
            item: item,
            draft: PDPItemDraft(
                learningNeed: try item.opened(\.$learningNeed, with: context.cipher),
                objective: try item.opened(\.$objective, with: context.cipher),
                activity: try item.opened(\.$activity, with: context.cipher), targetOn: item.targetOn,
                domain: item.domain.rawValue, status: item.status.rawValue,
                evidence: try item.opened(\.$evidence, with: context.cipher) ?? "",
                reviewNote: try item.opened(\.$reviewNote, with: context.cipher) ?? ""),
            serves: serves)
    }

    /// The actor's items by target date, a page at a time (opened for this page only).
    package func items(page: Int, size: Int = 25) async throws -> (rows: [OpenedItem], paging: Paging) {
        let actor = try context.requireActor()
        let query = PDPItem.query(on: context.database).filter(\.$personID == actor.personID)
        let paging = Paging(total: try await query.copy().count(), pageSize: size, requested: page)
        var rows: [OpenedItem] = []
        for item in try await query.sort(\.$targetOn).sort(\.$createdAt)
            .range(paging.offset..<(paging.offset + size)).all()
        {
            rows.append(try await open(item))
        }
        return (rows, paging)
    }

    /// The developments of the practices the actor belongs to, to link an objective to (capped at 200).
    package func linkableDevelopments(only id: UUID? = nil) async throws -> [(id: UUID, label: String)] {
        let actor = try context.requireActor()
        let rows = try await sql.raw(
            """
            SELECT d.id AS id, d.title AS title, p.name AS practice FROM practice_developments d
            JOIN practices p ON p.id = d.practice_id
            JOIN practice_members m ON m.practice_id = p.id AND m.person_id = \(bind: actor.personID)
            WHERE p.organisation_id = \(bind: actor.organisationID) AND d.status <> \(bind: DevelopmentStatus.dropped.rawValue)
            \(id.map { "AND d.id = \(bind: $0)" as SQLQueryString } ?? "")
            ORDER BY p.name, d.title LIMIT 200
            """
        ).all()
        return try rows.map { row in
            (
                try row.decode(column: "id", as: UUID.self),
                "\(try row.decode(column: "title", as: String.self)) (\(try row.decode(column: "practice", as: String.self)))"
            )
        }
    }

    private func checkLink(_ text: String, errors: inout FormErrors) async throws -> UUID? {
        guard !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text), try await !linkableDevelopments(only: id).isEmpty else {
            errors.addConflict("development", "Choose a development of a practice you belong to")
            return nil
        }
        return id
    }

    package func addItem(_ draft: PDPItemDraft, development: String) async throws -> Result<PDPItem, FormErrors> {
        let actor = try context.requireActor()
        var errors = FormErrors()
        var checked: PDPItemDraft.Checked?
        switch draft.checked(today: context.state.today) {
        case .failure(let refusal): errors = FormErrors(refusal.problems, formName: \.formName)
        case .success(let value): checked = value
        }
        let link = try await checkLink(development, errors: &errors)
        guard errors.isEmpty, let checked else { return .failure(errors) }
        if try await PDPItem.query(on: context.database).filter(\.$personID == actor.personID).count() >= 500 {
            errors.addConflict("learningNeed", "A plan holds up to 500 items")
            return .failure(errors)
        }
        let item = try newItem(checked, for: actor.personID, developmentID: link)
        try await context.transaction { context in
            try await item.create(on: context.database)
            try await context.audit(
                DevelopmentAudit.pdpItemWritten, resourceType: .pdpItem, resourceID: item.id?.uuidString,
                subject: actor.personID)
        }
        return .success(item)
    }

    /// Changes an item from the version read.
    package func change(_ item: PDPItem, _ draft: PDPItemDraft, development: String, version: Int?) async throws
        -> Result<Void, FormErrors>
    {
        var errors = FormErrors()
        var checked: PDPItemDraft.Checked?
        switch draft.checked(today: context.state.today) {
        case .failure(let refusal): errors = FormErrors(refusal.problems, formName: \.formName)
        case .success(let value): checked = value
        }
        let link = try await checkLink(development, errors: &errors)
        guard errors.isEmpty, let checked else { return .failure(errors) }
        guard let version, version == item.version else {
            errors.addConflict("learningNeed", Self.moved)
            return .failure(errors)
        }
        let id = try item.requireID()
        let staged = PDPItem()
        staged.id = id
        try seal(checked, into: staged)
        let changed = try await context.transaction { context in
            let rows = try await (context.database as! any SQLDatabase).update(PDPItem.schema)
                .set("learning_need", to: SQLBind(staged.learningNeed)).set("objective", to: SQLBind(staged.objective))
                .set("activity", to: SQLBind(staged.activity)).set("target_on", to: SQLBind(staged.targetOn))
                .set("domain", to: SQLBind(staged.domain.rawValue)).set("status", to: SQLBind(staged.status.rawValue))
                .set("evidence", to: SQLBind(staged.evidence)).set("review_note", to: SQLBind(staged.reviewNote))
                .set("development_id", to: SQLBind(link)).set("updated_at", to: SQLBind(context.now))
                .set("version", to: SQLBind(version + 1)).where("id", .equal, SQLBind(id))
                .where("version", .equal, SQLBind(version)).returning("id").all()
            guard !rows.isEmpty else { return false }
            try await context.audit(
                DevelopmentAudit.pdpItemWritten, resourceType: .pdpItem, resourceID: id.uuidString,
                subject: item.personID)
            return true
        }
        if !changed { errors.addConflict("learningNeed", Self.moved) }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    // MARK: Evidence

    package struct OpenedEvidence: Sendable {
        package var evidence: DevelopmentEvidence
        package var title: String
    }

    /// The actor's evidence, newest first, a page at a time.
    package func evidence(page: Int, size: Int = 25) async throws -> (rows: [OpenedEvidence], paging: Paging) {
        let actor = try context.requireActor()
        let query = DevelopmentEvidence.query(on: context.database).filter(\.$personID == actor.personID)
        let paging = Paging(total: try await query.copy().count(), pageSize: size, requested: page)
        let rows = try await query.sort(\.$day, .descending).sort(\.$createdAt, .descending)
            .range(paging.offset..<(paging.offset + size)).all()
        return (
            try rows.map { OpenedEvidence(evidence: $0, title: try $0.opened(\.$title, with: context.cipher)) }, paging
        )
    }

    /// What the person may attach from elsewhere in Cairn, asked of every feature for the actor themselves.
    package func facts() async throws -> [PortfolioFact] {
        let actor = try context.requireActor()
        var facts: [PortfolioFact] = []
        for feature in context.state.features {
            facts += try await feature.portfolioFacts(for: actor.personID, context: context)
        }
        return facts
    }

    /// Adds evidence the person describes, or (with `fact` = "source:reference") something of theirs from elsewhere
    /// in Cairn, its title, day and time copied from that record; optionally against one of their items.
    package func addEvidence(_ draft: EvidenceDraft, fact: String, item: String, file: SealedFiles.Upload? = nil)
        async throws
        -> Result<DevelopmentEvidence, FormErrors>
    {
        let actor = try context.requireActor()
        var draft = draft
        var source = "own"
        var reference: String?
        var errors = FormErrors()
        if !fact.isEmpty {
            guard let found = try await facts().first(where: { "\($0.source):\($0.reference)" == fact }) else {
                errors.addConflict("fact", "Choose one of your own records")
                return .failure(errors)
            }
            source = found.source
            reference = found.reference
            draft.title = found.title
            draft.day = found.day
            if draft.kind.isEmpty { draft.kind = found.kind.rawValue }
            if draft.hours.trimmingCharacters(in: .whitespaces).isEmpty, found.minutes > 0 {
                draft.hours = String(format: "%.2f", Double(found.minutes) / 60)
            }
            if found.source == "peer_group" || found.source == "mentoring" { draft.participatory = true }
        }
        var checked: EvidenceDraft.Checked?
        switch draft.checked(today: context.state.today) {
        case .failure(let refusal):
            errors = FormErrors(
                refusal.problems.map { problem in
                    // A record of theirs with no time recorded, as a kind that counts time: say what to do.
                    guard problem.field == .hours, source != "own" else { return problem }
                    return DraftProblem(
                        .hours,
                        "That record has no time recorded: enter the hours, or choose a kind of evidence that does "
                            + "not count time")
                }, formName: \.formName)
        case .success(let value): checked = value
        }
        var itemID: UUID?
        if !item.isEmpty {
            if let id = UUID(uuidString: item), let found = try await PDPItem.find(id, on: context.database),
                found.personID == actor.personID
            {
                itemID = id
            } else {
                errors.addConflict("item", "Choose one of your own plan's items")
            }
        }
        var fileKind: UploadedFileKind?
        switch file?.checked() {
        case .failure(let refusal): errors.add("evidenceFile", refusal.message)
        case .success(let kind): fileKind = kind
        case nil: break
        }
        guard errors.isEmpty, let checked else { return .failure(errors) }
        if try await DevelopmentEvidence.query(on: context.database).filter(\.$personID == actor.personID).count()
            >= 5_000
        {
            errors.addConflict("title", "A portfolio holds up to 5,000 pieces of evidence")
            return .failure(errors)
        }
        let evidence = DevelopmentEvidence()
        evidence.id = context.newID()
        evidence.personID = actor.personID
        evidence.kind = checked.kind
        evidence.day = checked.day.description
        try evidence.seal(checked.title, into: \.$title, with: context.cipher)
        evidence.minutes = checked.minutes
        evidence.participatory = checked.participatory
        evidence.pdpItemID = itemID
        evidence.source = source
        evidence.sourceRef = reference
        evidence.createdAt = context.now
        if let file, let kind = fileKind {
            try evidence.seal(UploadedFileKind.safeName(file.name, kind: kind), into: \.$fileName, with: context.cipher)
            evidence.fileKind = kind
            evidence.fileBytes = file.data.count
            evidence.fileSHA256 = file.checksum
        }
        try await context.transaction { context in
            try await evidence.create(on: context.database)
            if let file, let binding = evidence.binding, evidence.fileKind != nil {
                try context.state.files.write(file.data, for: binding)
            }
            try await context.audit(
                DevelopmentAudit.evidenceAdded, resourceType: .developmentPortfolio,
                resourceID: evidence.id?.uuidString, subject: actor.personID)
        }
        return .success(evidence)
    }

    /// An evidence file's name and bytes, opened and checked against the checksum taken at upload; nil when there is
    /// none, or the bytes are missing or do not match.
    package func file(of evidence: DevelopmentEvidence) throws -> (name: String, data: Data)? {
        guard evidence.fileKind != nil, let binding = evidence.binding,
            let data = context.state.files.read(for: binding, checksum: evidence.fileSHA256)
        else { return nil }
        return (try evidence.opened(\.$fileName, with: context.cipher) ?? "evidence", data)
    }

    // MARK: Revalidation and appraisal

    package func profile(of personID: UUID) async throws -> DevelopmentProfile? {
        try await DevelopmentProfile.query(on: context.database).filter(\.$personID == personID).first()
    }

    package func setRevalidation(_ draft: RevalidationDraft) async throws -> Result<Void, FormErrors> {
        let actor = try context.requireActor()
        let checked: RevalidationDraft.Checked
        switch draft.checked(today: context.state.today) {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        try await context.transaction { context in
            let profile =
                try await DevelopmentProfile.query(on: context.database).filter(\.$personID == actor.personID).first()
                ?? {
                    let profile = DevelopmentProfile()
                    profile.id = context.newID()
                    profile.personID = actor.personID
                    return profile
                }()
            profile.register = checked.register
            profile.revalidationDueOn = checked.due.description
            profile.updatedAt = context.now
            try await profile.save(on: context.database)
            try await context.audit(
                DevelopmentAudit.revalidationRecorded, resourceType: .developmentPortfolio,
                resourceID: profile.id?.uuidString, subject: actor.personID)
        }
        return .success(())
    }

    package func appraisals(of personID: UUID) async throws -> [CalendarDay] {
        try await Appraisal.query(on: context.database).filter(\.$personID == personID).sort(\.$heldOn, .descending)
            .limit(40).all(\.$heldOn).compactMap { CalendarDay(iso: $0) }
    }

    /// Records the day of an appraisal (up to five years ago, or booked up to a year ahead).
    package func addAppraisal(day text: String) async throws -> Result<Void, FormErrors> {
        let actor = try context.requireActor()
        var errors = FormErrors()
        let today = context.state.today
        guard let day = CalendarDay(iso: text.trimmingCharacters(in: .whitespaces)) else {
            errors.add("appraisalOn", "Enter the appraisal's day as a real date")
            return .failure(errors)
        }
        if day < today.adding(years: -5) || day > today.adding(years: 1) {
            errors.addConflict("appraisalOn", "Enter a day from five years ago to a year ahead")
            return .failure(errors)
        }
        let appraisal = Appraisal()
        appraisal.id = context.newID()
        appraisal.personID = actor.personID
        appraisal.heldOn = day.description
        appraisal.createdAt = context.now
        do {
            try await context.transaction { context in
                try await appraisal.create(on: context.database)
                try await context.audit(
                    DevelopmentAudit.appraisalRecorded, resourceType: .developmentPortfolio,
                    resourceID: appraisal.id?.uuidString, subject: actor.personID)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            errors.addConflict("appraisalOn", "That appraisal is already recorded")
        }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    /// Where a person's revalidation and appraisal stand: counted in SQL from their evidence.
    package struct Standing: Sendable {
        package var profile: DevelopmentProfile?
        package var appraisalYear: ClosedRange<CalendarDay>
        package var appraisalHeld: CalendarDay?
        package var latestAppraisal: CalendarDay?
        package var supportingInformation: [(kind: EvidenceKind, present: Bool)]
        package var nmc: [Revalidation.Requirement]?
        package var dateStanding: Revalidation.DateStanding?
    }

    package func standing(of personID: UUID) async throws -> Standing {
        let today = context.state.today
        let profile = try await profile(of: personID)
        let appraisals = try await appraisals(of: personID)
        let appraisal = Revalidation.appraisal(in: appraisals, on: today)
        let kinds = try await sql.raw(
            """
            SELECT DISTINCT kind FROM development_evidence WHERE person_id = \(bind: personID)
            AND day >= \(bind: appraisal.year.lowerBound.description) AND day <= \(bind: appraisal.year.upperBound.description)
            """
        ).all().compactMap { EvidenceKind(rawValue: try $0.decode(column: "kind", as: String.self)) }
        var nmc: [Revalidation.Requirement]?
        var dateStanding: Revalidation.DateStanding?
        if let profile, let due = CalendarDay(iso: profile.revalidationDueOn) {
            dateStanding = Revalidation.standing(of: due, on: today)
            if profile.register == .nmc {
                let window = Revalidation.nmcWindow(for: due)
                let rows = try await sql.raw(
                    """
                    SELECT kind, participatory, COUNT(*) AS n, CAST(SUM(minutes) AS BIGINT) AS minutes FROM development_evidence
                    WHERE person_id = \(bind: personID) AND day >= \(bind: window.lowerBound.description)
                    AND day <= \(bind: window.upperBound.description) GROUP BY kind, participatory
                    """
                ).all()
                // The core counts evidence; rows of the same kind, day and participation stand for their count.
                var evidence: [Revalidation.Evidence] = []
                for row in rows {
                    guard let kind = EvidenceKind(rawValue: try row.decode(column: "kind", as: String.self)) else {
                        continue
                    }
                    let count = try row.decode(column: "n", as: Int.self)
                    let minutes = try row.decode(column: "minutes", as: Int?.self) ?? 0
                    let participatory = try row.decode(column: "participatory", as: Bool.self)
                    evidence.append(.init(kind: kind, day: due, minutes: minutes, participatory: participatory))
                    if count > 1 {
                        evidence += Array(
                            repeating: .init(kind: kind, day: due, minutes: 0, participatory: participatory),
                            count: count - 1)
                    }
                }
                nmc = Revalidation.nmcRequirements(evidence, due: due)
            }
        }
        return Standing(
            profile: profile, appraisalYear: appraisal.year, appraisalHeld: appraisal.held,
            latestAppraisal: appraisal.latest,
            supportingInformation: Revalidation.supportingInformation(present: Set(kinds)), nmc: nmc,
            dateStanding: dateStanding)
    }
}
