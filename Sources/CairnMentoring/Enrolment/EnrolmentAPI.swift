import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// A clinician's way into mentoring through the API, as on their pages: the programmes they may apply to or choose
/// mentors in, an application, their mentor choices; and the registry's training records for programme leads.
extension APIHandler {
    /// The contract's string limits, counted as it counts (Unicode scalars), before any rule of the service: a
    /// request the schema refuses is a 400 here too.
    static func requireWithinContract(_ strings: [(name: String, value: String?, limit: Int)]) throws {
        for string in strings {
            guard let value = string.value else { continue }
            if value.unicodeScalars.count > string.limit {
                throw Abort(.badRequest, reason: "\(string.name): at most \(string.limit) characters.")
            }
        }
    }

    private static func openProgramme(_ programme: MentoringProgramme) throws
        -> Components.Schemas.OpenMentoringProgramme
    {
        .init(id: try programme.requireID().uuidString.lowercased(), name: programme.name, audience: programme.audience)
    }

    package func listOpenMentoringProgrammes(_ input: Operations.ListOpenMentoringProgrammes.Input) async throws
        -> Operations.ListOpenMentoringProgrammes.Output
    {
        let request = try APIRequest.require()
        let programmes = try await MentorChoices(context: ServiceContext(request)).programmesToJoin()
        return .ok(
            .init(
                body: .json(
                    .init(
                        openForApplications: try programmes.open.map(Self.openProgramme),
                        choosingMentors: try programmes.choosing.map(Self.openProgramme)))))
    }

    /// Where a problem with an application's answer points: the request's property for each roster column.
    private static let applicationPointers: [String: String] = [
        "profession": "/profession", "specialty": "/specialty", "grade": "/grade", "languages": "/languages",
        "region": "/region", "employer": "/employer", "img": "/internationalGraduate",
        "supervisor_email": "/supervisorEmail", "wish_language": "/wishLanguage",
        "wish_language_required": "/wishLanguageRequired", "wish_specialty": "/wishSpecialty",
        "wish_specialty_required": "/wishSpecialtyRequired", "wish_gender": "/wishGender",
        "wish_gender_required": "/wishGenderRequired",
    ]

    package func applyForMentoring(_ input: Operations.ApplyForMentoring.Input) async throws
        -> Operations.ApplyForMentoring.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try Self.requireWithinContract(
            [
                ("profession", body.profession, 100), ("specialty", body.specialty, 100), ("grade", body.grade, 100),
                ("region", body.region, 100), ("employer", body.employer, 100),
                ("supervisorEmail", body.supervisorEmail, 254), ("wishLanguage", body.wishLanguage, 100),
                ("wishSpecialty", body.wishSpecialty, 100), ("wishGender", body.wishGender, 100),
            ] + (body.languages ?? []).map { ("languages", $0, 50) })
        if (body.languages ?? []).count > 10 { throw Abort(.badRequest, reason: "languages: at most 10.") }
        if (body.languages ?? []).contains(where: { $0.contains(";") || $0.contains("|") }) {
            throw Abort(.badRequest, reason: "languages: one language per item, without ; or |.")
        }
        func yesNo(_ value: Bool?) -> String? { value.map { $0 ? "yes" : "no" } }
        let answers: [String: String?] = [
            "profession": body.profession, "specialty": body.specialty, "grade": body.grade,
            "languages": body.languages?.joined(separator: ";"), "region": body.region, "employer": body.employer,
            "img": yesNo(body.internationalGraduate), "supervisor_email": body.supervisorEmail,
            "wish_language": body.wishLanguage, "wish_language_required": yesNo(body.wishLanguageRequired),
            "wish_specialty": body.wishSpecialty, "wish_specialty_required": yesNo(body.wishSpecialtyRequired),
            "wish_gender": body.wishGender, "wish_gender_required": yesNo(body.wishGenderRequired),
        ]
        switch try await ProgrammeService(request: request).apply(
            to: programme, answers: answers.compactMapValues { $0 })
        {
        case .applied:
            return .created(.init(body: .json(try Self.openProgramme(programme))))
        case .alreadyApplied:
            throw Abort(.conflict, reason: "You have already applied to this programme.")
        case .refused(let errors):
            // The account's own email is the only one not typed here: a problem with it is a clash with a
            // simultaneous request (the service's words say so), not the client's input.
            if let clash = errors.entries.first(where: { Self.applicationPointers[$0.field] == nil }) {
                throw Abort(.conflict, reason: clash.message)
            }
            throw errors.refusal(jsonPointer: { Self.applicationPointers[$0] ?? "/" }) ?? Abort(.badRequest)
        }
    }

    // MARK: Choosing mentors

    private static func choices(_ programme: MentoringProgramme, request: Request) async throws
        -> (Mentee, Components.Schemas.MentorChoices)
    {
        guard let mentee = try await MentoringAccess.waitingMentee(try request.requireActor(), of: programme, request)
        else { throw Abort(.notFound) }
        let profiles = try await MentorChoices(context: ServiceContext(request)).profiles(programme, for: mentee)
        return (
            mentee,
            .init(
                mentors: profiles.map {
                    .init(
                        id: $0.id.uuidString.lowercased(), name: $0.name, summary: $0.summary, interests: $0.interests)
                },
                chosen: MentorChoices.chosen(mentee).map { $0.uuidString.lowercased() })
        )
    }

    package func getMentorChoices(_ input: Operations.GetMentorChoices.Input) async throws
        -> Operations.GetMentorChoices.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        return .ok(.init(body: .json(try await Self.choices(programme, request: request).1)))
    }

    package func setMentorChoices(_ input: Operations.SetMentorChoices.Input) async throws
        -> Operations.SetMentorChoices.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard body.mentorIds.count <= MentorChoices.limit else {
            throw Abort(.badRequest, reason: "mentorIds: at most \(MentorChoices.limit).")
        }
        let (mentee, _) = try await Self.choices(programme, request: request)
        let problems = try await MentorChoices(context: ServiceContext(request)).choose(
            body.mentorIds, in: programme, for: mentee)
        var errors = FormErrors()
        for problem in problems { errors.add("/mentorIds/\(problem.position)", problem.message) }
        if let refusal = errors.refusal(jsonPointer: { $0 }) { throw refusal }
        return .ok(.init(body: .json(try await Self.choices(programme, request: request).1)))
    }

    // MARK: The registry

    package func recordMentorTraining(_ input: Operations.RecordMentorTraining.Input) async throws
        -> Operations.RecordMentorTraining.Output
    {
        let request = try APIRequest.require()
        let mentor = try request.authorisedRecord(Mentor.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try Self.requireWithinContract([("course", body.course, 200)])
        let pointers = [
            "training_course": "/course", "training_completed": "/completedOn", "training_expires": "/expiresOn",
        ]
        let errors = try await MentorRegistry(context: ServiceContext(request)).recordTraining(
            mentorID: try mentor.requireID(), course: body.course, completed: body.completedOn,
            expires: body.expiresOn)
        if let refusal = errors.refusal(jsonPointer: { pointers[$0] ?? "/" }) { throw refusal }
        return .created(
            .init(
                body: .json(
                    .init(
                        mentorId: try mentor.requireID().uuidString.lowercased(),
                        course: body.course.trimmingCharacters(in: .whitespaces), completedOn: body.completedOn,
                        expiresOn: body.expiresOn))))
    }
}
