import CairnCore
import Fluent
import Foundation
import Logging
import SQLKit
import Vapor

/// What a service works with (issue #12, item 5): the database, who is acting, the clock and the id source, the
/// cipher, links, the log and the audit trail. Built from a request, a background job or the command line, so a
/// service never holds a Vapor `Request`; inside a transaction, `transaction` hands the work a context whose
/// database *is* the transaction, so every read, write and audit entry of that work goes through it.
package struct ServiceContext: Sendable {
    /// Where an audit entry says the work came from.
    package struct Origin: Sendable {
        package var requestID: String?
        package var sessionHash: String?
        package var addressHash: String?

        package init(requestID: String? = nil, sessionHash: String? = nil, addressHash: String? = nil) {
            self.requestID = requestID
            self.sessionHash = sessionHash
            self.addressHash = addressHash
        }
    }

    package let database: any Database
    /// Who is acting; nil for a visitor (registration, sign-in) and for the system's own jobs.
    package let actor: Actor?
    package let state: CairnState
    package let logger: Logger
    /// For slow work off the event loops (password hashing).
    package let threadPool: NIOThreadPool
    /// Read when an entry is written (sign-in changes the session during the request).
    private let currentOrigin: @Sendable () -> Origin

    /// Where the work comes from, as of now.
    package var origin: Origin { currentOrigin() }

    package init(
        database: any Database, actor: Actor?, state: CairnState, logger: Logger, threadPool: NIOThreadPool,
        origin: @escaping @Sendable () -> Origin
    ) {
        self.database = database
        self.actor = actor
        self.state = state
        self.logger = logger
        self.threadPool = threadPool
        self.currentOrigin = origin
    }

    /// The context of a request: its database, its actor, and its id, session and address for the audit trail.
    package init(_ request: Request) {
        self.init(
            database: request.db, actor: request.actor, state: request.application.cairn, logger: request.logger,
            threadPool: request.application.threadPool,
            origin: { [request] in
                Origin(
                    requestID: request.id, sessionHash: request.sessionPseudonym,
                    addressHash: request.addressPseudonym)
            })
    }

    /// The context of work the application does by itself (a background job, a command), acting as `actor` when
    /// it acts for someone.
    package init(application: Application, actor: Actor? = nil, database: (any Database)? = nil) {
        self.init(
            database: database ?? application.db, actor: actor, state: application.cairn, logger: application.logger,
            threadPool: application.threadPool, origin: { Origin() })
    }

    /// The same context on another database: the transaction a piece of work runs in.
    package func on(_ database: any Database) -> ServiceContext {
        ServiceContext(
            database: database, actor: actor, state: state, logger: logger, threadPool: threadPool,
            origin: currentOrigin)
    }

    /// Runs `work` in a transaction, with a context whose database is that transaction.
    ///
    /// Inside another transaction the work runs under a savepoint: when it fails, only its own writes are undone and
    /// the enclosing transaction stays usable. A caller that answers a caught unique violation as a conflict (two
    /// people creating the same thing at once) is then safe anywhere; without it PostgreSQL aborts the enclosing
    /// transaction, and its COMMIT silently rolls back everything done before and after (issue #21 item 2).
    package func transaction<T: Sendable>(_ work: @escaping @Sendable (ServiceContext) async throws -> T)
        async throws -> T
    {
        guard database.inTransaction, let sql = database as? any SQLDatabase else {
            return try await database.transaction { database in try await work(self.on(database)) }
        }
        let name = "cairn_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await sql.raw("SAVEPOINT \(unsafeRaw: name)").run()
        do {
            let result = try await work(self)
            try await sql.raw("RELEASE SAVEPOINT \(unsafeRaw: name)").run()
            return result
        } catch {
            try? await sql.raw("ROLLBACK TO SAVEPOINT \(unsafeRaw: name)").run()
            try? await sql.raw("RELEASE SAVEPOINT \(unsafeRaw: name)").run()
            throw error
        }
    }

    package func requireActor() throws -> Actor {
        guard let actor else { throw Abort(.unauthorized) }
        return actor
    }

    package var now: Date { state.collaborators.now() }
    package func newID() -> UUID { state.collaborators.newID() }
    package var cipher: EnvelopeCipher { state.cipher }
    package var configuration: CairnConfiguration { state.configuration }

    /// The address of a page, absolute, for email and calendar files.
    package func link(_ url: SiteURL) -> String { state.link(url) }

    /// Appends to the audit trail, on this context's database unless told another: who (the actor, or `actorID`
    /// when someone not yet signed in is named), from where, and what happened.
    package func audit(
        _ action: some AuditAction, resourceType: AuditResource, resourceID: String? = nil, subject: UUID? = nil,
        outcome: AuditEvent.Outcome = .success, reason: String? = nil, actorID: UUID? = nil,
        on database: (any Database)? = nil
    ) async throws {
        let origin = currentOrigin()
        let event = AuditEvent(
            action: action, resourceType: resourceType, resourceID: resourceID, subjectID: subject, outcome: outcome,
            actorID: actorID ?? actor?.personID, actorRoles: actor?.sortedRoleNames ?? [], reason: reason,
            requestID: origin.requestID, sessionHash: origin.sessionHash, addressHash: origin.addressHash)
        try await AuditLog.append(event, at: now, cipher: cipher, on: database ?? self.database)
    }
}
