import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// What a programme's matching sees: the profiles of mentees still without a mentor, of its mentors with the
/// places they have left, and the scorer with the programme's weights and rules.
package struct MatchingWorld: Sendable {
    package var programme: MentoringProgramme
    package var menteeProfiles: [MenteeProfile]
    package var mentorProfiles: [MentorProfile]
    package var places: [UUID: (capacity: Int, activeLoad: Int)]
    package var scorer: CompatibilityScorer
    /// Each mentee's chosen mentors, best first (profile ids).
    package var statedChoices: [String: [String]] = [:]
    /// Mentors on a break: never proposed, never chosen by hand.
    package var paused: Set<UUID> = []

    package static func load(programmeID: UUID, on database: any Database, state: CairnState) async throws
        -> MatchingWorld
    {
        guard let programme = try await MentoringProgramme.find(programmeID, on: database) else {
            throw Abort(.notFound)
        }
        let pairs = try await MentoringPair.query(on: database).filter(\.$programmeID == programmeID).all()
        let paired = Set(pairs.filter { $0.status == .active }.map(\.menteeID))
        var ended: [UUID: [String: ExclusionReason]] = [:]
        for pair in pairs where pair.status != .active {
            ended[pair.menteeID, default: [:]][pair.mentorID.uuidString] = .pairedBefore
        }
        let mentees = try await Mentee.query(on: database).filter(\.$programmeID == programmeID).sort(\.$createdAt)
            .sort(\.$id).all().filter { !paired.contains($0.id ?? UUID()) }
        let placeRows = try await ProgrammeMentor.query(on: database).filter(\.$programmeID == programmeID).all()
        let mentors = try await Mentor.query(on: database).filter(\.$id ~~ placeRows.map(\.mentorID)).sort(\.$id).all()
        let training = try await MentoringPeople.trainingValidUntil(of: mentors.compactMap(\.id), on: database)
        let emails = try await Person.query(on: database).filter(\.$id ~~ mentors.map(\.personID)).all()
            .reduce(into: [UUID: String]()) { $0[$1.id ?? UUID()] = $1.emailNormalised }
        var mentorOfEmail: [String: String] = [:]
        for mentor in mentors {
            if let email = emails[mentor.personID], let id = mentor.id { mentorOfEmail[email] = id.uuidString }
        }
        var places: [UUID: (capacity: Int, activeLoad: Int)] = [:]
        for place in placeRows { places[place.mentorID] = (place.capacity, place.activeLoad) }
        let ladder = Dictionary(uniqueKeysWithValues: Grade.allCases.enumerated().map { ($1.rawValue, $0) })
        let mentorOfPerson = Dictionary(
            mentors.compactMap { mentor in mentor.id.map { (mentor.personID, $0.uuidString) } },
            uniquingKeysWith: { first, _ in first })
        let menteeProfiles = mentees.map { mentee in
            var excluded = ended[mentee.id ?? UUID()] ?? [:]
            if let own = mentorOfPerson[mentee.personID] { excluded[own] = .samePerson }
            return MenteeProfile(
                id: mentee.id?.uuidString ?? "", profession: mentee.profession, specialty: mentee.specialty,
                gradeLevel: mentee.grade.flatMap { ladder[$0] }, languages: Set(mentee.languages),
                region: mentee.region, employer: mentee.employer.map(RosterText.code),
                isInternationalGraduate: mentee.isInternationalGraduate,
                supervisorID: mentee.supervisorEmail.flatMap { mentorOfEmail[$0] },
                wishes: MenteeWishes(
                    language: mentee.wishLanguage.map { StatedWish($0, isRequired: mentee.wishLanguageRequired) },
                    specialty: mentee.wishSpecialty.map { StatedWish($0, isRequired: mentee.wishSpecialtyRequired) },
                    mentorGender: mentee.wishGender.map { StatedWish($0, isRequired: mentee.wishGenderRequired) }),
                excludedMentors: excluded)
        }
        let mentorProfiles = mentors.map { mentor -> MentorProfile in
            let id = mentor.id ?? UUID()
            let place = places[id] ?? (0, 0)
            return MentorProfile(
                id: id.uuidString, profession: mentor.profession, specialty: mentor.specialty,
                gradeLevel: mentor.grade.flatMap { ladder[$0] }, languages: Set(mentor.languages),
                region: mentor.region, employer: mentor.employer.map(RosterText.code),
                hasInternationalGraduateExperience: mentor.hasInternationalGraduateExperience, gender: mentor.gender,
                trainingValidUntil: training[id].flatMap(TrainingExpiry.endOfDay),
                capacity: mentor.paused ? 0 : max(0, place.capacity - place.activeLoad))
        }
        var choices: [String: [String]] = [:]
        for mentee in mentees {
            guard let id = mentee.id, let chosen = mentee.chosenMentors, !chosen.isEmpty else { continue }
            choices[id.uuidString] = chosen.split(separator: ";").map(String.init)
        }
        return MatchingWorld(
            programme: programme, menteeProfiles: menteeProfiles, mentorProfiles: mentorProfiles, places: places,
            scorer: CompatibilityScorer(weights: programme.weights, rules: programme.rules), statedChoices: choices,
            paused: Set(mentors.filter(\.paused).compactMap(\.id)))
    }
}

package enum TrainingExpiry {
    /// Training is valid through the whole of its expiry day.
    package static func endOfDay(_ day: CalendarDay) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 23, minute: 59))
    }
}

/// The background half of a matching run: scores every pair in slices (progress after each), solves, and
/// stores one proposal per mentee with the factors behind its score or the reason it has none.
package struct MatchingComputation {
    package let database: any Database
    package let state: CairnState

    package func compute(runID: UUID) async throws {
        guard let run = try await MatchingRun.find(runID, on: database) else { return }
        try await report(run, progress: 2, stage: "Reading mentors and mentees")
        let world = try await MatchingWorld.load(programmeID: run.programmeID, on: database, state: state)
        run.menteeCount = world.menteeProfiles.count
        run.mentorCount = world.mentorProfiles.count
        let today = state.collaborators.now()

        var slices: [CompatibilityAssessment] = []
        let slice = max(25, world.menteeProfiles.count / 20)
        var done = 0
        for start in stride(from: 0, to: world.menteeProfiles.count, by: slice) {
            try Task.checkCancellation()
            let mentees = Array(world.menteeProfiles[start..<min(start + slice, world.menteeProfiles.count)])
            slices.append(world.scorer.assess(mentees: mentees, mentors: world.mentorProfiles, today: today))
            done += mentees.count
            try await report(
                run, progress: 5 + 75 * done / max(world.menteeProfiles.count, 1),
                stage: "Scoring pairs: \(done) of \(world.menteeProfiles.count) mentees")
            await Task.yield()
        }
        // The heavy lifting stays in CairnCore (optimised even in debug builds): joining, solving, explaining.
        let assessment = CompatibilityAssessment(merging: slices, mentors: world.mentorProfiles)

        var assigned: [String: ExplainedAssignment] = [:]
        if world.programme.matchingMode != .manual {
            try await report(run, progress: 82, stage: "Finding the best assignment")
            let stable = world.programme.matchingMode == .stable
            let problem =
                try stable ? assessment.stableProblem(statedChoices: world.statedChoices) : assessment.problem()
            let result = stable ? StableMatcher.solve(problem) : OptimalMatcher.solve(problem)
            for explained in assessment.explain(result, in: problem) {
                assigned[explained.assignment.menteeID] = explained
            }
        }

        try await report(run, progress: 92, stage: "Saving proposals")
        let options = Dictionary(
            assessment.menteeOptions.map { ($0.menteeID, $0) }, uniquingKeysWith: { first, _ in first })
        var proposals: [MatchProposal] = []
        for mentee in world.menteeProfiles {
            let proposal = MatchProposal()
            proposal.id = state.collaborators.newID()
            proposal.runID = runID
            proposal.menteeID = UUID(uuidString: mentee.id) ?? UUID()
            if let explained = assigned[mentee.id] {
                proposal.mentorID = UUID(uuidString: explained.assignment.mentorID)
                proposal.score = explained.assignment.score ?? 0
                proposal.explanation = explained.contributions.map { "\($0.factor.rawValue)=\($0.points)" }
                    .joined(separator: ",")
            } else {
                proposal.score = 0
                proposal.explanation = ""
                proposal.unmatchedReason =
                    world.programme.matchingMode == .manual
                    ? "This programme matches by hand: choose a mentor."
                    : UnmatchedReason.describe(
                        options[mentee.id] ?? MenteeOptions(menteeID: mentee.id), mentee: mentee,
                        mentorCount: world.mentorProfiles.count)
            }
            proposals.append(proposal)
        }
        let rows = proposals
        let matched = assigned.count
        let total = assigned.values.reduce(0) { $0 + ($1.assignment.score ?? 0) }
        let finished = state.collaborators.now()
        try await database.transaction { database in
            // Only a run still running becomes proposed: one given up on as abandoned stays failed.
            let claimed = try await (database as! any SQLDatabase).update(MatchingRun.schema)
                .set("status", to: SQLBind(MatchingRun.Status.proposed.rawValue))
                .set("progress", to: SQLBind(100)).set("stage", to: SQLBind("Ready"))
                .set("matched_count", to: SQLBind(matched)).set("total_score", to: SQLBind(total))
                .set("mentee_count", to: SQLBind(world.menteeProfiles.count))
                .set("mentor_count", to: SQLBind(world.mentorProfiles.count))
                .set("finished_at", to: SQLBind(finished))
                .where("id", .equal, SQLBind(runID))
                .where("status", .equal, SQLBind(MatchingRun.Status.running.rawValue))
                .returning("id").all()
            guard !claimed.isEmpty else { return }
            for start in stride(from: 0, to: rows.count, by: 500) {
                try await Array(rows[start..<min(start + 500, rows.count)]).create(on: database)
            }
        }
    }

    private func report(_ run: MatchingRun, progress: Int, stage: String) async throws {
        run.progress = min(progress, 99)
        run.stage = stage
        try await run.update(on: database)
    }
}
