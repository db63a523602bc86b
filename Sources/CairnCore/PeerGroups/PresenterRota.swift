public import Foundation

/// Who brings a case next time: rotating fairly among those coming. The one who has presented least often goes
/// first; between equals, the one whose last turn is longest ago (never before all); then by name, so the
/// suggestion is the same on every page load. The facilitator may choose someone else: it is a suggestion.
public enum PresenterRota {
    public struct Candidate: Sendable, Equatable {
        public var id: UUID
        public var name: String
        public var times: Int
        public var lastPresented: Date?

        public init(id: UUID, name: String, times: Int, lastPresented: Date?) {
            self.id = id
            self.name = name
            self.times = times
            self.lastPresented = lastPresented
        }
    }

    /// The candidates in the order they should present.
    public static func order(_ candidates: [Candidate]) -> [Candidate] {
        candidates.sorted { a, b in
            if a.times != b.times { return a.times < b.times }
            switch (a.lastPresented, b.lastPresented) {
            case (nil, .some): return true
            case (.some, nil): return false
            case (.some(let x), .some(let y)) where x != y: return x < y
            default: return (a.name, a.id.uuidString) < (b.name, b.id.uuidString)
            }
        }
    }
}
