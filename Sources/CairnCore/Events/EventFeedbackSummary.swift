import Foundation

/// What organisers see of an event's feedback: nothing below five responses (a figure from one to four people tells
/// who said it), and the comments only once five people have written one; never names, never when.
public struct EventFeedbackSummary: Sendable, Equatable {
    public static let threshold = 5

    /// The sums the database gives (one row per event): responses, the two scores' totals, how many scored
    /// usefulness 4 or 5, and how many wrote a comment.
    public struct Sums: Sendable, Equatable {
        public var responses: Int
        public var ratingTotal: Int
        public var usefulnessTotal: Int
        public var foundUseful: Int
        public var comments: Int

        public init(responses: Int, ratingTotal: Int, usefulnessTotal: Int, foundUseful: Int, comments: Int) {
            self.responses = responses
            self.ratingTotal = ratingTotal
            self.usefulnessTotal = usefulnessTotal
            self.foundUseful = foundUseful
            self.comments = comments
        }

        public static let none = Sums(responses: 0, ratingTotal: 0, usefulnessTotal: 0, foundUseful: 0, comments: 0)
    }

    /// Shown as counted, or "fewer than five".
    public enum Figure<Value: Sendable & Equatable>: Sendable, Equatable {
        case shown(Value)
        case suppressed
    }

    public var responses: Figure<Int>
    /// Means to one decimal place.
    public var meanRating: Figure<Double>
    public var meanUsefulness: Figure<Double>
    /// Whole percent who scored usefulness 4 or 5.
    public var foundUsefulPercent: Figure<Int>
    /// Whether the comments may be read (five or more were written, among five or more responses).
    public var commentsShown: Bool

    public init(_ sums: Sums) {
        guard sums.responses >= Self.threshold else {
            responses = .suppressed
            meanRating = .suppressed
            meanUsefulness = .suppressed
            foundUsefulPercent = .suppressed
            commentsShown = false
            return
        }
        let count = Double(sums.responses)
        responses = .shown(sums.responses)
        meanRating = .shown((Double(sums.ratingTotal) / count * 10).rounded() / 10)
        meanUsefulness = .shown((Double(sums.usefulnessTotal) / count * 10).rounded() / 10)
        foundUsefulPercent = .shown(Int((Double(sums.foundUseful) / count * 100).rounded()))
        commentsShown = sums.comments >= Self.threshold
    }

    /// Pools events' sums for a figure across them, counting only events whose own figures are shown: a pooled
    /// figure that included a suppressed event could be taken apart by subtracting the shown ones.
    public static func pooled(_ events: [Sums]) -> Sums {
        events.filter { $0.responses >= threshold }.reduce(Sums.none) { total, sums in
            Sums(
                responses: total.responses + sums.responses, ratingTotal: total.ratingTotal + sums.ratingTotal,
                usefulnessTotal: total.usefulnessTotal + sums.usefulnessTotal,
                foundUseful: total.foundUseful + sums.foundUseful, comments: total.comments + sums.comments)
        }
    }
}
