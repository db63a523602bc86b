public import Foundation

/// The promise to answer a self-referral within a number of working days (5 in Thames Valley's published
/// standard; configurable per organisation).
public struct FirstContactClock: Sendable {
    public var workingDays: WorkingDays
    public var allowance: Int

    public init(workingDays: WorkingDays, allowance: Int = 5) {
        self.workingDays = workingDays
        self.allowance = allowance
    }

    public enum Standing: String, Sendable, Equatable {
        /// Contacted, within the allowance or not: the clock has stopped.
        case met
        case missed
        /// Not yet contacted.
        case onTrack = "on_track"
        case dueToday = "due_today"
        case overdue
    }

    public func due(receivedAt received: Date) -> CalendarDay {
        workingDays.adding(allowance, to: received)
    }

    public func standing(receivedAt received: Date, contactedAt contacted: Date?, now: Date) -> Standing {
        let due = due(receivedAt: received)
        if let contacted {
            return workingDays.day(of: contacted) <= due ? .met : .missed
        }
        let today = workingDays.day(of: now)
        if today < due { return .onTrack }
        return today == due ? .dueToday : .overdue
    }

    /// Working days taken to first contact (for the team's median and 90th percentile).
    public func workingDaysTaken(receivedAt received: Date, contactedAt contacted: Date) -> Int {
        workingDays.count(from: received, to: contacted)
    }
}
