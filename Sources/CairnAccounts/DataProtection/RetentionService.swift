import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Erasure by retention rule (issue #20 item 2): each kind of record the features offer (`RetentionKind`) is erased
/// a number of years after its period starts, the organisation's rule or the kind's default. The dry run says what
/// is due and what erasing it does; erasing goes 100 records a transaction (SQLite's writer is never held long),
/// records each record erased so it is passed by from then on, and is audited once a batch. A rule set to apply by
/// itself is applied by the daily housekeeping.
package struct RetentionService {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    var state: CairnState { context.state }
    var now: Date { state.collaborators.now() }
    static let batch = 100
    package static let years = 1...50

    var walker: PersonalDataErasure {
        PersonalDataErasure(
            models: PersonalDataMap.models(of: state.features), cipher: state.cipher, files: state.files)
    }

    package var kinds: [RetentionKind] { state.features.flatMap(\.retentionKinds) }

    package struct Rule: Sendable {
        package var kind: RetentionKind
        package var years: Int
        package var automatic: Bool
        /// Whether the organisation set it (otherwise the kind's default applies, by hand only).
        package var set: Bool
    }

    package func rules() async throws -> [Rule] {
        let stored = try await RetentionRule.query(on: context.database).all()
        return kinds.map { kind in
            let row = stored.first { $0.kind == kind.id }
            return Rule(
                kind: kind, years: row?.years ?? kind.defaultYears, automatic: row?.automatic ?? false,
                set: row != nil)
        }
    }

    package func rule(_ id: String) async throws -> Rule? {
        try await rules().first { $0.kind.id == id }
    }

    /// Sets a kind's period and whether it applies by itself; the problem under "years".
    package func setRule(_ id: String, years: Int, automatic: Bool) async throws -> Result<Rule, FormErrors> {
        let actor = try context.requireActor()
        guard kinds.contains(where: { $0.id == id }) else { throw Abort(.notFound) }
        guard Self.years.contains(years) else {
            var errors = FormErrors()
            errors.add("years", "Enter a number of years from 1 to 50")
            return .failure(errors)
        }
        try await context.transaction { context in
            let row =
                try await RetentionRule.query(on: context.database).filter(\.$kind == id).first() ?? RetentionRule()
            if row.id == nil {
                row.id = context.newID()
                row.kind = id
            }
            row.years = years
            row.automatic = automatic
            row.updatedBy = actor.personID
            row.updatedAt = now
            try await row.save(on: context.database)
            try await context.audit(
                DataProtectionAudit.retentionRuleChanged, resourceType: .retentionRule, resourceID: id,
                reason: "\(years) years, \(automatic ? "applied by itself" : "applied by hand")")
        }
        guard let rule = try await rule(id) else { throw Abort(.notFound) }
        return .success(rule)
    }

    /// The first day a record must have started its period before to be due today.
    func cutoff(years: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = state.configuration.timeZone
        return calendar.date(byAdding: .year, value: -years, to: now) ?? now
    }

    /// The records of a kind due under its rule and not erased yet, in id order.
    func due(_ rule: Rule) async throws -> [UUID] {
        let found = try await rule.kind.due(cutoff(years: rule.years), context.database)
        var due: [UUID] = []
        for start in stride(from: 0, to: found.count, by: 500) {
            let part = Array(found[start..<min(start + 500, found.count)])
            let erased = Set(
                try await ErasedRecord.query(on: context.database).filter(\.$tableName == rule.kind.table)
                    .filter(\.$recordID ~~ part).all().map(\.recordID))
            due += part.filter { !erased.contains($0) }
        }
        return due
    }

    package struct Outcome: Sendable {
        package var rule: Rule
        package var records: Int
        package var plan: PersonalDataErasure.Plan
    }

    /// What applying the rule now would erase; writes nothing.
    package func dryRun(_ id: String) async throws -> Outcome? {
        guard let rule = try await rule(id) else { return nil }
        let ids = try await due(rule)
        let plan =
            ids.isEmpty
            ? PersonalDataErasure.Plan(personID: nil, kinds: [])
            : try await walker.planRecords(in: rule.kind.table, ids: ids, on: context.database)
        return Outcome(rule: rule, records: ids.count, plan: plan)
    }

    /// Erases what the rule says is due now, `batch` records a transaction.
    package func apply(_ id: String) async throws -> Outcome? {
        guard let rule = try await rule(id) else { return nil }
        let ids = try await due(rule)
        let walker = self.walker
        var kinds: [String: PersonalDataErasure.Kind] = [:]
        var erasedCount = 0
        for start in stride(from: 0, to: ids.count, by: Self.batch) {
            let part = Array(ids[start..<min(start + Self.batch, ids.count)])
            let outcome: (plan: PersonalDataErasure.Plan, files: [EnvelopeCipher.Binding])
            do {
                outcome = try await context.transaction { context in
                    // Another run may have erased some since they were found: pass those by.
                    let erased = Set(
                        try await ErasedRecord.query(on: context.database).filter(\.$tableName == rule.kind.table)
                            .filter(\.$recordID ~~ part).all().map(\.recordID))
                    let fresh = part.filter { !erased.contains($0) }
                    guard !fresh.isEmpty else {
                        return (PersonalDataErasure.Plan(personID: nil, kinds: []), [EnvelopeCipher.Binding]())
                    }
                    // Claimed first: a run alongside (another process, PostgreSQL) waits here, then finds them
                    // claimed (the unique key) and leaves the batch to this one.
                    for recordID in fresh {
                        let row = ErasedRecord()
                        row.id = context.newID()
                        row.tableName = rule.kind.table
                        row.recordID = recordID
                        row.kind = rule.kind.id
                        row.erasedAt = now
                        try await row.create(on: context.database)
                    }
                    let done = try await walker.eraseRecords(in: rule.kind.table, ids: fresh, on: context.database)
                    try await context.audit(
                        DataProtectionAudit.retentionApplied, resourceType: .retentionRule, resourceID: rule.kind.id,
                        reason: "\(fresh.count) records, \(rule.years) years \(rule.kind.after)")
                    return done
                }
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue
            }
            let (plan, files) = outcome
            for binding in files { state.files.remove(for: binding) }
            for kind in plan.kinds {
                if var total = kinds[kind.table] {
                    total.rows += kind.rows
                    total.shared += kind.shared
                    total.files += kind.files
                    kinds[kind.table] = total
                } else {
                    kinds[kind.table] = kind
                }
            }
            erasedCount += plan.kind(rule.kind.table)?.rows ?? 0
        }
        let plan = PersonalDataErasure.Plan(personID: nil, kinds: kinds.values.sorted { $0.table < $1.table })
        return Outcome(rule: rule, records: erasedCount, plan: plan)
    }

    /// The daily run: every rule set to apply by itself.
    package func applyAutomatic() async throws {
        for rule in try await rules() where rule.automatic {
            _ = try await apply(rule.kind.id)
        }
    }
}
