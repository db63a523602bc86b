import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// A programme lead changes or swaps a proposal, with a reason, within the rules that cannot be broken.
extension MatchingService {
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
            errors.addConflict("mentee", "This run is no longer open to changes; start a new run")
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
            errors.addConflict("mentee", "This run is no longer open to changes; start a new run")
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
}
