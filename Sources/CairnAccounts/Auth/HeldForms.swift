import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// A form sent after its session lapsed (issue #20 item 6, WCAG 2.2.5): kept, sealed, for the person whose session
/// it was, for an hour; after they sign in again they see what they typed and send it on (or discard it). Only a
/// form that carried the lapsed session's own token from this site is kept, so nothing another site makes a
/// browser send is ever held or replayed; it goes to the same address only when its person presses "Send".
package final class HeldForm: Model, @unchecked Sendable {
    package static let schema = "held_forms"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: UUID
    /// The local path the form was sent to.
    @Field(key: "path") package var path: String
    /// The form's fields as sent (URL-encoded), without its token. Sealed.
    @Field(key: "body") package var body: String
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "expires_at") package var expiresAt: Date

    package init() {}
}

extension HeldForm: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")], sealed: ["body"],
        plain: ["path": "the page's own address the form was sent to (ids, never what was typed)"], erasure: .delete)
}

package enum HeldForms {
    package static let cookie = "cairn_held"
    package static let lifetime: TimeInterval = 3_600
    /// Larger forms (and file uploads) are not kept: the sign-in page still says why they were signed out.
    package static let largest = 64 * 1_024
    /// Forms that are about the session itself are never kept.
    static var notKept: Set<String> {
        [SiteURL.signIn.path, SiteURL.signOut.path, SiteURL.sessionKeepAlive.path, SiteURL.secondFactor.path]
    }

    private static func binding(_ id: UUID) -> EnvelopeCipher.Binding {
        .init(table: HeldForm.schema, recordID: id, field: "body")
    }

    /// A form sent with a lapsed session's own token: kept if it can be, then on to sign in (or, signed in again
    /// already in another tab, straight to it), and back to it after.
    package static func hold(_ request: Request, lapsed: LapsedSession, signedIn: Bool) async throws -> Response {
        let signIn = signedIn ? SiteURL.heldForm.path : SiteURL.signIn.path + "?notice=expired"
        let path = request.url.path
        guard !notKept.contains(path), SignInRedirect.localPath(path) == path,
            request.headers.contentType == .urlEncodedForm,
            let buffer = request.body.data, buffer.readableBytes <= largest,
            let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes)
        else { return request.redirect(to: signIn) }
        // The old token is dropped: the form is sent on with the new session's.
        let fields = URLEncodedPairs.decode(text).filter { $0.name != CSRFGuard.fieldName }
        // A password or a security code is never kept (the page that gives the form back shows what was typed).
        guard !fields.contains(where: { $0.name.lowercased().contains("password") || $0.name == "code" }) else {
            return request.redirect(to: signIn)
        }
        let state = request.application.cairn
        let now = state.collaborators.now()
        // One kept form a person: a later one (another tab) replaces it, so they are never many nor hidden.
        try await HeldForm.query(on: request.db).filter(\.$personID == lapsed.personID).delete()
        let held = HeldForm()
        let id = state.collaborators.newID()
        held.id = id
        held.personID = lapsed.personID
        held.path = path
        held.body = try state.cipher.seal(URLEncodedPairs.encode(fields), for: binding(id))
        held.createdAt = now
        held.expiresAt = now.addingTimeInterval(lifetime)
        try await held.create(on: request.db)
        let response = request.redirect(
            to: signedIn ? SiteURL.heldForm.path : signIn + "&next=" + SignInRedirect.encode(SiteURL.heldForm.path))
        response.cookies[cookie] = HTTPCookies.Value(
            string: id.uuidString.lowercased(), maxAge: Int(lifetime), path: "/",
            isSecure: state.configuration.baseURL.scheme == "https", isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// The form the browser holds a cookie for, if it is the signed-in person's and still kept. It stays until it is
    /// discarded, replaced or an hour is up (a reload shows it again); sending it is the page's own business.
    package static func find(_ request: Request) async throws -> HeldForm? {
        guard let actor = request.actor, let id = request.cookies[cookie].flatMap({ UUID(uuidString: $0.string) }),
            let held = try await HeldForm.find(id, on: request.db), held.personID == actor.personID,
            held.expiresAt > request.application.cairn.collaborators.now()
        else { return nil }
        return held
    }

    package static func fields(of held: HeldForm, request: Request) throws -> [(name: String, value: String)] {
        let text = try request.application.cairn.cipher.open(held.body, for: binding(try held.requireID()))
        return URLEncodedPairs.decode(text)
    }

    package static func purgeExpired(now: Date, on database: any Database) async throws {
        try await HeldForm.query(on: database).filter(\.$expiresAt < now).delete()
        try await LapsedSignIn.query(on: database).filter(\.$expiresAt < now).delete()
    }
}

/// `/session/…`: the time-out warning's question and "Stay signed in", and the page that gives back a form sent
/// after the session lapsed.
package struct SessionController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.sessionRemaining, action: .checkSession, use: remaining)
        routes.on(
            .sessionKeepAlive, .POST, action: .keepSessionAlive, after: .quiet("answers the page's script with JSON"),
            use: keepAlive)
        routes.on(.heldForm, action: .viewOwnAccount, use: showHeld)
        routes.on(
            .heldFormDiscard, .POST, action: .manageOwnAccount,
            after: .says("held-form-discarded", "What you typed is discarded."), use: discardHeld)
    }

    private struct Remaining: Content {
        var seconds: Int
        /// False when the session's absolute end comes first: "Stay signed in" cannot help then.
        var renewable: Bool
    }

    /// How long is left, as JSON (this request does not count as activity); 0 when signed out.
    @Sendable func remaining(request: Request) async throws -> Response {
        let store = SessionStore(request: request)
        let signedIn = request.actor?.isFullySignedIn == true
        return try await Remaining(
            seconds: signedIn ? store.remainingSeconds() : 0, renewable: signedIn && store.isRenewable()
        ).encodeResponse(for: request)
    }

    /// "Stay signed in": the session counts as used now; the time left comes back.
    @Sendable func keepAlive(request: Request) async throws -> Response {
        let store = SessionStore(request: request)
        try await store.keepAlive()
        return try await Remaining(seconds: store.remainingSeconds(), renewable: store.isRenewable())
            .encodeResponse(for: request)
    }

    @Sendable func showHeld(request: Request) async throws -> Response {
        let home = RoleHome.start(for: request.actor?.roles ?? [], in: request.application.cairn.features)
        guard let held = try await HeldForms.find(request) else { return request.redirect(to: home) }
        return try await request.page(
            "Send what you typed",
            HeldFormPage.render(
                path: held.path, fields: try HeldForms.fields(of: held, request: request),
                sent: request.displayTime(held.createdAt), csrf: request.csrfToken)
        ).encodeResponse(for: request)
    }

    @Sendable func discardHeld(request: Request) async throws -> Response {
        // The same lookup as the page (the signed-in person's own, still kept), then gone.
        try await HeldForms.find(request)?.delete(on: request.db)
        let response = request.redirect(
            to: RoleHome.start(for: request.actor?.roles ?? [], in: request.application.cairn.features))
        response.cookies[HeldForms.cookie] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isHTTPOnly: true, sameSite: .lax)
        return response
    }
}

/// The page after signing in again: what was typed, and one button that sends it where it was going.
package enum HeldFormPage {
    /// "ownWords" → "Own words".
    static func label(_ name: String) -> String {
        var words = ""
        for character in name.replacingOccurrences(of: "[]", with: "") {
            if character.isUppercase, !words.isEmpty { words.append(" ") }
            words.append(contentsOf: character.lowercased())
        }
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    package static func render(path: String, fields: [(name: String, value: String)], sent: String, csrf: String)
        -> Node<HTML.BodyContext>
    {
        let shown = fields.filter {
            !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && $0.name != "version"
        }
        return .group(
            .h1(.text("Send what you typed")),
            .p(
                .text(
                    "This was sent at \(sent), after you had been signed out, so it was kept for you. Check it is "
                        + "yours, then send it: the page checks it again as if you had just pressed its button.")),
            .p(.text("It was going to \(path).")),
            .el(
                "dl", .class("summary-list"),
                .forEach(shown) { field in
                    .div(
                        .class("summary-list__row"), .el("dt", .text(label(field.name))),
                        .el("dd", .class("prose"), .text(field.value)))
                }),
            .el(
                "form", .attr("method", "post"), .attr("action", path),
                .void("input", [.attr("type", "hidden"), .attr("name", Forms.csrfFieldName), .attr("value", csrf)]),
                .forEach(fields) { field in
                    .void("input", [.attr("type", "hidden"), .attr("name", field.name), .attr("value", field.value)])
                },
                Forms.submit("Send it")),
            Forms.form(action: SiteURL.heldFormDiscard.path, csrf: csrf, Forms.submit("Discard it", secondary: true))
        )
    }
}
