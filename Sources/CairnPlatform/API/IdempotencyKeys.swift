import Crypto
import Fluent
import Foundation
import Vapor

/// `Idempotency-Key` on every POST of the API (issue #14 item 4): a client that sends a key and then retries with
/// the same key (a time-out, a dropped connection) gets the first answer again, marked `Idempotent-Replayed: true`,
/// and nothing is done twice. It is one middleware on the API's routes, so no operation has to remember it.
///
/// - The key is the client's (1 to 255 visible ASCII characters; a UUID is a good choice), scoped to the signed-in
///   person and kept a day (`retention`); only its hash is stored.
/// - The same key with a different request (another operation or another body) is a 409: a key names one request.
/// - The same key while the first request is still running is a 409 with Retry-After.
/// - An answer that refused the request (4xx, or 503: nothing was done) frees the key, so the corrected or later
///   retry runs. A success (2xx) is kept, its body sealed like every support record, and replayed.
/// - A request that failed in an unknown way (a 500, or the process stopped mid-way) keeps the key as "outcome
///   unknown": a retry gets a 409 saying so, never a second run that might create twice. The client checks (a GET)
///   and, if nothing was made, sends the request with a new key.
package struct IdempotencyKeys: AsyncMiddleware {
    package static let header = "Idempotency-Key"
    package static let replayedHeader = "Idempotent-Replayed"
    /// How long a key is remembered (housekeeping deletes older ones; an older one is never replayed).
    package static let retention: TimeInterval = 24 * 60 * 60
    /// The answer's headers a replay repeats; the rest (dates, request ids, security headers) are the replay's own.
    static let keptHeaders = ["Content-Type", "Location", "ETag", "Content-Disposition"]

    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST else { return try await next.respond(to: request) }
        let values = request.headers[Self.header]
        guard let key = values.first else { return try await next.respond(to: request) }
        guard values.count == 1, Self.isWellFormed(key) else {
            throw Abort(
                .badRequest,
                reason: "Send one Idempotency-Key of 1 to 255 visible ASCII characters (a UUID is a good choice).")
        }
        // The policy gate has already refused a visitor wherever an operation needs someone signed in; an operation
        // open to visitors has nobody to scope a key to, so it runs as if no key had been sent.
        guard let actor = request.actor else { return try await next.respond(to: request) }

        let now = request.application.cairn.collaborators.now()
        let claim = IdempotentResponse(
            personID: actor.personID, keyHash: Self.keyHash(key, personID: actor.personID),
            fingerprint: Self.fingerprint(of: request), createdAt: now)
        if let earlier = try await claim.claim(now: now, on: request.db) {
            return try earlier.replay(to: claim, request: request)
        }

        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            await claim.settle(status: ErrorResponder.classify(ErrorResponder.unwrap(error)).0, on: request)
            throw error
        }
        guard (200..<300).contains(response.status.code) else {
            await claim.settle(status: response.status, on: request)
            return response
        }
        let body = try await response.body.collect(on: request.eventLoop).get() ?? ByteBuffer()
        response.body = .init(buffer: body)
        await claim.keep(response, body: body, on: request)
        return response
    }

    /// 1 to 255 characters from `!` to `~`: visible ASCII, no spaces (RFC 9110 token-like, and never a NUL).
    package static func isWellFormed(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        return (1...255).contains(bytes.count) && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }

    package static func keyHash(_ key: String, personID: UUID) -> String {
        hex(SHA256.hash(data: Data("\(personID.uuidString.lowercased())\n\(key)".utf8)))
    }

    /// The request a key names: method, path with its query, and body bytes.
    static func fingerprint(of request: Request) -> String {
        fingerprint(method: request.method, url: request.url.string, body: request.body.data.map { Data(buffer: $0) })
    }

    package static func fingerprint(method: HTTPMethod, url: String, body: Data?) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(method.rawValue) \(url)\n".utf8))
        if let body { hasher.update(data: body) }
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}

/// One `Idempotency-Key` as used by one person: what it was sent with, and once it succeeded, the answer (sealed).
package final class IdempotentResponse: Model, @unchecked Sendable {
    package static let schema = "idempotent_responses"

    package enum State: String, Sendable {
        /// The first request with the key is being answered.
        case running
        /// It succeeded; `status`, `headers` and `body` are its answer.
        case done
        /// It failed in a way that does not say whether anything was done (a 500, or the process stopped).
        case unknown
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "key_hash") package var keyHash: String
    @Field(key: "fingerprint") package var fingerprint: String
    @Field(key: "state") package var state: String
    @OptionalField(key: "status") package var status: Int?
    /// The kept answer headers as JSON pairs, e.g. `[["Content-Type","application/json"]]`.
    @OptionalField(key: "headers") package var headers: String?
    /// The answer's body, base64, sealed.
    @OptionalField(key: "body") package var body: String?
    /// Seconds since 1970 (an integer compares the same way on both databases).
    @Field(key: "created_at") package var createdAt: Int64

    package init() {}

    package init(personID: UUID, keyHash: String, fingerprint: String, createdAt: Date) {
        id = UUID()
        self.personID = personID
        self.keyHash = keyHash
        self.fingerprint = fingerprint
        state = State.running.rawValue
        self.createdAt = Int64(createdAt.timeIntervalSince1970.rounded(.down))
    }

    /// Stores this claim on the key, or returns the earlier request's record when the key is taken. A record past
    /// `retention` (housekeeping has not reached it yet) is deleted and the claim made again.
    func claim(now: Date, on database: any Database) async throws -> IdempotentResponse? {
        for _ in 0..<3 {
            do {
                try await create(on: database)
                return nil
            } catch  where ErrorResponder.isConstraintRace(error) {
                guard
                    let earlier = try await IdempotentResponse.query(on: database)
                        .filter(\.$personID == personID).filter(\.$keyHash == keyHash).first()
                else { continue }  // deleted in between: claim again
                let oldest = Int64(now.addingTimeInterval(-IdempotencyKeys.retention).timeIntervalSince1970)
                guard earlier.createdAt < oldest else { return earlier }
                try await IdempotentResponse.query(on: database).filter(\.$id == earlier.requireID()).delete()
            }
            id = UUID()
            $id.exists = false
        }
        throw Abort(.conflict, reason: "This Idempotency-Key is being used by another request just now. Try again.")
    }

    /// The earlier answer for `claim`'s request, or a 409 when the key named another request or has no answer.
    func replay(to claim: IdempotentResponse, request: Request) throws -> Response {
        guard fingerprint == claim.fingerprint else {
            throw Abort(
                .conflict,
                reason:
                    "This Idempotency-Key was already used for a different request (another operation or body). "
                    + "Use a new key for a new request.")
        }
        switch State(rawValue: state) {
        case .done:
            let status = HTTPResponseStatus(statusCode: self.status ?? 200)
            var headers = HTTPHeaders()
            for pair in (try? JSONDecoder().decode([[String]].self, from: Data((self.headers ?? "[]").utf8))) ?? []
            where pair.count == 2 {
                headers.add(name: pair[0], value: pair[1])
            }
            headers.replaceOrAdd(name: IdempotencyKeys.replayedHeader, value: "true")
            var bytes = ByteBuffer()
            if body != nil, let text = try opened(\.$body, with: request.application.cairn.cipher),
                let data = Data(base64Encoded: text)
            {
                bytes = ByteBuffer(data: data)
            }
            return Response(status: status, headers: headers, body: .init(buffer: bytes))
        case .running:
            throw Abort(
                .conflict, headers: ["Retry-After": "5"],
                reason:
                    "The first request with this Idempotency-Key is still being answered. Try again in a few seconds.")
        case .unknown, nil:
            throw Abort(
                .conflict,
                reason:
                    "The first request with this Idempotency-Key failed part way, so whether it took effect is not "
                    + "known. Check (for example with a GET) before sending it again with a new key.")
        }
    }

    /// After an answer that was not a success: a refusal (4xx) or a 503 did nothing, so the key is freed for a
    /// retry; anything else leaves the outcome unknown. Best effort: if the database is gone, the key stays running
    /// and a retry is told to wait (it ends with the key's day).
    func settle(status: HTTPResponseStatus, on request: Request) async {
        let refused = (400..<500).contains(status.code) || status == .serviceUnavailable
        do {
            if refused {
                try await delete(on: request.db)
            } else {
                state = State.unknown.rawValue
                try await update(on: request.db)
            }
        } catch {
            request.logger.warning(
                "idempotency key not settled", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// After a success: the answer, to replay. The work is done whatever happens here, so a failure to keep the
    /// answer is logged, never thrown: the key then stays "running" and a retry is told to wait, never run again.
    func keep(_ response: Response, body: ByteBuffer, on request: Request) async {
        do {
            state = State.done.rawValue
            status = Int(response.status.code)
            let pairs = IdempotencyKeys.keptHeaders.flatMap { name in response.headers[name].map { [name, $0] } }
            headers = String(decoding: try JSONEncoder().encode(pairs), as: UTF8.self)
            try seal(Data(buffer: body).base64EncodedString(), into: \.$body, with: request.application.cairn.cipher)
            try await update(on: request.db)
        } catch {
            request.logger.warning("idempotent answer not kept", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// Housekeeping: keys older than `retention`.
    package static func purge(now: Date, on database: any Database) async throws {
        let oldest = Int64(now.addingTimeInterval(-IdempotencyKeys.retention).timeIntervalSince1970)
        try await IdempotentResponse.query(on: database).filter(\.$createdAt < oldest).delete()
    }
}

extension IdempotentResponse: DeclaresPersonalData {
    package static var personalData: PersonalData {
        PersonalData(
            whose: [.person("person_id")], sealed: ["body"],
            plain: [
                "key_hash": PlainBecause.hash, "fingerprint": PlainBecause.hash, "state": PlainBecause.code,
                "headers": "the answer's content type and location, which Cairn writes itself",
            ], erasure: .delete)
    }
}
