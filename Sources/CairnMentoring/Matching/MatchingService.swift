import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Matching runs: the core's scorer and matcher compute proposals in the background (progress stored on the run),
/// the programme lead reads and adjusts them, and publishing turns them into pairs. Pairs are guarded by the
/// database: a unique active-mentee column (never two active mentors) and a capacity check inside the statement
/// that raises a mentor's load (never over capacity), whatever order requests arrive in.
package struct MatchingService {
    package let context: ServiceContext
    package let actor: Actor
    package var database: any Database { context.database }
    package var state: CairnState { context.state }

    package init(context: ServiceContext) throws {
        self.context = context
        self.actor = try context.requireActor()
    }

    package init(request: Request) throws {
        try self.init(context: ServiceContext(request))
    }
    package var logger: Logger { context.logger }

    package var now: Date { state.collaborators.now() }

    package func latestRun(of programme: MentoringProgramme) async throws -> MatchingRun? {
        try await MatchingRun.query(on: database).filter(\.$programmeID == programme.requireID())
            .sort(\.$startedAt, .descending).sort(\.$id).first()
    }

    /// Starts a run, or returns the one already running. The work continues after the request ends.
    package func start(_ programme: MentoringProgramme, app: Application) async throws -> MatchingRun {
        let programmeID = try programme.requireID()
        let (run, isNew) = try await claimRun(programmeID: programmeID)
        guard isNew else { return run }
        try await ProgrammeService(context: context.on(database))
            .audit(MentoringAudit.matchingRunStarted, .matchingRun, run.id)
        let runID = try run.requireID()
        let logger = app.logger
        state.backgroundWork.start(runID) { [database = app.db, state] in
            do {
                try await MatchingComputation(database: database, state: state).compute(runID: runID)
            } catch {
                logger.error("matching run failed", metadata: ["run": "\(runID)", "error": "\(error)"])
                if let run = try? await MatchingRun.find(runID, on: database) {
                    run.status = .failed
                    run.message = "The run stopped with an error; start it again."
                    run.finishedAt = state.collaborators.now()
                    try? await run.update(on: database)
                }
            }
        }
        return run
    }

    package static let abandonedAfter: TimeInterval = 600

    /// Every change to a proposal carries the lead's reason, kept with the run.
    package static func check(reason: String, into errors: inout FormErrors) {
        if reason.isEmpty { errors.add("reason", "Say why you are changing the proposal") }
        if reason.count > 500 { errors.add("reason", "Keep the reason to 500 characters or fewer") }
    }

    /// The running run, or a new one: decided one request at a time per programme (PostgreSQL locks the programme's
    /// row for the transaction; SQLite's single writer queues), so two clicks on Start never make two runs.
    package func claimRun(programmeID: UUID) async throws -> (MatchingRun, isNew: Bool) {
        let now = self.now
        let lead = actor.personID
        let newID = state.collaborators.newID()
        let isPostgres: Bool
        if case .postgres = state.configuration.database { isPostgres = true } else { isPostgres = false }
        return try await PairLifecycle(database: database, state: state, baseURL: "").serialised {
            try await database.transaction { database in
                if isPostgres {
                    try await (database as! any SQLDatabase)
                        .raw("SELECT id FROM mentoring_programmes WHERE id = \(bind: programmeID) FOR UPDATE").run()
                }
                if let running = try await MatchingRun.query(on: database).filter(\.$programmeID == programmeID)
                    .filter(\.$status == .running).first()
                {
                    // A run left behind by a stopped process never finishes: after ten minutes it is marked failed.
                    guard now.timeIntervalSince(running.startedAt) > Self.abandonedAfter else {
                        return (running, false)
                    }
                    running.status = .failed
                    running.message = "The run was interrupted (the service restarted); this is a new one."
                    running.finishedAt = now
                    try await running.update(on: database)
                }
                let run = MatchingRun()
                run.id = newID
                run.programmeID = programmeID
                run.status = .running
                run.progress = 0
                run.stage = "Waiting to start"
                run.startedBy = lead
                run.startedAt = now
                run.menteeCount = 0
                run.mentorCount = 0
                run.matchedCount = 0
                run.totalScore = 0
                try await MatchingRun.query(on: database).filter(\.$programmeID == programmeID)
                    .filter(\.$status == .proposed).set(\.$status, to: .superseded).update()
                try await run.create(on: database)
                return (run, true)
            }
        }
    }

    // MARK: Reading proposals

    package struct ProposalRow: Sendable {
        package var menteeID: UUID
        package var menteeName: String
        package var mentorID: UUID?
        package var mentorName: String?
        package var score: Int
        package var contributions: [(factor: ScoreFactor, points: Int)]
        package var unmatchedReason: String?
        package var overrideReason: String?
    }

    package func proposals(of run: MatchingRun) async throws -> [ProposalRow] {
        let rows = try await MatchProposal.query(on: database).filter(\.$runID == run.requireID()).all()
        let mentees = try await Mentee.query(on: database).filter(\.$id ~~ rows.map(\.menteeID)).all()
        let mentors = try await Mentor.query(on: database).filter(\.$id ~~ rows.compactMap(\.mentorID)).all()
        let names = try await Accounts.displayNames(
            of: mentees.map(\.personID) + mentors.map(\.personID), on: database)
        // Leads see the names they gave, never the accounts' (which would say who is registered).
        let menteeName = Dictionary(
            uniqueKeysWithValues: try mentees.map { (try $0.requireID(), $0.givenName ?? names[$0.personID]) })
        let mentorName = Dictionary(
            uniqueKeysWithValues: try mentors.map { (try $0.requireID(), $0.givenName ?? names[$0.personID]) })
        return try rows.map { row in
            ProposalRow(
                menteeID: row.menteeID, menteeName: (menteeName[row.menteeID] ?? nil) ?? "Unknown",
                mentorID: row.mentorID, mentorName: row.mentorID.flatMap { mentorName[$0] ?? nil },
                score: row.score,
                contributions: (MentoringProgramme.parseWeights(row.explanation) ?? [:]).sorted {
                    $0.value == $1.value ? $0.key.rawValue < $1.key.rawValue : $0.value > $1.value
                }.map { ($0.key, $0.value) },
                unmatchedReason: row.unmatchedReason,
                overrideReason: try row.opened(\.$overrideReason, with: state.cipher))
        }.sorted { ($0.mentorID == nil ? 0 : 1, $0.menteeName) < ($1.mentorID == nil ? 0 : 1, $1.menteeName) }
    }

    // MARK: Changing a proposal

    /// The rules an override can never break: a mentee's own supervisor, and untrained or lapsed mentors.
    package static let unbreakable: Set<ExclusionReason> = [
        .ownSupervisor, .mentorNotTrained, .mentorTrainingExpired, .pairedBefore, .samePerson,
    ]

    /// Gives a mentee another mentor (or none) in a proposed run, with the lead's reason.
    package func override(run: MatchingRun, menteeID: UUID?, mentorID: UUID?, reason: String) async throws -> FormErrors
    {
        var errors = FormErrors()
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard run.status == .proposed else {
            errors.add("mentee", "This run is no longer open to changes; start a new run")
            return errors
        }
        guard let menteeID,
            let proposal = try await MatchProposal.query(on: database).filter(\.$runID == run.requireID())
                .filter(\.$menteeID == menteeID).first()
        else {
            errors.add("mentee", "Choose a mentee from this run")
            return errors
        }
        Self.check(reason: reason, into: &errors)
        var score = 0
        var explanation = ""
        if let mentorID {
            let world = try await MatchingWorld.load(programmeID: run.programmeID, on: database, state: state)
            switch choice(of: mentorID, for: menteeID, in: world) {
            case .failure(let refusal): errors.add("mentor", refusal.message)
            case .success(let chosen): (score, explanation) = chosen
            }
            let others = try await MatchProposal.query(on: database).filter(\.$runID == run.requireID())
                .filter(\.$mentorID == mentorID).filter(\.$menteeID != menteeID).count()
            if let place = world.places[mentorID], others + place.activeLoad >= place.capacity {
                errors.add("mentor", "This mentor is full in this run: move one of their mentees first")
            }
        }
        guard errors.isEmpty else { return errors }
        proposal.mentorID = mentorID
        proposal.score = score
        proposal.explanation = explanation
        proposal.unmatchedReason = mentorID == nil ? "Left without a mentor by the programme lead." : nil
        try proposal.seal(reason, into: \.$overrideReason, with: state.cipher)
        proposal.overriddenBy = actor.personID
        try await proposal.update(on: database)
        try await refreshTotals(of: run)
        try await ProgrammeService(context: context.on(database))
            .audit(MentoringAudit.matchingProposalChanged, .matchProposal, proposal.id, reason: reason)
        return errors
    }

    package struct ChoiceRefusal: Error {
        package var message: String
    }

    /// Whether the lead may give this mentor to this mentee (capacity aside), with the score it would carry.
    package func choice(of mentorID: UUID, for menteeID: UUID, in world: MatchingWorld)
        -> Result<(score: Int, explanation: String), ChoiceRefusal>
    {
        guard let mentee = world.menteeProfiles.first(where: { $0.id == menteeID.uuidString }),
            let mentor = world.mentorProfiles.first(where: { $0.id == mentorID.uuidString })
        else { return .failure(ChoiceRefusal(message: "Choose a mentor from this programme")) }
        guard !world.paused.contains(mentorID) else {
            return .failure(ChoiceRefusal(message: "This mentor cannot be chosen: they are paused"))
        }
        switch world.scorer.assess(mentee, mentor, today: now) {
        case .allowed(let points, let contributions):
            return .success(
                (points, contributions.map { "\($0.factor.rawValue)=\($0.points)" }.joined(separator: ",")))
        case .excluded(let reasons):
            if let hard = reasons.first(where: Self.unbreakable.contains) {
                return .failure(ChoiceRefusal(message: "This mentor cannot be chosen: \(hard.sentence)"))
            }
            return .success((0, ""))
        }
    }

    /// Exchanges two mentees' proposed mentors: both checked first, then both written together, or neither.
    package func swap(run: MatchingRun, first: UUID?, second: UUID?, reason: String) async throws -> FormErrors {
        var errors = FormErrors()
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard run.status == .proposed else {
            errors.add("mentee", "This run is no longer open to changes; start a new run")
            return errors
        }
        guard let first, let second, first != second,
            let one = try await MatchProposal.query(on: database).filter(\.$runID == run.requireID())
                .filter(\.$menteeID == first).first(),
            let other = try await MatchProposal.query(on: database).filter(\.$runID == run.requireID())
                .filter(\.$menteeID == second).first()
        else {
            errors.add("mentee", "Choose two different mentees from this run")
            return errors
        }
        Self.check(reason: reason, into: &errors)
        let world = try await MatchingWorld.load(programmeID: run.programmeID, on: database, state: state)
        var outcome: [(MatchProposal, UUID?, Int, String)] = []
        for (proposal, mentorID) in [(one, other.mentorID), (other, one.mentorID)] {
            guard let mentorID else {
                outcome.append((proposal, nil, 0, ""))
                continue
            }
            switch choice(of: mentorID, for: proposal.menteeID, in: world) {
            case .failure(let refusal): errors.add("mentee", refusal.message)
            case .success(let chosen): outcome.append((proposal, mentorID, chosen.score, chosen.explanation))
            }
        }
        guard errors.isEmpty else { return errors }
        let lead = actor.personID
        let cipher = state.cipher
        let changes = outcome
        try await database.transaction { database in
            for (proposal, mentorID, score, explanation) in changes {
                proposal.mentorID = mentorID
                proposal.score = score
                proposal.explanation = explanation
                proposal.unmatchedReason = mentorID == nil ? "Left without a mentor by the programme lead." : nil
                try proposal.seal(reason, into: \.$overrideReason, with: cipher)
                proposal.overriddenBy = lead
                try await proposal.update(on: database)
            }
        }
        try await refreshTotals(of: run)
        try await ProgrammeService(context: context.on(database))
            .audit(MentoringAudit.matchingProposalsSwapped, .matchingRun, run.id, reason: reason)
        return errors
    }

    package func refreshTotals(of run: MatchingRun) async throws {
        let proposals = try await MatchProposal.query(on: database).filter(\.$runID == run.requireID()).all()
        run.matchedCount = proposals.filter { $0.mentorID != nil }.count
        run.totalScore = proposals.filter { $0.mentorID != nil }.reduce(0) { $0 + $1.score }
        try await run.update(on: database)
    }

    // MARK: Publishing

    package struct PublishOutcome: Sendable, Equatable {
        package var published = 0
        /// Mentees whose proposal could not become a pair, with the reason.
        package var skipped: [String] = []
    }

    package func publish(_ run: MatchingRun, baseURL: String) async throws -> PublishOutcome {
        guard let programme = try await MentoringProgramme.find(run.programmeID, on: database) else {
            throw Abort(.notFound)
        }
        // Claimed in one statement, so two clicks on Publish publish once.
        let claimed = try await (database as! any SQLDatabase).update(MatchingRun.schema)
            .set("status", to: SQLBind(MatchingRun.Status.published.rawValue))
            .where("id", .equal, SQLBind(try run.requireID()))
            .where("status", .equal, SQLBind(MatchingRun.Status.proposed.rawValue))
            .returning("id").all()
        guard !claimed.isEmpty else { throw Abort(.conflict, reason: "Only a proposed run can be published.") }
        run.status = .published
        var outcome = PublishOutcome()
        let pairing = PairLifecycle(database: database, state: state, baseURL: baseURL)
        // The world may have changed since the run (training lapsed, a mentor paused, a supervisor named): the rules
        // that protect people are checked again for every pair.
        let world = try await MatchingWorld.load(programmeID: run.programmeID, on: database, state: state)
        for proposal in try await MatchProposal.query(on: database).filter(\.$runID == run.requireID()).all() {
            guard let mentorID = proposal.mentorID else { continue }
            guard world.menteeProfiles.contains(where: { $0.id == proposal.menteeID.uuidString }) else {
                outcome.skipped.append("a mentee who already has a mentor")
                continue
            }
            if case .failure(let refusal) = choice(of: mentorID, for: proposal.menteeID, in: world) {
                outcome.skipped.append(refusal.message)
                continue
            }
            do {
                switch try await pairing.pair(
                    menteeID: proposal.menteeID, mentorID: mentorID, score: proposal.score, in: programme)
                {
                case .paired: outcome.published += 1
                case .refused(let reason): outcome.skipped.append(reason)
                }
            } catch let error as any AbortError where error.status == .notFound {
                // Someone left the programme (or the service) between the run and publishing.
                outcome.skipped.append("a mentee or mentor who is no longer in the programme")
            } catch {
                // One pair's failure does not stop the others; the run is already claimed as published.
                outcome.skipped.append("one pair could not be made (the error is in the service's log)")
                logger.error("publishing a pair failed", metadata: ["error": "\(error)"])
            }
        }
        try await ProgrammeService(context: context.on(database))
            .audit(MentoringAudit.matchingRunPublished, .matchingRun, run.id, reason: "\(outcome.published)")
        return outcome
    }
}

extension ExclusionReason {
    package var sentence: String {
        switch self {
        case .ownSupervisor: "they are the mentee's supervisor"
        case .mentorNotTrained: "they have no mentoring training on record"
        case .mentorTrainingExpired: "their mentoring training has expired"
        case .mentorHasNoCapacity: "they have no places left"
        case .sameEmployer: "they work for the mentee's employer"
        case .sameSpecialty: "they share the mentee's specialty, which this programme excludes"
        case .requiredLanguageNotSpoken: "they do not speak the language the mentee requires"
        case .requiredSpecialtyNotHeld: "they do not work in the specialty the mentee requires"
        case .requiredGenderNotMet: "they are not the gender the mentee asked for"
        case .pairedBefore: "they were this mentee's mentor before, and the pairing ended"
        case .samePerson: "they are the mentee"
        }
    }
}

extension ScoreFactor {
    package var title: String {
        switch self {
        case .sameProfession: "Same profession"
        case .sameSpecialty: "Same specialty"
        case .moreSeniorGrade: "More senior grade"
        case .sharedLanguage: "A shared language"
        case .sameRegion: "Same region"
        case .internationalGraduateExperience: "Experience with international graduates"
        case .wishedLanguage: "Speaks the language the mentee asked for"
        case .wishedSpecialty: "Works in the specialty the mentee asked for"
        case .wishedGender: "The gender the mentee asked for"
        }
    }
}
