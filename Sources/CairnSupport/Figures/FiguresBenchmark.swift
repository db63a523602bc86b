import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Loads a national-sized year of referrals and times the unit's figures over it (issue #21 item 5:
/// `cairn benchmark figures --referrals 1000000`). Only the structured columns the figures read carry varied values;
/// the free-text columns hold a placeholder (a benchmark database is never a service's).
package enum FiguresBenchmark {
    package struct Result: Sendable {
        package var loaded: Int
        package var loadSeconds: Double
        package var runs: [Double]
    }

    package static func run(app: Application, referrals: Int, runs: Int) async throws -> Result {
        guard let organisation = app.cairn.organisation else { throw Abort(.serviceUnavailable) }
        let sql = app.db as! any SQLDatabase
        let existing = try await SupportCase.query(on: app.db).count()
        guard existing == 0 else {
            throw ConfigurationError(
                app.cairn.configuration.databaseVariable,
                "leads to a database that already holds \(existing) cases: benchmark into an empty one.")
        }
        let clinician = try await PeopleDirectory.createForDemonstration(
            email: "benchmark.clinician@demo.cairn.test", name: "Benchmark Clinician", roles: [],
            organisationID: organisation.id, on: app.db)
        let calendar = app.cairn.workingDays
        let now = app.cairn.collaborators.now()
        let started = ContinuousClock.now
        var random = SplitMix64(seed: 1_000_000)
        let columns = [
            "id", "organisation_id", "clinician_id", "reference", "state", "version", "profession", "grade",
            "is_international_graduate", "reasons", "own_words", "contact", "consent_to_hold", "consent_wording",
            "consented_at", "share_with_educator", "said_at_risk", "received_at", "first_contact_at",
            "first_contact_working_days", "outcomes",
        ]
        let states: [(CaseState, Int)] = [
            (.referred, 4), (.triaged, 4), (.active, 20), (.closing, 4), (.closed, 60), (.declined, 4),
            (.withdrawn, 4),
        ]
        // 20,000 rows a transaction.
        var made = 0
        while made < referrals {
            let transactionEnd = min(referrals, made + 20_000)
            var rows: [[SQLBind]] = []
            rows.reserveCapacity(transactionEnd - made)
            for number in made..<transactionEnd {
                let profession = random.weighted(DemoSupportYear.professions)
                let grade =
                    profession.grades.isEmpty ? Grade.other : profession.grades[random.below(profession.grades.count)]
                let received = now.addingTimeInterval(-(Double(random.below(365)) + random.unit()) * 86_400)
                let state = random.weighted(states)
                let contacted =
                    state == .referred ? nil : received.addingTimeInterval(Double(random.below(12)) * 86_400 * 0.9)
                let reasons = Set((0..<(1 + random.below(3))).map { _ in random.weighted(DemoSupportYear.reasons) })
                let outcomes: String? =
                    state == .closed
                    ? (CaseOutcome.allCases.filter { _ in random.below(4) == 0 }.map(\.rawValue).joined(separator: ",")
                        .nonEmpty ?? CaseOutcome.allCases[0].rawValue) : nil
                let values: [any Encodable & Sendable] = [
                    UUID(), organisation.id, clinician, "BENCH-\(number)", state.rawValue, 1,
                    profession.rawValue, grade.rawValue, false,
                    reasons.map(\.rawValue).sorted().joined(separator: ","), "benchmark", "benchmark", true,
                    SelfReferral.consentWording, received, false, false, received, contacted,
                    contacted.map { calendar.count(from: received, to: $0) }, outcomes,
                ]
                rows.append(values.map { SQLBind($0) })
            }
            let batch = rows
            try await app.db.transaction { database in
                let sql = database as! any SQLDatabase
                // 400 rows a statement (8,400 values: within both databases' limits).
                for start in stride(from: 0, to: batch.count, by: 400) {
                    var insert = sql.insert(into: SupportCase.schema).columns(columns)
                    for row in batch[start..<min(start + 400, batch.count)] { insert = insert.values(row) }
                    try await insert.run()
                }
            }
            made = transactionEnd
        }
        // Housekeeping folds the triggers' delta rows every few minutes; after a bulk load it has not run yet.
        try await CaseCounts.compact(organisationID: organisation.id, on: app.db)
        let loadSeconds = seconds(ContinuousClock.now - started)
        // Fresh statistics (and, on PostgreSQL, a visibility map for index-only scans) after a bulk load, as
        // autovacuum or SQLite's own optimiser would have them soon after.
        if case .postgres = app.cairn.configuration.database {
            try await sql.raw("VACUUM ANALYZE cases").run()
            // The fold left every delta row dead: autovacuum would clear them soon after a load this size.
            try await sql.raw("VACUUM ANALYZE case_counts").run()
        } else {
            try await sql.raw("ANALYZE").run()
        }
        var timings: [Double] = []
        let context = ServiceContext(application: app)
        for _ in 0..<runs {
            let start = ContinuousClock.now
            // Each run decides the protection anew, as the first request after a case changed does.
            await ProtectionCache.shared.clear()
            _ = try await SupportFigures(context: context).report()
            timings.append(seconds(ContinuousClock.now - start))
        }
        return Result(loaded: referrals, loadSeconds: loadSeconds, runs: timings)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
