import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// A waiting mentee's choices in a stable programme: the mentors they may name (not paused, trained and in date,
/// with a place left, never their supervisor or themselves) and up to three of them, best first. The page and the
/// API both come here, so one set of rules decides.
package struct MentorChoices {
    package let context: ServiceContext
    package var database: any Database { context.database }

    package init(context: ServiceContext) { self.context = context }

    package static let limit = 3

    package struct Profile: Sendable {
        package var id: UUID
        package var name: String
        package var summary: String
        package var interests: String?
    }

    /// For a clinician: the programmes of their organisation that take applications and they have not joined
    /// (newest first), and the stable programmes where they wait for a mentor and may name their choices.
    package func programmesToJoin() async throws -> (open: [MentoringProgramme], choosing: [MentoringProgramme]) {
        let actor = try context.requireActor()
        guard actor.roles.contains(.clinician) else { return ([], []) }
        var choosing: [MentoringProgramme] = []
        let memberships = try await Mentee.query(on: database).filter(\.$personID == actor.personID).all()
        for mentee in memberships {
            guard
                try await MentoringPair.query(on: database).filter(\.$menteeID == mentee.requireID())
                    .filter(\.$status == .active).first() == nil,
                let programme = try await MentoringProgramme.find(mentee.programmeID, on: database),
                programme.matchingMode == .stable, programme.organisationID == actor.organisationID
            else { continue }
            choosing.append(programme)
        }
        let joined = Set(memberships.map(\.programmeID))
        let open = try await MentoringProgramme.query(on: database)
            .filter(\.$organisationID == actor.organisationID).filter(\.$openForApplications == true)
            .sort(\.$createdAt, .descending).all()
            .filter { !joined.contains($0.id ?? UUID()) }
        return (open, choosing)
    }

    /// What the mentee has chosen so far, best first.
    package static func chosen(_ mentee: Mentee) -> [UUID] {
        (mentee.chosenMentors ?? "").split(separator: ";").compactMap { UUID(uuidString: String($0)) }
    }

    /// The mentors the mentee may choose among, by name. Mentees see a mentor's profile, never their employer or
    /// their load.
    package func profiles(_ programme: MentoringProgramme, for mentee: Mentee) async throws -> [Profile] {
        let places = try await ProgrammeMentor.query(on: database).filter(\.$programmeID == programme.requireID())
            .all().filter { $0.activeLoad < $0.capacity }
        let candidates = try await Mentor.query(on: database).filter(\.$id ~~ places.map(\.mentorID))
            .filter(\.$paused == false).all()
        let training = try await MentoringPeople.trainingValidUntil(of: candidates.compactMap(\.id), on: database)
        let today = context.state.today
        let emails = try await Person.query(on: database).filter(\.$id ~~ candidates.map(\.personID)).all()
            .reduce(into: [UUID: String]()) { $0[$1.id ?? UUID()] = $1.emailNormalised }
        let mentors = candidates.filter { mentor in
            guard let id = mentor.id, let until = training[id], until >= today else { return false }
            return emails[mentor.personID] != mentee.supervisorEmail && mentor.personID != mentee.personID
        }
        let names = try await Accounts.displayNames(of: mentors.map(\.personID), on: database)
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

    /// Saves up to three choices, best first (nil entries are choices left empty). Problems are named by position
    /// (0, 1, 2): a mentor not on the list, or one named twice. Nothing is saved when anything is wrong.
    package func choose(_ choices: [String?], in programme: MentoringProgramme, for mentee: Mentee) async throws
        -> [(position: Int, message: String)]
    {
        var problems: [(position: Int, message: String)] = []
        if choices.count > Self.limit {
            return [(Self.limit, "Choose at most \(Self.limit) mentors")]
        }
        let known = Set(try await profiles(programme, for: mentee).map(\.id))
        var chosen: [UUID] = []
        for (position, value) in choices.enumerated() {
            guard let value, !value.isEmpty else { continue }
            guard let id = UUID(uuidString: value), known.contains(id) else {
                problems.append((position, "Choose a mentor from the list"))
                continue
            }
            if chosen.contains(id) {
                problems.append((position, "Choose each mentor once"))
            } else {
                chosen.append(id)
            }
        }
        guard problems.isEmpty else { return problems }
        mentee.chosenMentors = chosen.isEmpty ? nil : chosen.map(\.uuidString).joined(separator: ";")
        try await mentee.update(on: database)
        try await context.audit(MentoringAudit.mentorsChosen, resourceType: .mentee, resourceID: mentee.id?.uuidString)
        return []
    }
}
