import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Practices and their plans: the team, workshops and their rankings, needs, developments with their evaluation,
/// objectives proposed into members' personal plans, and the facilitator's challenge log. Changes to a practice or a
/// development are conditional updates on the version the page or client read (409 with what was typed kept).
package struct PracticeService: Sendable {
    package let context: ServiceContext

    package init(context: ServiceContext) { self.context = context }

    private var sql: any SQLDatabase { context.database as! any SQLDatabase }

    static let moved = "The record was changed since you opened the page: check it and try again"

    // MARK: Practices

    package struct PracticeRow: Sendable {
        package var practice: Practice
        package var members: Int
        package var workshops: Int
        package var developments: Int
    }

    /// The practices the actor facilitates or belongs to, by name, a page at a time, with counts for that page only.
    package func mine(page: Int, size: Int = 25) async throws -> (rows: [PracticeRow], paging: Paging) {
        let actor = try context.requireActor()
        let memberOf = PracticeMember.query(on: context.database).filter(\.$personID == actor.personID)
        let joined = try await memberOf.all(\.$practiceID)
        let query = Practice.query(on: context.database).filter(\.$organisationID == actor.organisationID)
            .group(.or) { group in
                group.filter(\.$facilitatorID == actor.personID)
                if !joined.isEmpty { group.filter(\.$id ~~ joined) }
            }
        let paging = Paging(total: try await query.copy().count(), pageSize: size, requested: page)
        let practices = try await query.sort(\.$name).range(paging.offset..<(paging.offset + size)).all()
        let ids = practices.compactMap(\.id)
        let members = try await counts(in: PracticeMember.schema, of: ids)
        let workshops = try await counts(in: PracticeWorkshop.schema, of: ids)
        let developments = try await counts(in: PracticeDevelopment.schema, of: ids)
        return (
            practices.map { practice in
                let id = practice.id ?? UUID()
                return PracticeRow(
                    practice: practice, members: members[id] ?? 0, workshops: workshops[id] ?? 0,
                    developments: developments[id] ?? 0)
            }, paging
        )
    }

    private func counts(in table: String, of ids: [UUID]) async throws -> [UUID: Int] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.select().column("practice_id").column(
            SQLFunction("COUNT", args: SQLLiteral.all), as: "n"
        )
        .from(table).where(SQLColumn("practice_id"), .in, SQLBind.group(ids)).groupBy("practice_id").all()
        var counts: [UUID: Int] = [:]
        for row in rows {
            counts[try row.decode(column: "practice_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    package func create(_ draft: PracticeDraft) async throws -> Result<Practice, FormErrors> {
        let actor = try context.requireActor()
        let checked: PracticeDraft.Checked
        switch draft.checked() {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        let practice = Practice()
        practice.id = context.newID()
        practice.organisationID = actor.organisationID
        practice.name = checked.name
        practice.vision = checked.vision
        practice.facilitatorID = actor.personID
        practice.version = 1
        practice.createdAt = context.now
        do {
            try await context.transaction { context in
                try await practice.create(on: context.database)
                try await context.audit(
                    DevelopmentAudit.practiceCreated, resourceType: .practice, resourceID: practice.id?.uuidString)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            var errors = FormErrors()
            errors.addConflict("name", "There is already a practice of that name: choose another")
            return .failure(errors)
        }
        return .success(practice)
    }

    /// The practice's name and vision, from the version read.
    package func change(_ practice: Practice, _ draft: PracticeDraft, version: Int?) async throws -> Result<
        Void, FormErrors
    > {
        let checked: PracticeDraft.Checked
        switch draft.checked() {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        var errors = FormErrors()
        guard let version, version == practice.version else {
            errors.addConflict("vision", Self.moved)
            return .failure(errors)
        }
        let id = try practice.requireID()
        do {
            let changed = try await context.transaction { context in
                let rows = try await (context.database as! any SQLDatabase).update(Practice.schema)
                    .set("name", to: SQLBind(checked.name)).set("vision", to: SQLBind(checked.vision))
                    .set("version", to: SQLBind(version + 1)).where("id", .equal, SQLBind(id))
                    .where("version", .equal, SQLBind(version)).returning("id").all()
                guard !rows.isEmpty else { return false }
                try await context.audit(
                    DevelopmentAudit.practiceChanged, resourceType: .practice, resourceID: id.uuidString)
                return true
            }
            if !changed { errors.addConflict("vision", Self.moved) }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            errors.addConflict("name", "There is already a practice of that name: choose another")
        }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    // MARK: Team

    package struct MemberRow: Sendable {
        package var personID: UUID
        package var name: String
        package var staffGroup: StaffGroup
    }

    /// The team, by name (a practice's team is tens, capped at 300).
    package func members(of practice: Practice) async throws -> [MemberRow] {
        let rows = try await sql.raw(
            """
            SELECT m.person_id AS person_id, p.display_name AS name, m.staff_group AS staff_group
            FROM practice_members m JOIN people p ON p.id = m.person_id
            WHERE m.practice_id = \(bind: try practice.requireID()) ORDER BY p.display_name LIMIT 300
            """
        ).all()
        return try rows.map { row in
            MemberRow(
                personID: try row.decode(column: "person_id", as: UUID.self),
                name: try row.decode(column: "name", as: String.self),
                staffGroup: StaffGroup(rawValue: try row.decode(column: "staff_group", as: String.self)) ?? .other)
        }
    }

    /// Adds someone to the team by email: an existing account here, or an invitation (they hold the clinician role,
    /// which is what reads the plan and keeps a personal plan).
    package func addMember(to practice: Practice, email: String, name: String, group: String) async throws
        -> Result<Void, FormErrors>
    {
        var errors = FormErrors()
        let address = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if !EmailAddress.isPlausible(address) { errors.add("memberEmail", EmailAddress.formatProblem) }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 120 { errors.add("memberName", "Enter their name (up to 120 characters)") }
        let staffGroup = StaffGroup(rawValue: group)
        if staffGroup == nil { errors.add("staffGroup", "Choose their place in the team") }
        guard errors.isEmpty, let staffGroup else { return .failure(errors) }
        let practiceID = try practice.requireID()
        let count = try await PracticeMember.query(on: context.database).filter(\.$practiceID == practiceID).count()
        if count >= 300 {
            errors.addConflict("memberEmail", "A practice's team holds up to 300 people")
            return .failure(errors)
        }
        do {
            try await context.transaction { context in
                let person = try await PeopleDirectory.findOrInvite(
                    email: address, name: name, role: .clinician, organisationID: practice.organisationID,
                    context: context, on: context.database)
                let member = PracticeMember()
                member.id = context.newID()
                member.practiceID = practiceID
                member.personID = person.id
                member.staffGroup = staffGroup
                member.joinedAt = context.now
                try await member.create(on: context.database)
                try await context.audit(
                    DevelopmentAudit.practiceMemberAdded, resourceType: .practice, resourceID: practiceID.uuidString,
                    subject: person.id)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            errors.addConflict("memberEmail", "They are already in the team")
        }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    // MARK: Workshops and rankings

    package struct WorkshopRow: Sendable {
        package var workshop: PracticeWorkshop
        package var attendees: Int
        package var ballots: Int
    }

    /// The practice's workshops by day (a plan has a handful; capped at 100).
    package func workshops(of practice: Practice) async throws -> [WorkshopRow] {
        let workshops = try await PracticeWorkshop.query(on: context.database)
            .filter(\.$practiceID == practice.requireID()).sort(\.$heldOn).limit(100).all()
        let ids = workshops.compactMap(\.id)
        var attendees: [UUID: Int] = [:]
        var ballots: [UUID: Int] = [:]
        if !ids.isEmpty {
            for row in try await sql.select().column("workshop_id")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(WorkshopAttendee.schema)
                .where(SQLColumn("workshop_id"), .in, SQLBind.group(ids)).groupBy("workshop_id").all()
            {
                attendees[try row.decode(column: "workshop_id", as: UUID.self)] = try row.decode(
                    column: "n", as: Int.self)
            }
            for row in try await sql.raw(
                """
                SELECT workshop_id, COUNT(DISTINCT person_id) AS n FROM need_rankings
                WHERE workshop_id IN \(SQLBind.group(ids)) GROUP BY workshop_id
                """
            ).all() {
                ballots[try row.decode(column: "workshop_id", as: UUID.self)] = try row.decode(
                    column: "n", as: Int.self)
            }
        }
        return workshops.map { workshop in
            let id = workshop.id ?? UUID()
            return WorkshopRow(workshop: workshop, attendees: attendees[id] ?? 0, ballots: ballots[id] ?? 0)
        }
    }

    /// Records a workshop with the team members who came.
    package func addWorkshop(to practice: Practice, _ draft: WorkshopDraft, attendees: [UUID]) async throws -> Result<
        PracticeWorkshop, FormErrors
    > {
        let actor = try context.requireActor()
        let checked: WorkshopDraft.Checked
        switch draft.checked(today: context.state.today) {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        let practiceID = try practice.requireID()
        let team = Set(try await members(of: practice).map(\.personID))
        let chosen = Set(attendees)
        var errors = FormErrors()
        if chosen.isEmpty { errors.add("attendees", "Choose who came from the team") }
        if !chosen.isSubset(of: team) { errors.addConflict("attendees", "Choose people from the practice's team") }
        guard errors.isEmpty else { return .failure(errors) }
        let workshop = PracticeWorkshop()
        workshop.id = context.newID()
        workshop.practiceID = practiceID
        workshop.heldOn = checked.day.description
        try workshop.seal(checked.notes.isEmpty ? nil : checked.notes, into: \.$notes, with: context.cipher)
        workshop.createdBy = actor.personID
        workshop.createdAt = context.now
        try await context.transaction { context in
            try await workshop.create(on: context.database)
            for person in chosen.sorted(by: { $0.uuidString < $1.uuidString }) {
                let attendee = WorkshopAttendee()
                attendee.id = context.newID()
                attendee.workshopID = try workshop.requireID()
                attendee.personID = person
                try await attendee.create(on: context.database)
            }
            try await context.audit(
                DevelopmentAudit.workshopRecorded, resourceType: .practiceWorkshop,
                resourceID: workshop.id?.uuidString)
        }
        return .success(workshop)
    }

    /// The workshop's attendees, by name.
    package func attendees(of workshop: PracticeWorkshop) async throws -> [(id: UUID, name: String)] {
        let rows = try await sql.raw(
            """
            SELECT a.person_id AS person_id, p.display_name AS name FROM workshop_attendees a
            JOIN people p ON p.id = a.person_id WHERE a.workshop_id = \(bind: try workshop.requireID())
            ORDER BY p.display_name LIMIT 300
            """
        ).all()
        return try rows.map {
            (try $0.decode(column: "person_id", as: UUID.self), try $0.decode(column: "name", as: String.self))
        }
    }

    /// Each attendee's ranks at the workshop (attendee → need → rank).
    package func ballots(of workshop: PracticeWorkshop) async throws -> [UUID: [UUID: Int]] {
        let rankings = try await NeedRanking.query(on: context.database).filter(\.$workshopID == workshop.requireID())
            .limit(30_000).all()
        var ballots: [UUID: [UUID: Int]] = [:]
        for ranking in rankings { ballots[ranking.personID, default: [:]][ranking.needID] = ranking.rank }
        return ballots
    }

    /// The workshop's result over the practice's needs.
    package func result(of workshop: PracticeWorkshop, needs: [PracticeNeed]) async throws -> [PriorityRanking.Row<
        UUID
    >] {
        let ballots = try await ballots(of: workshop)
        return PriorityRanking.aggregate(
            needs: needs.compactMap { need in need.id.map { (id: $0, title: need.title) } },
            ballots: Array(ballots.values))
    }

    /// Records (or replaces) one attendee's ranking of the practice's needs at the workshop. `ranks` maps need ids
    /// (as typed) to ranks (as typed); an empty rank leaves the need unranked.
    package func recordRanking(
        at view: DevelopmentAccess.WorkshopView, attendee: UUID?, ranks: [String: String]
    ) async throws -> Result<Void, FormErrors> {
        var errors = FormErrors()
        let needs = try await needs(of: view.practice)
        let attendees = Set(try await attendees(of: view.workshop).map(\.id))
        guard let attendee, attendees.contains(attendee) else {
            errors.add("attendee", "Choose whose ranking this is, from the workshop's attendees")
            return .failure(errors)
        }
        var ballot: [UUID: Int] = [:]
        for need in needs {
            guard let id = need.id else { continue }
            let text = (ranks[id.uuidString.lowercased()] ?? ranks[id.uuidString] ?? "")
                .trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            guard let rank = Int(text) else {
                errors.add("rank-\(id.uuidString.lowercased())", "Enter a whole number from 1 to \(needs.count)")
                continue
            }
            ballot[id] = rank
        }
        let known = Set(needs.compactMap { $0.id?.uuidString.lowercased() })
        if ranks.keys.contains(where: { !known.contains($0.lowercased()) }) {
            errors.addConflict("attendee", "Rank the practice's own needs")
        }
        guard errors.isEmpty else { return .failure(errors) }
        for problem in PriorityRanking.problems(in: Array(ballot.values), needs: needs.count) {
            errors.add("attendee", problem)
        }
        guard errors.isEmpty else { return .failure(errors) }
        let workshopID = try view.workshop.requireID()
        let ranked = ballot
        try await context.transaction { context in
            try await NeedRanking.query(on: context.database).filter(\.$workshopID == workshopID)
                .filter(\.$personID == attendee).delete()
            for (need, rank) in ranked.sorted(by: { $0.value < $1.value }) {
                let ranking = NeedRanking()
                ranking.id = context.newID()
                ranking.workshopID = workshopID
                ranking.personID = attendee
                ranking.needID = need
                ranking.rank = rank
                try await ranking.create(on: context.database)
            }
            try await context.audit(
                DevelopmentAudit.rankingRecorded, resourceType: .practiceWorkshop, resourceID: workshopID.uuidString,
                subject: attendee)
        }
        return .success(())
    }

    // MARK: Needs

    /// The practice's needs in the order they were added (capped at 100).
    package func needs(of practice: Practice) async throws -> [PracticeNeed] {
        try await PracticeNeed.query(on: context.database).filter(\.$practiceID == practice.requireID())
            .sort(\.$createdAt).sort(\.$id).limit(100).all()
    }

    package func addNeed(to practice: Practice, _ draft: NeedDraft) async throws -> Result<PracticeNeed, FormErrors> {
        let checked: NeedDraft.Checked
        switch draft.checked() {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        let practiceID = try practice.requireID()
        if try await PracticeNeed.query(on: context.database).filter(\.$practiceID == practiceID).count() >= 100 {
            var errors = FormErrors()
            errors.addConflict("needTitle", "A plan holds up to 100 needs")
            return .failure(errors)
        }
        let need = PracticeNeed()
        need.id = context.newID()
        need.practiceID = practiceID
        need.title = checked.title
        need.source = checked.source
        need.finding = checked.finding
        need.createdAt = context.now
        try await context.transaction { context in
            try await need.create(on: context.database)
            try await context.audit(
                DevelopmentAudit.needAdded, resourceType: .practice, resourceID: practiceID.uuidString)
        }
        return .success(need)
    }

    /// The result of the latest workshop with rankings, for the plan page: the workshop and its result.
    package func currentPriorities(of practice: Practice, needs: [PracticeNeed]) async throws -> (
        workshop: PracticeWorkshop, rows: [PriorityRanking.Row<UUID>], ballots: Int
    )? {
        let practiceID = try practice.requireID()
        let latest = try await sql.raw(
            """
            SELECT w.id AS id FROM practice_workshops w
            WHERE w.practice_id = \(bind: practiceID) AND EXISTS (SELECT 1 FROM need_rankings r WHERE r.workshop_id = w.id)
            ORDER BY w.held_on DESC, w.created_at DESC LIMIT 1
            """
        ).first()
        guard let id = try latest?.decode(column: "id", as: UUID.self),
            let workshop = try await PracticeWorkshop.find(id, on: context.database)
        else { return nil }
        let ballots = try await ballots(of: workshop)
        return (
            workshop,
            PriorityRanking.aggregate(
                needs: needs.compactMap { need in need.id.map { (id: $0, title: need.title) } },
                ballots: Array(ballots.values)), ballots.count
        )
    }

    // MARK: Developments

    package struct DevelopmentRow: Sendable {
        package var development: PracticeDevelopment
        /// How many objectives in members' personal plans serve it: coverage, never whose or what they say.
        package var linkedObjectives: Int
    }

    /// The practice's developments by due date, with how many personal objectives stand behind each.
    package func developments(of practice: Practice) async throws -> [DevelopmentRow] {
        let developments = try await PracticeDevelopment.query(on: context.database)
            .filter(\.$practiceID == practice.requireID()).sort(\.$dueOn).sort(\.$title).limit(200).all()
        let ids = developments.compactMap(\.id)
        var linked: [UUID: Int] = [:]
        if !ids.isEmpty {
            for row in try await sql.select().column("development_id")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(PDPItem.schema)
                .where(SQLColumn("development_id"), .in, SQLBind.group(ids)).groupBy("development_id").all()
            {
                linked[try row.decode(column: "development_id", as: UUID.self)] = try row.decode(
                    column: "n", as: Int.self)
            }
        }
        return developments.map { DevelopmentRow(development: $0, linkedObjectives: $0.id.flatMap { linked[$0] } ?? 0) }
    }

    /// The objectives linked to one development, as a count.
    package func linkedObjectives(to development: PracticeDevelopment) async throws -> Int {
        try await PDPItem.query(on: context.database).filter(\.$developmentID == development.requireID()).count()
    }

    private func checkLinks(practice: Practice, needID: String, ownerID: String, errors: inout FormErrors)
        async throws -> (need: UUID?, owner: UUID?)
    {
        var need: UUID?
        var owner: UUID?
        if !needID.isEmpty {
            if let id = UUID(uuidString: needID),
                let found = try await PracticeNeed.find(id, on: context.database),
                found.practiceID == practice.id
            {
                need = id
            } else {
                errors.addConflict("need", "Choose one of the practice's needs")
            }
        }
        if !ownerID.isEmpty {
            if let id = UUID(uuidString: ownerID),
                try await PracticeMember.query(on: context.database).filter(\.$practiceID == practice.requireID())
                    .filter(\.$personID == id).count() > 0
            {
                owner = id
            } else {
                errors.addConflict("owner", "Choose someone from the practice's team")
            }
        }
        return (need, owner)
    }

    package func addDevelopment(to practice: Practice, _ draft: DevelopmentDraft, needID: String, ownerID: String)
        async throws -> Result<PracticeDevelopment, FormErrors>
    {
        var errors = FormErrors()
        var checked: DevelopmentDraft.Checked?
        switch draft.checked() {
        case .failure(let refusal): errors = FormErrors(refusal.problems, formName: \.formName)
        case .success(let value): checked = value
        }
        let links = try await checkLinks(practice: practice, needID: needID, ownerID: ownerID, errors: &errors)
        if checked?.status == .complete {
            errors.addConflict("status", "Write the development's evaluation before marking it complete")
        }
        guard errors.isEmpty, let checked else { return .failure(errors) }
        let practiceID = try practice.requireID()
        if try await PracticeDevelopment.query(on: context.database).filter(\.$practiceID == practiceID).count() >= 200
        {
            errors.addConflict("title", "A plan holds up to 200 developments")
            return .failure(errors)
        }
        let development = PracticeDevelopment()
        development.id = context.newID()
        development.practiceID = practiceID
        development.needID = links.need
        development.title = checked.title
        development.aim = checked.aim
        development.objective = checked.objective
        development.ownerID = links.owner
        development.startsOn = checked.startsOn.description
        development.dueOn = checked.dueOn.description
        development.status = checked.status
        development.beforeEvidence = ""
        development.afterEvidence = ""
        development.conclusion = ""
        development.changeMade = ""
        development.realised = false
        development.version = 1
        development.createdAt = context.now
        try await context.transaction { context in
            try await development.create(on: context.database)
            try await context.audit(
                DevelopmentAudit.developmentWritten, resourceType: .practiceDevelopment,
                resourceID: development.id?.uuidString)
        }
        return .success(development)
    }

    /// Changes a development from the version read; "complete" only once its evaluation is whole.
    package func changeDevelopment(
        _ view: DevelopmentAccess.DevelopmentView, _ draft: DevelopmentDraft, needID: String, ownerID: String,
        version: Int?
    ) async throws -> Result<Void, FormErrors> {
        var errors = FormErrors()
        var checked: DevelopmentDraft.Checked?
        switch draft.checked() {
        case .failure(let refusal): errors = FormErrors(refusal.problems, formName: \.formName)
        case .success(let value): checked = value
        }
        let links = try await checkLinks(practice: view.practice, needID: needID, ownerID: ownerID, errors: &errors)
        let development = view.development
        if checked?.status == .complete
            && !EvaluationDraft.isWhole(
                before: development.beforeEvidence, after: development.afterEvidence,
                conclusion: development.conclusion, change: development.changeMade)
        {
            errors.addConflict("status", "Write the development's whole evaluation before marking it complete")
        }
        guard errors.isEmpty, let checked else { return .failure(errors) }
        guard let version, version == development.version else {
            errors.addConflict("title", Self.moved)
            return .failure(errors)
        }
        let id = try development.requireID()
        let changed = try await context.transaction { context in
            let rows = try await (context.database as! any SQLDatabase).update(PracticeDevelopment.schema)
                .set("title", to: SQLBind(checked.title)).set("aim", to: SQLBind(checked.aim))
                .set("objective", to: SQLBind(checked.objective)).set("need_id", to: SQLBind(links.need))
                .set("owner_id", to: SQLBind(links.owner)).set("starts_on", to: SQLBind(checked.startsOn.description))
                .set("due_on", to: SQLBind(checked.dueOn.description))
                .set("status", to: SQLBind(checked.status.rawValue)).set("version", to: SQLBind(version + 1))
                .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(version)).returning("id").all()
            guard !rows.isEmpty else { return false }
            try await context.audit(
                DevelopmentAudit.developmentWritten, resourceType: .practiceDevelopment, resourceID: id.uuidString)
            return true
        }
        if !changed { errors.addConflict("title", Self.moved) }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    /// Writes the development's evaluation from the version read; a realised change marks the development complete.
    package func evaluate(_ view: DevelopmentAccess.DevelopmentView, _ draft: EvaluationDraft, version: Int?)
        async throws -> Result<Void, FormErrors>
    {
        let checked: EvaluationDraft.Checked
        switch draft.checked() {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        var errors = FormErrors()
        let development = view.development
        if development.status == .dropped {
            errors.addConflict("before", "The development was dropped: change its status to evaluate it")
            return .failure(errors)
        }
        guard let version, version == development.version else {
            errors.addConflict("before", Self.moved)
            return .failure(errors)
        }
        let id = try development.requireID()
        let status = checked.realised ? DevelopmentStatus.complete : development.status
        let changed = try await context.transaction { context in
            let rows = try await (context.database as! any SQLDatabase).update(PracticeDevelopment.schema)
                .set("before_evidence", to: SQLBind(checked.before)).set("after_evidence", to: SQLBind(checked.after))
                .set("conclusion", to: SQLBind(checked.conclusion)).set("change_made", to: SQLBind(checked.change))
                .set("realised", to: SQLBind(checked.realised)).set("status", to: SQLBind(status.rawValue))
                .set("version", to: SQLBind(version + 1)).where("id", .equal, SQLBind(id))
                .where("version", .equal, SQLBind(version)).returning("id").all()
            guard !rows.isEmpty else { return false }
            try await context.audit(
                DevelopmentAudit.developmentEvaluated, resourceType: .practiceDevelopment, resourceID: id.uuidString)
            return true
        }
        if !changed { errors.addConflict("before", Self.moved) }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    /// The facilitator proposes the development as an objective in a team member's personal plan: a new item there,
    /// linked to the development, in the practice's words (the facilitator never reads the member's other items).
    package func proposeObjective(
        _ view: DevelopmentAccess.DevelopmentView, memberID: String, targetOn: String, domain: String
    ) async throws -> Result<PDPItem, FormErrors> {
        var errors = FormErrors()
        let team = try await members(of: view.practice)
        let member = UUID(uuidString: memberID).flatMap { id in team.first { $0.personID == id } }
        if member == nil { errors.add("member", "Choose someone from the practice's team") }
        let development = view.development
        let draft = PDPItemDraft(
            learningNeed: "For the practice's plan: \(development.title)", objective: development.objective,
            activity: "Take part in the practice development \"\(development.title)\"", targetOn: targetOn,
            domain: domain)
        var checked: PDPItemDraft.Checked?
        switch draft.checked(today: context.state.today) {
        case .failure(let refusal):
            for problem in refusal.problems {
                switch problem.field {
                case .targetOn: errors.add("targetOn", problem.message)
                case .domain: errors.add("domain", problem.message)
                default: errors.add("member", problem.message)
                }
            }
        case .success(let value): checked = value
        }
        guard errors.isEmpty, let checked, let member else { return .failure(errors) }
        let item = try PortfolioService(context: context).newItem(
            checked, for: member.personID, developmentID: development.requireID())
        try await context.transaction { context in
            try await item.create(on: context.database)
            try await context.audit(
                DevelopmentAudit.objectiveProposed, resourceType: .practiceDevelopment,
                resourceID: development.id?.uuidString, subject: member.personID)
        }
        return .success(item)
    }

    // MARK: Challenge log

    package struct OpenedChallenge: Sendable {
        package var entry: SengeEntry
        package var happened: String
        package var negotiated: String
        package var outcome: String
    }

    /// The practice's challenge log, newest first (capped at 200), opened for its facilitator.
    package func challenges(of practice: Practice) async throws -> [OpenedChallenge] {
        try await SengeEntry.query(on: context.database).filter(\.$practiceID == practice.requireID())
            .sort(\.$day, .descending).sort(\.$createdAt, .descending).limit(200).all().map { entry in
                OpenedChallenge(
                    entry: entry, happened: try entry.opened(\.$happened, with: context.cipher),
                    negotiated: try entry.opened(\.$negotiated, with: context.cipher),
                    outcome: try entry.opened(\.$outcome, with: context.cipher) ?? "")
            }
    }

    package func logChallenge(at practice: Practice, _ draft: SengeEntryDraft) async throws -> Result<
        Void, FormErrors
    > {
        let actor = try context.requireActor()
        let checked: SengeEntryDraft.Checked
        switch draft.checked(today: context.state.today) {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        let entry = SengeEntry()
        entry.id = context.newID()
        entry.practiceID = try practice.requireID()
        entry.authorID = actor.personID
        entry.challenge = checked.challenge
        entry.phase = checked.challenge.phase
        entry.day = checked.day.description
        try entry.seal(checked.happened, into: \.$happened, with: context.cipher)
        try entry.seal(checked.negotiated, into: \.$negotiated, with: context.cipher)
        try entry.seal(checked.outcome.isEmpty ? nil : checked.outcome, into: \.$outcome, with: context.cipher)
        entry.createdAt = context.now
        try await context.transaction { context in
            try await entry.create(on: context.database)
            try await context.audit(
                DevelopmentAudit.challengeLogged, resourceType: .practice, resourceID: practice.id?.uuidString)
        }
        return .success(())
    }
}
