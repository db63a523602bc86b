import Fluent
import FluentPostgresDriver
import NIOCore
import NIOPosix
import OpenAPIRuntime
import Plot
import Vapor

/// Turns every error into a response a person or a client can act on, and leaks nothing.
///
/// The JSON API (`/api/…`) answers with a problem document; pages answer with a friendly page. Server errors
/// show a generic message and the request id; the technical detail goes to the log only.
public struct ErrorResponder: AsyncMiddleware {
    package let pageContext: @Sendable (Request) -> PageContext

    public init(pageContext: @escaping @Sendable (Request) -> PageContext) {
        self.pageContext = pageContext
    }

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await response(for: error, request: request)
        }
    }

    package func response(for error: any Error, request: Request) async -> Response {
        let error = Self.unwrap(error)
        let (status, detail) = Self.classify(error)
        if status.code >= 500 {
            request.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
        } else if Self.isConstraintRace(error) {
            // A race the code did not foresee: the client hears 409; the log names the constraint for a fix.
            request.logger.warning("write refused by a constraint", metadata: ["error": "\(String(reflecting: error))"])
        } else {
            request.logger.debug("request refused", metadata: ["status": "\(status.code)"])
        }
        let requestID = request.id
        do {
            if Self.wantsProblem(request) {
                var problem = Problem(status: status, detail: detail, requestId: requestID)
                problem.errors = (error as? ValidationFailure)?.problems
                let response = try problem.response(for: request)
                if let abort = error as? any AbortError { response.headers.add(contentsOf: abort.headers) }
                return Self.retryLater(response)
            }
            let page = ErrorPage(status: status, detail: detail, requestID: requestID)
            // An error page never repeats what the address says an earlier action did.
            var context = pageContext(request)
            context.notice = nil
            let response = try await HTMLPage(status: status, document: page.document(context: context))
                .encodeResponse(for: request)
            if let abort = error as? any AbortError { response.headers.add(contentsOf: abort.headers) }
            return Self.retryLater(response)
        } catch {
            return Response(status: .internalServerError, body: .init(string: "Something went wrong."))
        }
    }

    /// Every 503 says when to try again (a busy writer says 5 s itself; an unreachable database, 30 s).
    static func retryLater(_ response: Response) -> Response {
        if response.status == .serviceUnavailable, response.headers.first(name: "Retry-After") == nil {
            response.headers.replaceOrAdd(name: "Retry-After", value: "30")
        }
        return response
    }

    /// The generated API server wraps what handlers throw; an error before the handler ran means the request
    /// itself could not be read (a 400, or 415 for a body of the wrong type).
    package static func unwrap(_ error: any Error) -> any Error {
        guard let server = error as? ServerError else { return error }
        if server.underlyingError is any AbortError { return server.underlyingError }
        guard server.operationInput == nil else { return server.underlyingError }
        let cause = "\(server.causeDescription) \(server.underlyingError)".lowercased()
        if cause.contains("content type") || cause.contains("content-type") {
            return Abort(.unsupportedMediaType, reason: "This operation does not accept that content type.")
        }
        return Abort(
            .badRequest, reason: "The request could not be read: check its parameters and body against openapi.yaml.")
    }

    /// The status and the one sentence a person may see. Nothing from a server error is shown.
    package static func classify(_ error: any Error) -> (HTTPResponseStatus, String?) {
        switch error {
        case let abort as any AbortError where abort.status.code < 500:
            return (abort.status, abort.reason == abort.status.reasonPhrase ? nil : abort.reason)
        case let abort as any AbortError:
            return (abort.status, nil)
        case is DecodingError:
            return (.badRequest, "The request body could not be read. Check it matches the documented format.")
        case _ where isDatabaseUnavailable(error):
            return (.serviceUnavailable, databaseUnavailable)
        case _ where isConstraintRace(error):
            return (.conflict, changedMeanwhile)
        default:
            return (.internalServerError, nil)
        }
    }

    package static let databaseUnavailable =
        "The service cannot reach its database just now. Nothing was changed; please try again in a minute."

    package static let changedMeanwhile =
        "Someone else changed this at the same moment, so nothing was saved. Reload to see where things stand, then try again."

    /// A unique, foreign-key or check constraint refused the write (SQLSTATE class 23 on PostgreSQL, a constraint
    /// failure on SQLite). Every such write is checked first in code, so reaching the database means another request
    /// changed the same records in between (two processes, two tabs): the transaction kept nothing, and the answer is
    /// a 409, whichever path forgot to lock. Paths where the race is expected answer their own 409 first.
    package static func isConstraintRace(_ error: any Error) -> Bool {
        (error as? any DatabaseError)?.isConstraintFailure == true
    }

    /// The database cannot be reached (refused, closed, or no connection came within the pool's wait): the service
    /// is unavailable for a while, not broken, so it answers 503 with Retry-After, never a 500.
    package static func isDatabaseUnavailable(_ error: any Error) -> Bool {
        switch error {
        case is ConnectionPoolTimeoutError, is NIOConnectionError, is ChannelError: return true
        case let psql as PSQLError:
            // 57014: a statement ran past `statement_timeout`; 55P03: a lock waited past `lock_timeout`; 40P01 and
            // 40001: PostgreSQL ended the transaction (deadlock, serialisation) and nothing of it was kept.
            if let state = psql.serverInfo?[.sqlState], ["57014", "55P03", "40P01", "40001"].contains(state) {
                return true
            }
            return [.connectionError, .serverClosedConnection, .clientClosedConnection].contains(psql.code)
        case let io as IOError:
            return [ECONNREFUSED, ECONNRESET, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT, EPIPE].contains(io.errnoCode)
        default: return false
        }
    }

    package static func wantsProblem(_ request: Request) -> Bool {
        let path = request.url.path
        if path.hasPrefix("/api/") { return true }
        let accept = request.headers.first(name: .accept) ?? ""
        return accept.contains("application/json") || accept.contains("application/problem+json")
    }
}
