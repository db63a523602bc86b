import FluentKit
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import Vapor

/// SQLite has one writer. Every write to a SQLite database Cairn opens goes through this wrapper around Fluent's
/// driver, so no call site has to remember it:
///
/// - a transaction waits its turn at the process's `WriteGate`, then begins `IMMEDIATE` (it holds the write lock
///   before its first read, so a read-decide-write can never meet SQLITE_BUSY_SNAPSHOT half way);
/// - a write outside a transaction (a Fluent create, update or delete, a schema change, a raw statement that is not a
///   plain `SELECT`) waits its turn the same way;
/// - reads never wait for the gate (WAL lets them run beside the writer).
///
/// A write made on another database handle while the current task holds the gate would wait for itself for ever;
/// it is refused at once (`WriteGate.Misuse`) so the mistake is red in the first test that takes that path.
/// PostgreSQL is not wrapped: its row locks and constraints decide, and several processes share it.
package struct SingleWriterConfiguration: DatabaseConfiguration {
    package var base: any DatabaseConfiguration
    package let wait: TimeAmount

    package var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    package func makeDriver(for databases: Databases) -> any DatabaseDriver {
        SingleWriterDriver(base: base.makeDriver(for: databases), gate: WriteGate(wait: wait))
    }
}

extension DatabaseConfigurationFactory {
    /// `factory`'s database with every write through one gate (see `SingleWriterConfiguration`).
    package static func singleWriter(_ factory: DatabaseConfigurationFactory, wait: TimeAmount) -> Self {
        .init { SingleWriterConfiguration(base: factory.make(), wait: wait) }
    }
}

struct SingleWriterDriver: DatabaseDriver {
    let base: any DatabaseDriver
    let gate: WriteGate

    func makeDatabase(with context: DatabaseContext) -> any Database {
        SingleWriterDatabase(base: base.makeDatabase(with: context), gate: gate, holdsGate: false)
    }

    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
}

/// One handle on the wrapped database; `holdsGate` is true inside a write transaction (its connection only).
package struct SingleWriterDatabase: Database, SQLDatabase {
    let base: any Database
    let gate: WriteGate
    let holdsGate: Bool

    private var sql: any SQLDatabase { base as! any SQLDatabase }

    // MARK: Database

    package var context: DatabaseContext { base.context }
    package var inTransaction: Bool { holdsGate }

    package func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void)
        -> EventLoopFuture<Void>
    {
        StatementLog.current?.record("fluent \(query.action) \(query.schema)")
        guard !holdsGate, query.action.writes else { return base.execute(query: query, onOutput: onOutput) }
        let base = self.base
        return eventLoop.makeFutureWithTask {
            try await gate.exclusively(on: base.eventLoop) {
                try await base.execute(query: query, onOutput: onOutput).get()
            }
        }
    }

    package func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        guard !holdsGate else { return base.execute(schema: schema) }
        let base = self.base
        return eventLoop.makeFutureWithTask {
            try await gate.exclusively(on: base.eventLoop) { try await base.execute(schema: schema).get() }
        }
    }

    package func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        guard !holdsGate else { return base.execute(enum: `enum`) }
        let base = self.base
        return eventLoop.makeFutureWithTask {
            try await gate.exclusively(on: base.eventLoop) { try await base.execute(enum: `enum`).get() }
        }
    }

    package func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>)
        -> EventLoopFuture<T>
    {
        guard !holdsGate else { return closure(self) }
        return eventLoop.makeFutureWithTask { try await writeTransaction { try await closure($0).get() } }
    }

    package func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T)
        async throws -> T
    {
        guard !holdsGate else { return try await closure(self) }
        return try await writeTransaction(closure)
    }

    package func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>)
        -> EventLoopFuture<T>
    {
        let gate = self.gate
        let holdsGate = self.holdsGate
        return base.withConnection { connection in
            closure(SingleWriterDatabase(base: connection, gate: gate, holdsGate: holdsGate))
        }
    }

    /// Takes the gate, then one connection, and runs `body` between `BEGIN IMMEDIATE` and `COMMIT` (or `ROLLBACK`
    /// when it throws, or when the commit itself fails).
    private func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T)
        async throws -> T
    {
        let gate = self.gate
        let base = self.base
        return try await gate.exclusively(on: base.eventLoop) {
            try await base.withConnection { connection in
                // The pool hands the connection over on an event loop, outside this task: say again who holds the gate.
                try await gate.holding {
                    let sql = connection as! any SQLDatabase
                    try await sql.raw("BEGIN IMMEDIATE").run()
                    do {
                        let result = try await body(
                            SingleWriterDatabase(base: connection, gate: gate, holdsGate: true))
                        try await sql.raw("COMMIT").run()
                        return result
                    } catch {
                        try? await sql.raw("ROLLBACK").run()
                        throw error
                    }
                }
            }
        }
    }

    // MARK: SQLDatabase

    package var logger: Logger { base.logger }
    package var eventLoop: any EventLoop { base.eventLoop }
    package var version: (any SQLDatabaseReportedVersion)? { sql.version }
    package var dialect: any SQLDialect { sql.dialect }
    package var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    package func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        if let log = StatementLog.current { log.record(serialize(query).sql) }
        guard !holdsGate, writes(query) else { return sql.execute(sql: query, onRow) }
        let sql = self.sql
        return eventLoop.makeFutureWithTask {
            try await gate.exclusively(on: sql.eventLoop) { try await sql.execute(sql: query, onRow) }
        }
    }

    package func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        async throws
    {
        if let log = StatementLog.current { log.record(serialize(query).sql) }
        guard !holdsGate, writes(query) else { return try await sql.execute(sql: query, onRow) }
        let sql = self.sql
        try await gate.exclusively(on: sql.eventLoop) { try await sql.execute(sql: query, onRow) }
    }

    package func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let gate = self.gate
        let holdsGate = self.holdsGate
        let box = try await base.withConnection { connection in
            Unchecked(try await closure(SingleWriterDatabase(base: connection, gate: gate, holdsGate: holdsGate)))
        }
        return box.value
    }

    /// Whether a statement may write: anything but a plain `SELECT` (or a `WITH … SELECT`) counts as a write.
    private func writes(_ query: any SQLExpression) -> Bool {
        if query is SQLSelect || query is SQLUnion { return false }
        return SingleWriterDatabase.writes(sql: serialize(query).sql)
    }

    package static func writes(sql text: String) -> Bool {
        let words = text.uppercased().split(whereSeparator: { !($0.isLetter || $0 == "_") })
        guard let first = words.first else { return true }
        switch first {
        case "SELECT", "EXPLAIN":
            return false
        case "WITH":
            return words.contains { ["INSERT", "UPDATE", "DELETE", "REPLACE"].contains($0) }
        default:
            return true
        }
    }
}

/// The statements a task runs on SQLite, for tests that count what a request costs before its handler (a Fluent
/// query as "fluent <action> <table>", SQL as its text). Only while a test has set `StatementLog.$current`;
/// otherwise nothing is recorded and nothing is serialised for it.
package final class StatementLog: Sendable {
    @TaskLocal package static var current: StatementLog?
    private let recorded = NIOLockedValueBox<[String]>([])

    package init() {}

    package var statements: [String] { recorded.withLockedValue { $0 } }

    func record(_ statement: String) { recorded.withLockedValue { $0.append(statement) } }
}

/// Carries a value out of a closure whose result type need not be Sendable (`withSession` is generic over any `R`).
private struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension DatabaseQuery.Action {
    /// Create, update, delete and custom queries write; reads and aggregates do not.
    package var writes: Bool {
        switch self {
        case .read, .aggregate: false
        case .create, .update, .delete, .custom: true
        }
    }
}

/// The one place a process's writes to a SQLite database take turns: first come, first served, with a limit on the
/// wait. A write that waits longer than `wait` is answered 503 with Retry-After (the database is busy, not broken).
package final class WriteGate: Sendable {
    /// The gate the current task holds, if any: a task that holds it and asks again through another handle would wait
    /// for itself.
    @TaskLocal package static var held: ObjectIdentifier?

    package let wait: TimeAmount
    private let state = NIOLockedValueBox(State())

    private struct State {
        var busy = false
        var nextTicket = 0
        var waiting: [(ticket: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    }

    package init(wait: TimeAmount) { self.wait = wait }

    /// Raised when a write waited longer than the gate allows.
    package struct Busy: AbortError {
        package var status: HTTPResponseStatus { .serviceUnavailable }
        package var reason: String { "The service is busy. Please try again in a few seconds." }
        package var headers: HTTPHeaders { ["Retry-After": "5"] }
    }

    /// Raised when a task that holds the gate writes through a handle other than its transaction's.
    package struct Misuse: Error, CustomStringConvertible {
        package var description: String {
            "A write was made outside the open transaction that holds SQLite's write gate: use the transaction's database."
        }
    }

    package func exclusively<T: Sendable>(on eventLoop: any EventLoop, _ work: @Sendable () async throws -> T)
        async throws -> T
    {
        let me = ObjectIdentifier(self)
        if WriteGate.held == me { throw Misuse() }
        try await enter(on: eventLoop)
        defer { leave() }
        return try await holding(work)
    }

    /// Runs `work` marked as holding this gate (the caller has it).
    fileprivate func holding<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        try await WriteGate.$held.withValue(ObjectIdentifier(self)) { try await work() }
    }

    private func enter(on eventLoop: any EventLoop) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let ticket = state.withLockedValue { state -> Int? in
                guard state.busy else {
                    state.busy = true
                    return nil
                }
                state.nextTicket += 1
                state.waiting.append((state.nextTicket, continuation))
                return state.nextTicket
            }
            guard let ticket else { return continuation.resume() }
            eventLoop.scheduleTask(in: wait) { [weak self] in
                let expired = self?.state.withLockedValue { state -> CheckedContinuation<Void, any Error>? in
                    guard let index = state.waiting.firstIndex(where: { $0.ticket == ticket }) else { return nil }
                    return state.waiting.remove(at: index).continuation
                }
                expired?.resume(throwing: Busy())
            }
        }
    }

    private func leave() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, any Error>? in
            guard !state.waiting.isEmpty else {
                state.busy = false
                return nil
            }
            return state.waiting.removeFirst().continuation
        }
        next?.resume()
    }
}
