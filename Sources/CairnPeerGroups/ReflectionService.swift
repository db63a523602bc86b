import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// A person's own structured reflections: written with a model's stages, sealed as one document, readable and
/// exportable by the author alone. Never counted in any figure.
package struct ReflectionService: Sendable {
    package let context: ServiceContext

    package init(context: ServiceContext) { self.context = context }

    /// A reflection as typed or sent.
    package struct Draft: Sendable, Equatable {
        package var model: String
        package var title: String
        package var answers: [String: String]
        package var codeThemes: [String]
        package var meetingID: UUID?
        package var cpdMinutes: String
        package var writtenOn: String

        package init(
            model: String, title: String = "", answers: [String: String] = [:], codeThemes: [String] = [],
            meetingID: UUID? = nil, cpdMinutes: String = "", writtenOn: String = ""
        ) {
            self.model = model
            self.title = title
            self.answers = answers
            self.codeThemes = codeThemes
            self.meetingID = meetingID
            self.cpdMinutes = cpdMinutes
            self.writtenOn = writtenOn
        }
    }

    /// A reflection opened for its author.
    package struct Opened: Sendable {
        package var reflection: Reflection
        package var model: ReflectiveModel
        package var content: ReflectionContent
        package var meeting: (group: String, day: String)?
    }

    /// The models the actor may write with: the four Cairn ships, then their organisation's own, by name.
    package func models() async throws -> [ReflectiveModel] {
        let actor = try context.requireActor()
        let own = try await ReflectionTemplate.query(on: context.database)
            .filter(\.$organisationID == actor.organisationID).sort(\.$title).limit(200).all()
        return ReflectiveModel.all + own.map(\.model)
    }

    /// A model by its id: one Cairn ships, or one of the actor's organisation's own (nil for any other).
    package func model(named id: String) async throws -> ReflectiveModel? {
        if let shipped = ReflectiveModel.named(id) { return shipped }
        guard let templateID = UUID(uuidString: id) else { return nil }
        let actor = try context.requireActor()
        return try await ReflectionTemplate.query(on: context.database).filter(\.$id == templateID)
            .filter(\.$organisationID == actor.organisationID).first()?.model
    }

    /// Adds one of the organisation's own models; its name must differ from every model already offered.
    package func addTemplate(_ draft: ReflectionTemplateDraft) async throws -> Result<ReflectiveModel, FormErrors> {
        let actor = try context.requireActor()
        // Names in use: Cairn's four, and this one among the organisation's own however many there are.
        var taken = Set(ReflectiveModel.all.map { $0.title.lowercased() })
        let wanted = draft.title.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let sql = context.database as! any SQLDatabase
        if try await sql.select().column("id").from(ReflectionTemplate.schema)
            .where("organisation_id", .equal, SQLBind(actor.organisationID))
            .where(SQLFunction("LOWER", args: SQLColumn("title")), .equal, SQLBind(wanted)).first() != nil
        {
            taken.insert(wanted)
        }
        switch draft.checked(taken: taken) {
        case .failure(let problems):
            var errors = FormErrors()
            for problem in problems.byField { errors.add(problem.field, problem.message) }
            return .failure(errors)
        case .success(let checked):
            let template = ReflectionTemplate()
            template.id = context.newID()
            template.organisationID = actor.organisationID
            template.title = checked.title
            template.citation = checked.citation
            template.stages = String(decoding: try JSONEncoder.sorted.encode(checked.stages), as: UTF8.self)
            template.createdBy = actor.personID
            template.createdAt = context.now
            try await context.transaction { context in
                try await template.create(on: context.database)
                try await context.audit(
                    PeerGroupsAudit.reflectionTemplateAdded, resourceType: .reflectionTemplate,
                    resourceID: template.id?.uuidString)
            }
            return .success(template.model)
        }
    }

    /// Every problem with a draft, by form field (`answer-<stage>` for a stage).
    package func problems(_ draft: Draft) async throws -> FormErrors {
        var errors = FormErrors()
        guard let model = try await model(named: draft.model) else {
            errors.add("model", "Choose a reflective model")
            return errors
        }
        let title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.add("title", "Give the reflection a short title") }
        if title.unicodeScalars.count > 120 { errors.add("title", "Keep the title to 120 characters or fewer") }
        var anything = false
        for stage in model.stages {
            let answer = (draft.answers[stage.id] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if !answer.isEmpty { anything = true }
            if answer.unicodeScalars.count > 8_000 {
                errors.add("answer-\(stage.id)", "Keep each part to 8,000 characters or fewer")
            }
            for finding in IdentifiableDetails.findings(in: answer) {
                errors.add("answer-\(stage.id)", finding.explanation)
            }
        }
        if !anything, let first = model.stages.first { errors.add("answer-\(first.id)", "Write at least one part") }
        if draft.codeThemes.contains(where: { CodeTheme(rawValue: $0) == nil }) {
            errors.add("codeThemes", "Choose themes of the Code from the list")
        }
        if !draft.cpdMinutes.isEmpty, !(0...(24 * 60)).contains(Int(draft.cpdMinutes) ?? -1) {
            errors.add("cpdMinutes", "Enter the minutes of learning, a whole number up to 1440")
        }
        if let day = CalendarDay(iso: draft.writtenOn) {
            if !(2000...2099).contains(day.year) { errors.add("writtenOn", "Enter a date of this century") }
        } else {
            errors.add("writtenOn", "Enter the date as a real date")
        }
        if let meetingID = draft.meetingID, try await !attended(meetingID) {
            errors.add("meeting", "Choose a meeting you attended")
        }
        return errors
    }

    /// Whether the author attended the meeting.
    package func attended(_ meetingID: UUID) async throws -> Bool {
        let actor = try context.requireActor()
        return try await MeetingPlace.query(on: context.database).filter(\.$meetingID == meetingID)
            .filter(\.$personID == actor.personID).filter(\.$status == .attended).first() != nil
    }

    /// Writes a new reflection (or changes the author's own, when `existing` is given and its version matches).
    package func save(_ draft: Draft, existing: Reflection? = nil, version: Int? = nil) async throws
        -> Result<Reflection, FormErrors>
    {
        let actor = try context.requireActor()
        var errors = try await problems(draft)
        if let existing, let version, version != existing.version {
            errors.addConflict(
                "title", "You changed this reflection elsewhere since opening it: check it and save again")
        }
        guard errors.isEmpty, let model = try await model(named: draft.model) else { return .failure(errors) }
        var answers: [String: String] = [:]
        for stage in model.stages {
            let answer = (draft.answers[stage.id] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if !answer.isEmpty { answers[stage.id] = answer }
        }
        let content = ReflectionContent(
            title: draft.title.trimmingCharacters(in: .whitespacesAndNewlines), answers: answers,
            codeThemes: CodeTheme.allCases.filter { draft.codeThemes.contains($0.rawValue) })
        let json = String(decoding: try JSONEncoder.sorted.encode(content), as: UTF8.self)
        let reflection = existing ?? Reflection()
        if existing == nil {
            reflection.id = context.newID()
            reflection.authorID = actor.personID
            reflection.createdAt = context.now
            reflection.version = 0
        }
        reflection.model = model.id
        reflection.meetingID = draft.meetingID
        reflection.cpdMinutes = Int(draft.cpdMinutes) ?? 0
        reflection.writtenOn = draft.writtenOn
        reflection.updatedAt = context.now
        reflection.version += 1
        try reflection.seal(json, into: \.$content, with: context.cipher)
        try await context.transaction { context in
            try await reflection.save(on: context.database)
            try await context.audit(
                PeerGroupsAudit.reflectionWritten, resourceType: .reflection, resourceID: reflection.id?.uuidString,
                subject: actor.personID)
        }
        return .success(reflection)
    }

    package func open(_ reflection: Reflection) async throws -> Opened {
        let json = try reflection.opened(\.$content, with: context.cipher)
        let content = try JSONDecoder().decode(ReflectionContent.self, from: Data(json.utf8))
        var meeting: (String, String)?
        if let meetingID = reflection.meetingID,
            let found = try await PeerMeeting.find(meetingID, on: context.database),
            let group = try await PeerGroup.find(found.groupID, on: context.database)
        {
            meeting = (group.name, found.day)
        }
        var model = ReflectiveModel.named(reflection.model)
        if model == nil, let templateID = UUID(uuidString: reflection.model) {
            model = try await ReflectionTemplate.find(templateID, on: context.database)?.model
        }
        return Opened(reflection: reflection, model: model ?? .atkinsMurphy, content: content, meeting: meeting)
    }

    /// The author's reflections, newest first, a page at a time (titles are sealed: opened for this page only).
    package func mine(page: Int, size: Int = 20) async throws -> (rows: [Opened], paging: Paging) {
        let actor = try context.requireActor()
        let query = Reflection.query(on: context.database).filter(\.$authorID == actor.personID)
        let paging = Paging(total: try await query.copy().count(), pageSize: size, requested: page)
        let rows = try await query.sort(\.$writtenOn, .descending).sort(\.$createdAt, .descending)
            .range(paging.offset..<(paging.offset + size)).all()
        var opened: [Opened] = []
        for row in rows { opened.append(try await open(row)) }
        return (opened, paging)
    }

    /// Meetings the author attended, most recent first, to link a reflection to.
    package func attendedMeetings(limit: Int = 24) async throws -> [(id: UUID, label: String, minutes: Int)] {
        let actor = try context.requireActor()
        let meetingIDs = try await MeetingPlace.query(on: context.database).filter(\.$personID == actor.personID)
            .filter(\.$status == .attended).all(\.$meetingID)
        guard !meetingIDs.isEmpty else { return [] }
        let meetings = try await PeerMeeting.query(on: context.database).filter(\.$id ~~ meetingIDs)
            .sort(\.$startsAt, .descending).limit(limit).all()
        let groups = try await PeerGroup.query(on: context.database).filter(\.$id ~~ Set(meetings.map(\.groupID)))
            .all()
        return meetings.compactMap { meeting in
            guard let id = meeting.id else { return nil }
            let name = groups.first { $0.id == meeting.groupID }?.name ?? "Peer group"
            return (id, "\(name), \(meeting.day)", meeting.minutes)
        }
    }
}

extension JSONEncoder {
    /// Keys sorted, so the same content always seals the same text.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
