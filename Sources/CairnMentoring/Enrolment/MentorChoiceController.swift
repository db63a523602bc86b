import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// Stable matching from preferences: a mentee waiting for a match reads the programme's mentors and names up to
/// three, best first. Their choices lead their ranking where the programme's rules allow the pair; mentors rank
/// mentees by the programme's score. Mentees see a mentor's profile, never their employer or their load.
package struct MentorChoiceController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let byProgramme = MentoringAccess.programmeForMembersLoader()
        routes.on(.mentoringChoose(nil), action: .chooseMentors, record: byProgramme, use: show)
        routes.on(
            .mentoringChoose(nil), .POST, action: .chooseMentors, record: byProgramme,
            after: .quiet("answers with the page, which says what was done"), use: save)
    }

    package static let fields = ["first", "second", "third"]

    package struct Profile {
        package var id: UUID
        package var name: String
        package var summary: String
        package var interests: String?
    }

    /// The programme the gate allowed (a stable one of the actor's organisation, where they are still waiting for a
    /// mentor), and their mentee record in it.
    private func waiting(_ request: Request) async throws -> (MentoringProgramme, Mentee) {
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard let mentee = try await MentoringAccess.waitingMentee(try request.requireActor(), of: programme, request)
        else { throw Abort(.notFound) }
        return (programme, mentee)
    }

    /// The mentors a mentee could have: not paused, trained and in date, with a place left, never their supervisor.
    private func profiles(_ programme: MentoringProgramme, for mentee: Mentee, request: Request) async throws
        -> [Profile]
    {
        let places = try await ProgrammeMentor.query(on: request.db).filter(\.$programmeID == programme.requireID())
            .all().filter { $0.activeLoad < $0.capacity }
        let candidates = try await Mentor.query(on: request.db).filter(\.$id ~~ places.map(\.mentorID))
            .filter(\.$paused == false).all()
        let training = try await MentoringPeople.trainingValidUntil(of: candidates.compactMap(\.id), on: request.db)
        let today = request.application.cairn.today
        let emails = try await Person.query(on: request.db).filter(\.$id ~~ candidates.map(\.personID)).all()
            .reduce(into: [UUID: String]()) { $0[$1.id ?? UUID()] = $1.emailNormalised }
        let mentors = candidates.filter { mentor in
            guard let id = mentor.id, let until = training[id], until >= today else { return false }
            return emails[mentor.personID] != mentee.supervisorEmail && mentor.personID != mentee.personID
        }
        let names = try await Accounts.displayNames(of: mentors.map(\.personID), on: request.db)
        return try mentors.map { mentor in
            let parts = [
                Profession(rawValue: mentor.profession)?.title, mentor.specialty,
                mentor.grade.flatMap(Grade.init(rawValue:))?.title,
                mentor.languages.isEmpty ? nil : "speaks " + mentor.languages.joined(separator: ", "),
                mentor.hasInternationalGraduateExperience ? "has supported international graduates" : nil,
            ].compactMap { $0 }
            return Profile(
                id: try mentor.requireID(), name: names[mentor.personID] ?? "A mentor",
                summary: parts.joined(separator: "; "), interests: mentor.interests)
        }.sorted { $0.name < $1.name }
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        let (programme, mentee) = try await waiting(request)
        let chosen = (mentee.chosenMentors ?? "").split(separator: ";").map(String.init)
        var values: [String: String] = [:]
        for (field, id) in zip(Self.fields, chosen) { values[field] = id }
        return try await page(request, programme, mentee, values: values, errors: FormErrors(), saved: false)
    }

    @Sendable package func save(request: Request) async throws -> Response {
        let (programme, mentee) = try await waiting(request)
        let values = try request.content.decode([String: String].self)
        let known = Set(try await profiles(programme, for: mentee, request: request).map { $0.id.uuidString })
        var errors = FormErrors()
        var chosen: [String] = []
        for field in Self.fields {
            guard let value = values[field], !value.isEmpty else { continue }
            guard known.contains(value) else {
                errors.add(field, "Choose a mentor from the list")
                continue
            }
            if chosen.contains(value) { errors.add(field, "Choose each mentor once") } else { chosen.append(value) }
        }
        guard errors.isEmpty else {
            return try await page(request, programme, mentee, values: values, errors: errors, saved: false)
                .encodeResponse(for: request)
        }
        mentee.chosenMentors = chosen.isEmpty ? nil : chosen.joined(separator: ";")
        try await mentee.update(on: request.db)
        try await request.audit(MentoringAudit.mentorsChosen, resourceType: .mentee, resourceID: mentee.id?.uuidString)
        return try await page(request, programme, mentee, values: values, errors: errors, saved: true)
            .encodeResponse(for: request)
    }

    private func page(
        _ request: Request, _ programme: MentoringProgramme, _ mentee: Mentee, values: [String: String],
        errors: FormErrors, saved: Bool
    ) async throws -> HTMLPage {
        let profiles = try await profiles(programme, for: mentee, request: request)
        let choices = profiles.map { Forms.Choice(value: $0.id.uuidString, label: $0.name) }
        let labels = ["Your first choice", "Your second choice (optional)", "Your third choice (optional)"]
        return request.page(
            Forms.title("Choose your mentor", errors: errors), status: errors.isEmpty ? .ok : .unprocessableEntity,
            .group(
                Forms.errorSummary(errors),
                .p(.a(.class("back-link"), .attr("href", SiteURL.myMentoring.path), .text("Your mentoring"))),
                .span(.class("caption"), .text(programme.name)),
                .h1(.text("Choose your mentor")),
                .if(
                    saved,
                    .div(
                        .class("notice"), .attr("role", "status"),
                        .p(.text("Your choices are saved. They come first when the programme matches.")))),
                .p(
                    .text(
                        "Name up to three mentors, best first. The programme matches so that no mentee and mentor "
                            + "would both rather have each other; your supervisor is never your mentor.")),
                .el(
                    "dl", .class("summary-list"),
                    .forEach(profiles) { profile in
                        .div(
                            .class("summary-list__row"), .el("dt", .text(profile.name)),
                            .el(
                                "dd", .text(profile.summary),
                                .unwrap(profile.interests) { .p(.class("hint"), .text("Interests: \($0)")) }))
                    }),
                Forms.form(
                    action: SiteURL.mentoringChoose(programme.id).path, csrf: request.csrfToken,
                    .group(
                        zip(Self.fields, labels).map { field, label in
                            Forms.select(
                                name: field, label: label, choices: choices, selected: values[field],
                                error: errors[field])
                        }),
                    Forms.submit("Save my choices"))))
    }
}
