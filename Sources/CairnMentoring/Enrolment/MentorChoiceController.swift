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

    /// The programme the gate allowed (a stable one of the actor's organisation, where they are still waiting for a
    /// mentor), and their mentee record in it.
    private func waiting(_ request: Request) async throws -> (MentoringProgramme, Mentee) {
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard let mentee = try await MentoringAccess.waitingMentee(try request.requireActor(), of: programme, request)
        else { throw Abort(.notFound) }
        return (programme, mentee)
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        let (programme, mentee) = try await waiting(request)
        var values: [String: String] = [:]
        for (field, id) in zip(Self.fields, MentorChoices.chosen(mentee)) { values[field] = id.uuidString }
        return try await page(request, programme, mentee, values: values, errors: FormErrors(), saved: false)
    }

    @Sendable package func save(request: Request) async throws -> Response {
        let (programme, mentee) = try await waiting(request)
        let values = try request.content.decode([String: String].self)
        let problems = try await MentorChoices(context: ServiceContext(request)).choose(
            Self.fields.map { values[$0] }, in: programme, for: mentee)
        var errors = FormErrors()
        for problem in problems {
            errors.add(Self.fields[min(problem.position, Self.fields.count - 1)], problem.message)
        }
        guard errors.isEmpty else {
            return try await page(request, programme, mentee, values: values, errors: errors, saved: false)
                .encodeResponse(for: request)
        }
        return try await page(request, programme, mentee, values: values, errors: errors, saved: true)
            .encodeResponse(for: request)
    }

    private func page(
        _ request: Request, _ programme: MentoringProgramme, _ mentee: Mentee, values: [String: String],
        errors: FormErrors, saved: Bool
    ) async throws -> HTMLPage {
        let profiles = try await MentorChoices(context: ServiceContext(request)).profiles(programme, for: mentee)
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
