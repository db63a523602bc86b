import Foundation
import Prometheus
import Vapor

/// What the application holds for its lifetime, set once when it is built.
public final class CairnState: @unchecked Sendable {
    // Written once in `CairnApp.build`/`prepare` before the server starts, read-only afterwards.
    public let configuration: CairnConfiguration
    public let collaborators: Collaborators
    package let keyRing: KeyRing
    package let cipher: EnvelopeCipher
    package let passwordHasher: PasswordHasher
    package let metrics = PrometheusCollectorRegistry()
    /// Matching runs in progress.
    package let backgroundWork = BackgroundWork()
    /// The application's features, as the app listed them, and every action they declare.
    package let features: [any Feature]
    package let actions: ActionCatalogue
    private let lock = NSLock()
    private var _organisation: OrganisationSummary?
    private var _notices = NoticeCatalogue()

    package init(
        configuration: CairnConfiguration, collaborators: Collaborators, keyRing: KeyRing, features: [any Feature]
    ) throws {
        self.features = features
        self.actions = try ActionCatalogue(features.flatMap(\.actions))
        self.configuration = configuration
        self.collaborators = collaborators
        self.keyRing = keyRing
        self.cipher = EnvelopeCipher(ring: keyRing, keyFile: configuration.keyFile)
        self.passwordHasher = PasswordHasher(pepper: keyRing.pepper, cost: configuration.passwordCost)
    }

    /// The absolute address of a page, for email and calendar files.
    package func link(_ url: SiteURL) -> String {
        var base = configuration.baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + url.path
    }

    /// Every notice the routes declare (set by `CairnApp.build` once the routes are registered).
    package var notices: NoticeCatalogue {
        get { lock.withLock { _notices } }
        set { lock.withLock { _notices = newValue } }
    }

    /// The organisation this installation serves (set by `CairnApp.prepare`).
    public var organisation: OrganisationSummary? {
        get { lock.withLock { _organisation } }
        set { lock.withLock { _organisation = newValue } }
    }
}

extension Application {
    private struct CairnStateKey: StorageKey {
        package typealias Value = CairnState
    }

    public package(set) var cairn: CairnState {
        get {
            guard let state = storage[CairnStateKey.self] else {
                preconditionFailure("CairnApp.build sets the state before anything reads it")
            }
            return state
        }
        set { storage[CairnStateKey.self] = newValue }
    }
}

extension Request {
    /// The shell's context for this request: organisation name and navigation.
    package var pageContext: PageContext {
        let name = application.cairn.organisation?.name ?? application.cairn.configuration.organisationName
        var context = PageContext(
            organisationName: name, navigation: Navigation.items(for: self), currentPath: url.path)
        context.signOut = headerSignOut
        context.exitThisPage = offersExitThisPage
        context.notice = shownNotice
        return context
    }

    private struct HeaderSignOutKey: StorageKey {
        typealias Value = HeaderSignOut
    }

    /// Set for a person signed in to pages: the header offers them "Sign out".
    package var headerSignOut: HeaderSignOut? {
        get { storage[HeaderSignOutKey.self] }
        set { storage[HeaderSignOutKey.self] = newValue }
    }
}
