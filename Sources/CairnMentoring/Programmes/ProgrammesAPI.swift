import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// The programme lead's API for programmes and their people (`openapi.yaml`, tag Mentoring).
extension APIHandler {
    // MARK: Programmes

    package func listMentoringProgrammes(_ input: Operations.ListMentoringProgrammes.Input) async throws
        -> Operations.ListMentoringProgrammes.Output
    {
        let request = try APIRequest.require()
        let programmes = try await ProgrammeService(request: request).programmes()
        return .ok(.init(body: .json(try await programmes.asyncMap { try await $0.api(on: request.db) })))
    }

    package func createMentoringProgramme(_ input: Operations.CreateMentoringProgramme.Input) async throws
        -> Operations.CreateMentoringProgramme.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        var draft = Self.draft(body)
        draft.excludeSameEmployer = body.excludeSameEmployer ?? true
        draft.excludeSameSpecialty = body.excludeSameSpecialty ?? false
        draft.openForApplications = body.openForApplications ?? false
        draft.weights = Self.weights(body.weights)
        switch try await ProgrammeService(request: request).create(draft) {
        case .success(let programme): return .created(.init(body: .json(try await programme.api(on: request.db))))
        case .failure(let refusal): throw ValidationFailure(refusal.problems, jsonPointer: \.jsonPointer)
        }
    }

    /// The settings from the version read, as the settings page saves them.
    package func changeMentoringProgramme(_ input: Operations.ChangeMentoringProgramme.Input) async throws
        -> Operations.ChangeMentoringProgramme.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        var draft = Self.draft(body)
        // What a client leaves out stays as it is: the rules, applications, and each weight not given.
        draft.excludeSameEmployer = body.excludeSameEmployer ?? programme.excludeSameEmployer
        draft.excludeSameSpecialty = body.excludeSameSpecialty ?? programme.excludeSameSpecialty
        draft.openForApplications = body.openForApplications ?? programme.openForApplications
        draft.weights = programme.weights.points.merging(Self.weights(body.weights)) { _, given in given }
        switch try await ProgrammeService(request: request).change(programme, to: draft, seenVersion: body.version) {
        case .success(let saved): return .ok(.init(body: .json(try await saved.api(on: request.db))))
        case .failure(.stale):
            throw Abort(
                .conflict,
                reason: "The settings have changed since version \(body.version): read the programme again, then retry."
            )
        case .failure(.invalid(let refusal)):
            let errors = FormErrors(refusal.problems, formName: \.jsonPointer)
            if let refusal = errors.refusal(jsonPointer: { $0 }) { throw refusal }
            throw Abort(.unprocessableEntity)
        }
    }

    /// The settings every programme body carries (creating one and changing one), as a draft to check.
    private static func draft(_ body: some ProgrammeSettingsBody) -> ProgrammeDraft {
        var draft = ProgrammeDraft()
        draft.name = body.name
        draft.audience = body.audience
        draft.cohortStartsOn = body.cohortStartsOn
        draft.sessionCount = body.sessionCount
        draft.sessionMinutes = body.sessionMinutes
        draft.sessionMode = body.sessionMode.rawValue
        draft.windowMonths = body.windowMonths
        draft.matchingMode = body.matchingModeText
        return draft
    }

    /// The weights a client gave, by factor (a factor left out keeps its standard weight).
    private static func weights(_ weights: Components.Schemas.MatchingWeights?) -> [ScoreFactor: Int] {
        guard let weights else { return [:] }
        let given: [(ScoreFactor, Int?)] = [
            (.sameProfession, weights.sameProfession), (.sameSpecialty, weights.sameSpecialty),
            (.moreSeniorGrade, weights.moreSeniorGrade), (.sharedLanguage, weights.sharedLanguage),
            (.sameRegion, weights.sameRegion),
            (.internationalGraduateExperience, weights.internationalGraduateExperience),
            (.wishedLanguage, weights.wishedLanguage), (.wishedSpecialty, weights.wishedSpecialty),
            (.wishedGender, weights.wishedGender),
        ]
        return Dictionary(uniqueKeysWithValues: given.compactMap { factor, points in points.map { (factor, $0) } })
    }

    package func getMentoringProgramme(_ input: Operations.GetMentoringProgramme.Input) async throws
        -> Operations.GetMentoringProgramme.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        return .ok(.init(body: .json(try await programme.api(on: request.db))))
    }

    package func importMentors(_ input: Operations.ImportMentors.Input) async throws -> Operations.ImportMentors.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let result = try await ProgrammeService(request: request).importMentors(
            body.csv, into: programme)
        return .ok(.init(body: .json(.init(imported: try Self.imported(result)))))
    }

    package func importMentees(_ input: Operations.ImportMentees.Input) async throws -> Operations.ImportMentees.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let result = try await ProgrammeService(request: request).importMentees(
            body.csv, into: programme)
        return .ok(.init(body: .json(.init(imported: try Self.imported(result)))))
    }

    /// Each line's problem becomes one entry of the 422 problem's `errors`, named by its line.
    private static func imported(_ result: Result<Int, ImportProblems>) throws -> Int {
        switch result {
        case .success(let count): return count
        case .failure(let problems):
            var errors = FormErrors()
            for (index, problem) in problems.lines.enumerated() {
                errors.add("csv.line\(problem.line).\(index)", problem.description)
            }
            throw ValidationFailure(errors)
        }
    }
}

extension MentoringProgramme {
    package func api(on database: any Database) async throws -> Components.Schemas.MentoringProgramme {
        let id = try requireID()
        return .init(
            id: id.uuidString.lowercased(), version: version, name: name, audience: audience,
            cohortStartsOn: cohortStartsOn,
            sessionCount: sessionCount, sessionMinutes: sessionMinutes,
            sessionMode: Components.Schemas.SessionMode(rawValue: sessionMode) ?? .video, windowMonths: windowMonths,
            matchingMode: .init(rawValue: matchingMode.rawValue) ?? .optimal, excludeSameEmployer: excludeSameEmployer,
            excludeSameSpecialty: excludeSameSpecialty, openForApplications: openForApplications,
            weights: .init(
                sameProfession: weights.points[.sameProfession], sameSpecialty: weights.points[.sameSpecialty],
                moreSeniorGrade: weights.points[.moreSeniorGrade], sharedLanguage: weights.points[.sharedLanguage],
                sameRegion: weights.points[.sameRegion],
                internationalGraduateExperience: weights.points[.internationalGraduateExperience],
                wishedLanguage: weights.points[.wishedLanguage], wishedSpecialty: weights.points[.wishedSpecialty],
                wishedGender: weights.points[.wishedGender]),
            mentorCount: try await ProgrammeMentor.query(on: database).filter(\.$programmeID == id).count(),
            menteeCount: try await Mentee.query(on: database).filter(\.$programmeID == id).count(),
            activePairs: try await MentoringPair.query(on: database).filter(\.$programmeID == id)
                .filter(\.$status == .active).count())
    }
}

/// What the bodies that create and change a programme both carry (the generator makes them two types).
protocol ProgrammeSettingsBody {
    var name: String { get }
    var audience: String { get }
    var cohortStartsOn: String { get }
    var sessionCount: Int { get }
    var sessionMinutes: Int { get }
    var sessionMode: Components.Schemas.SessionMode { get }
    var windowMonths: Int { get }
    var matchingModeText: String { get }
}

extension Components.Schemas.MentoringProgrammeRequest: ProgrammeSettingsBody {
    var matchingModeText: String { matchingMode.rawValue }
}

extension Components.Schemas.MentoringProgrammeChange: ProgrammeSettingsBody {
    var matchingModeText: String { matchingMode.rawValue }
}
