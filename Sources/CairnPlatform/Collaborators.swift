import Foundation

/// What the application asks of the outside world, passed in so tests can fix time and ids.
///
/// No global mutable state: the app holds one value of this, set when it is built.
public struct Collaborators: Sendable {
    public var now: @Sendable () -> Date
    public var newID: @Sendable () -> UUID
    /// Waits before answering (the sign-in slow-down); tests pass one that records instead of sleeping.
    public var pause: @Sendable (Duration) async -> Void

    public init(
        now: @escaping @Sendable () -> Date, newID: @escaping @Sendable () -> UUID,
        pause: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }
    ) {
        self.now = now
        self.newID = newID
        self.pause = pause
    }

    public static let live = Collaborators(now: { Date() }, newID: { UUID() })
}
