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
        return try await database.transaction { database in
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

    /// What publishing a run would do, counted in SQL: pairs made, and the mentors and mentees each told by email.
    package struct PublishPreview: Sendable, Equatable {
        package var pairs: Int
        package var mentors: Int
        package var mentees: Int
    }

    package func publishPreview(of run: MatchingRun) async throws -> PublishPreview {
        let sql = database as! any SQLDatabase
        let row = try await sql.raw(
            """
            SELECT COUNT(*) AS pairs, COUNT(DISTINCT mentor_id) AS mentors, COUNT(DISTINCT mentee_id) AS mentees
            FROM match_proposals WHERE run_id = \(bind: try run.requireID()) AND mentor_id IS NOT NULL
            """
        ).first()
        return PublishPreview(
            pairs: try row?.decode(column: "pairs", as: Int.self) ?? 0,
            mentors: try row?.decode(column: "mentors", as: Int.self) ?? 0,
            mentees: try row?.decode(column: "mentees", as: Int.self) ?? 0)
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
}
