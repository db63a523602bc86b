public import Foundation

/// What the application asks of the outside world, passed in so tests can fix time and ids.
///
/// No global mutable state: the app holds one value of this, set when it is built.
public struct Collaborators: Sendable {
    public var now: @Sendable () -> Date
    public var newID: @Sendable () -> UUID

    public init(now: @escaping @Sendable () -> Date, newID: @escaping @Sendable () -> UUID) {
        self.now = now
        self.newID = newID
    }

    public static let live = Collaborators(now: { Date() }, newID: { UUID() })
}
