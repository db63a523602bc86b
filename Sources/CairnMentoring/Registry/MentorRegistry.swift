import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/mentoring/mentors`: the organisation's mentor registry across its programmes, with each mentor's training
/// (only in-date training lets a mentor be matched) and a form to record a completed course.
package struct MentorRegistry {
    package let context: ServiceContext
    package let actor: Actor
    package var database: any Database { context.database }
    package var state: CairnState { context.state }

    package init(context: ServiceContext) throws {
        self.context = context
        self.actor = try context.requireActor()
    }

    package struct Row: Sendable {
        package var id: UUID
        package var name: String
        package var profession: String
        package var languages: [String]
        package var employer: String?
        package var trainedUntil: CalendarDay?
        package var paused: Bool
        package var programmes: Int
    }

    package func rows() async throws -> [Row] {
        let mentors = try await Mentor.query(on: database).filter(\.$organisationID == actor.organisationID).all()
        let names = try await Accounts.displayNames(of: mentors.map(\.personID), on: database)
        let training = try await MentoringPeople.trainingValidUntil(of: mentors.compactMap(\.id), on: database)
        var places: [UUID: Int] = [:]
        if !mentors.isEmpty {
            for place in try await ProgrammeMentor.query(on: database).filter(\.$mentorID ~~ mentors.compactMap(\.id))
                .all()
            {
                places[place.mentorID, default: 0] += 1
            }
        }
        return try mentors.map { mentor in
            let id = try mentor.requireID()
            return Row(
                id: id, name: mentor.givenName ?? names[mentor.personID] ?? "Unknown", profession: mentor.profession,
                languages: mentor.languages, employer: mentor.employer, trainedUntil: training[id],
                paused: mentor.paused, programmes: places[id, default: 0])
        }.sorted { $0.name < $1.name }
    }

    /// A course a mentor of the organisation completed, with its expiry (`TrainingRecord.read` checks it).
    package func recordTraining(mentorID: UUID?, course: String?, completed: String?, expires: String?) async throws
        -> FormErrors
    {
        var errors = FormErrors()
        guard let id = mentorID, let mentor = try await Mentor.find(id, on: database),
            mentor.organisationID == actor.organisationID
        else {
            errors.add("mentor", "Choose a mentor")
            return errors
        }
        switch TrainingRecord.read(course: course, completed: completed, expires: expires) {
        case .failure(let problems): return ProgrammeService.formErrors(problems)
        case .success(let training):
            let record = MentorTraining()
            record.id = state.collaborators.newID()
            record.mentorID = id
            record.course = training.course
            record.completedOn = training.completed.description
            record.expiresOn = training.expires.description
            record.recordedAt = state.collaborators.now()
            try await record.create(on: database)
            try await ProgrammeService(context: context.on(database))
                .audit(MentoringAudit.mentorTrainingRecorded, .mentor, id)
            return errors
        }
    }

    package static func page(
        _ rows: [Row], today: CalendarDay, values: [String: String], errors: FormErrors, notice: String?,
        csrf: String
    ) -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(errors),
            .p(.a(.class("back-link"), .attr("href", SiteURL.mentoring.path), .text("Mentoring programmes"))),
            .h1(.text("Mentor registry")),
            .unwrap(notice) { .div(.class("notice"), .attr("role", "status"), .p(.text($0))) },
            .if(
                rows.isEmpty, .p(.text("No mentors yet: add them to a programme.")),
                else: .table(
                    .class("table"),
                    .caption(.class("visually-hidden"), .text("Mentors")),
                    .thead(
                        .tr(
                            .th(.attr("scope", "col"), .text("Name")), .th(.attr("scope", "col"), .text("Languages")),
                            .th(.attr("scope", "col"), .text("Employer")),
                            .th(.attr("scope", "col"), .text("Training")),
                            .th(.attr("scope", "col"), .text("Programmes")))),
                    .tbody(
                        .forEach(rows) { row in
                            .tr(
                                .td(
                                    .text(row.name),
                                    .if(row.paused, .span(.class("tag tag--warning"), .text("Paused")))),
                                .td(.text(row.languages.joined(separator: ", "))), .td(.text(row.employer ?? "")),
                                .td(
                                    .text(
                                        row.trainedUntil.map { $0 < today ? "Expired \($0)" : "In date until \($0)" }
                                            ?? "No training recorded")),
                                .td(.text(String(row.programmes))))
                        }))),
            .if(
                !rows.isEmpty,
                .group(
                    .h2(.text("Record completed training")),
                    Forms.form(
                        action: SiteURL.mentorRegistry.path, csrf: csrf,
                        Forms.select(
                            name: "mentor", label: "Mentor",
                            choices: rows.map { .init(value: $0.id.uuidString, label: $0.name) },
                            selected: values["mentor"], error: errors["mentor"]),
                        EnrolmentPages.render(
                            EnrolmentPages.mentorFields.filter { $0.name.hasPrefix("training_") }, values: values,
                            errors: errors),
                        Forms.submit("Record the training", secondary: true))))
        )
    }
}
