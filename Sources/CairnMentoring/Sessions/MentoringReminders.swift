import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// Through the outbox: a reminder to both sides in the day before an agreed session, and a nudge when a session's
/// time passed more than a day ago and nobody said whether it was held. Each is sent once per agreed time. Emails
/// carry times and a link, never anything from the record.
package enum MentoringReminders {
    package static let remindWithin: TimeInterval = 86_400
    package static let nudgeAfter: TimeInterval = 86_400

    package static func run(database: any Database, state: CairnState) async throws {
        let now = state.collaborators.now()
        let due = try await MentoringSession.query(on: database).filter(\.$status == .planned)
            .filter(\.$startsAt != nil).filter(\.$startsAt <= now.addingTimeInterval(remindWithin)).all()
        for session in due {
            guard let startsAt = session.startsAt else { continue }
            let ended = startsAt.addingTimeInterval(Double(session.minutes) * 60)
            let remind = session.remindedAt == nil && startsAt > now
            let nudge = session.nudgedAt == nil && ended.addingTimeInterval(nudgeAfter) < now
            guard remind || nudge,
                let pair = try await MentoringPair.find(session.pairID, on: database), pair.status == .active
            else { continue }
            let names = try await PairLifecycle(database: database, state: state)
                .names(menteeID: pair.menteeID, mentorID: pair.mentorID)
            let link = state.link(.mentoringSession(try session.requireID()))
            let when = DisplayTime.format(startsAt, in: state.configuration.timeZone)
            let sessionID = try session.requireID()
            try await database.transaction { database in
                // Marked first, and only if still unmarked: a second run at the same moment (another process whose
                // lease overlapped) finds it marked and sends nothing.
                let column = remind ? "reminded_at" : "nudged_at"
                let marked = try await (database as! any SQLDatabase).update(MentoringSession.schema)
                    .set(SQLIdentifier(column), to: SQLBind(now)).where("id", .equal, SQLBind(sessionID))
                    .where(SQLIdentifier(column), .is, SQLLiteral.null).returning("id").all()
                guard !marked.isEmpty else { return }
                for (person, other) in [(names.mentor, names.mentee), (names.mentee, names.mentor)] {
                    if remind {
                        try await Outbox.enqueue(
                            to: person.email, subject: "Reminder: mentoring session \(session.number) on \(when)",
                            body: """
                                Hello \(person.displayName),

                                Your mentoring session with \(other.displayName) is on \(when) \
                                (\(session.minutes) minutes). The details and the video link are at \(link)
                                """, now: now, on: database)
                    } else {
                        try await Outbox.enqueue(
                            to: person.email, subject: "Did your mentoring session happen?",
                            body: """
                                Hello \(person.displayName),

                                Your session with \(other.displayName) was planned for \(when). Please say whether it \
                                was held, moved or missed, so the plan stays right: \(link)
                                """, now: now, on: database)
                    }
                }
            }
        }
    }
}
