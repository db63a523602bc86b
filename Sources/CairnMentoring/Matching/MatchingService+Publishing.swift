import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Publishing a run: its proposals become pairs, mentors' loads rise, and both sides hear by email.
extension MatchingService {
    // MARK: Publishing

    package struct PublishOutcome: Sendable, Equatable {
        package var published = 0
        /// Mentees whose proposal could not become a pair, with the reason.
        package var skipped: [String] = []
    }

    package func publish(_ run: MatchingRun) async throws -> PublishOutcome {
        let sql = database as! any SQLDatabase
        // Claimed in one statement, so two clicks on Publish publish once.
        let claimed = try await sql.update(MatchingRun.schema)
            .set("status", to: SQLBind(MatchingRun.Status.published.rawValue))
            .where("id", .equal, SQLBind(try run.requireID()))
            .where("status", .equal, SQLBind(MatchingRun.Status.proposed.rawValue))
            .returning("id").all()
        guard !claimed.isEmpty else { throw Abort(.conflict, reason: "Only a proposed run can be published.") }
        // The programme is read after the claim, through its row lock: a change of its settings still in flight
        // finishes first (and every later one sees the published run and keeps the dates and sessions), so the
        // pairs' sessions are planned from the settings as they now stand.
        _ = try await sql.update(MentoringProgramme.schema).set("version", to: SQLColumn("version"))
            .where("id", .equal, SQLBind(run.programmeID)).returning("id").all()
        guard let programme = try await MentoringProgramme.find(run.programmeID, on: database) else {
            throw Abort(.notFound)
        }
        run.status = .published
        var outcome = PublishOutcome()
        let pairing = PairLifecycle(database: database, state: state)
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
