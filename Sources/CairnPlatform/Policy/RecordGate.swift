import Vapor

/// Record-level policy in the gate (issue #12, item 3): a route that acts on one record declares how to load it.
/// `PolicyGate` loads the record named in the path, asks the policy with the actor's standing to it, and hands the
/// authorised record to the handler (`request.authorisedRecord(_:)`), so no handler can forget the check.
///
/// A refused actor gets a 404 (a record someone may not act on does not exist for them), audited as denied, unless
/// the loader says what to show instead (the break-glass offer, or a 409 for a request someone already holds).
package struct RecordLoader: Sendable {
    /// What an audit entry says about the record.
    package struct Described: Sendable {
        package var type: AuditResource
        package var id: String
        package var subject: UUID?

        package init(type: AuditResource, id: String, subject: UUID? = nil) {
            self.type = type
            self.id = id
            self.subject = subject
        }
    }

    /// The path parameter that names the record.
    package var parameter: String
    package var load: @Sendable (UUID, Request) async throws -> (any Sendable)?
    package var standing: @Sendable (any Sendable, Actor, Request) async throws -> Policy.Resource
    package var describe: @Sendable (any Sendable) -> Described
    /// What a refused actor is answered instead of a 404; nil means the 404.
    package var refusal: (@Sendable (any Sendable, Actor, Request) async throws -> Response?)?
    /// How a visitor stands to the record, for actions with a visitors' rule; nil: visitors never reach it.
    package var visitorStanding: (@Sendable (any Sendable, Request) async throws -> Policy.Resource)?

    /// A loader for one model type; the closures receive the typed record.
    package static func of<Record: Sendable>(
        _ type: Record.Type, parameter: String, load: @escaping @Sendable (UUID, Request) async throws -> Record?,
        standing: @escaping @Sendable (Record, Actor, Request) async throws -> Policy.Resource,
        describe: @escaping @Sendable (Record) -> Described,
        refusal: (@Sendable (Record, Actor, Request) async throws -> Response?)? = nil,
        visitorStanding: (@Sendable (Record, Request) async throws -> Policy.Resource)? = nil
    ) -> RecordLoader {
        let erasedLoad: @Sendable (UUID, Request) async throws -> (any Sendable)? = { id, request in
            try await load(id, request)
        }
        let erasedStanding: @Sendable (any Sendable, Actor, Request) async throws -> Policy.Resource = {
            record, actor, request in
            try await standing(record as! Record, actor, request)
        }
        let erasedDescribe: @Sendable (any Sendable) -> Described = { record in describe(record as! Record) }
        var erasedRefusal: (@Sendable (any Sendable, Actor, Request) async throws -> Response?)?
        if let refusal {
            erasedRefusal = { record, actor, request in try await refusal(record as! Record, actor, request) }
        }
        var erasedVisitorStanding: (@Sendable (any Sendable, Request) async throws -> Policy.Resource)?
        if let visitorStanding {
            erasedVisitorStanding = { record, request in try await visitorStanding(record as! Record, request) }
        }
        return RecordLoader(
            parameter: parameter, load: erasedLoad, standing: erasedStanding, describe: erasedDescribe,
            refusal: erasedRefusal, visitorStanding: erasedVisitorStanding)
    }

    fileprivate struct AuthorisedRecordKey: StorageKey {
        package typealias Value = any Sendable
    }

    package static let userInfoKey = "cairn.recordLoader"

    /// Loads, decides and stores the record; returns a response when the actor is refused with something to see.
    package func authorise(_ request: Request, action: Action) async throws -> Response? {
        guard let actor = request.actor else { return try await authoriseVisitor(request, action: action) }
        guard let id = request.parameters.get(parameter, as: UUID.self), let record = try await load(id, request)
        else { throw Abort(.notFound) }
        guard Policy.decide(actor, action, on: try await standing(record, actor, request)) == .allow else {
            let described = describe(record)
            try await request.audit(
                action, resourceType: described.type, resourceID: described.id, subject: described.subject,
                outcome: .denied)
            if let response = try await refusal?(record, actor, request) { return response }
            throw Abort(.notFound)
        }
        request.storage[AuthorisedRecordKey.self] = record
        return nil
    }

    /// A visitor on a record: only an action with a visitors' rule and a loader that says how a visitor stands to
    /// the record reaches here (anything else was sent to sign in by the gate); a record they may not see sends them
    /// to sign in (it may be for members), one that does not exist is a 404.
    private func authoriseVisitor(_ request: Request, action: Action) async throws -> Response? {
        guard let visitorStanding, action.admitsVisitors else { throw Abort(.unauthorized) }
        guard let id = request.parameters.get(parameter, as: UUID.self), let record = try await load(id, request)
        else { throw Abort(.notFound) }
        guard Policy.decide(nil, action, on: try await visitorStanding(record, request)) == .allow else {
            if ErrorResponder.wantsProblem(request) { throw Abort(.unauthorized) }
            return request.redirect(to: SiteURL.signIn.path + "?next=" + SignInRedirect.encode(request.url.path))
        }
        request.storage[AuthorisedRecordKey.self] = record
        return nil
    }

    /// Every route whose action is decided on a record, and whose path names one, must say how to load it: a route
    /// registered without a loader stops start-up.
    package static func routesWithoutLoader(_ routes: [Route]) -> [String] {
        routes.filter { route in
            guard let action = route.action, action.isDecidedOnARecord else { return false }
            let namesARecord = route.path.contains { if case .parameter = $0 { true } else { false } }
            return namesARecord && route.recordLoader == nil
        }.map { "\($0.method.rawValue) /\($0.path.map(\.description).joined(separator: "/"))" }
    }
}

extension Route {
    package var recordLoader: RecordLoader? {
        get { userInfo[RecordLoader.userInfoKey] as? RecordLoader }
        set { userInfo[RecordLoader.userInfoKey] = newValue }
    }
}

extension Request {
    /// The record `PolicyGate` loaded and the policy allowed for this request's route.
    package func authorisedRecord<Record>(_ type: Record.Type) throws -> Record {
        guard let record = storage[RecordLoader.AuthorisedRecordKey.self] as? Record else {
            logger.error("a handler asked for a record its route does not load")
            throw Abort(.internalServerError)
        }
        return record
    }
}

extension RoutesBuilder {
    /// A route that acts on one record: the gate loads it and decides with it before `handler` runs.
    @discardableResult
    package func on<Response: AsyncResponseEncodable>(
        _ url: SiteURL, _ method: HTTPMethod = .GET, action: Action, record loader: RecordLoader,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = on(url, method, action: action, use: handler)
        route.recordLoader = loader
        return route
    }
}
