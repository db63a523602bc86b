import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// What a person brings from mentoring to their development portfolio (issue #18 item 4): for each pair they are in,
/// as mentee or as mentor, the programme, how many sessions were held and their time. Facts only: never a session's
/// record, feedback or evaluation, which stay inside the pair.
enum MentoringPortfolio {
    static func facts(for personID: UUID, context: ServiceContext) async throws -> [PortfolioFact] {
        let rows = try await (context.database as! any SQLDatabase).raw(
            """
            SELECT p.id AS pair_id, g.name AS programme,
              CASE WHEN e.person_id = \(bind: personID) THEN 'mentee' ELSE 'mentor' END AS side,
              COUNT(s.id) AS held, CAST(COALESCE(SUM(s.minutes), 0) AS BIGINT) AS minutes, MAX(s.due_on) AS last_day
            FROM mentoring_pairs p
            JOIN mentoring_programmes g ON g.id = p.programme_id
            JOIN mentees e ON e.id = p.mentee_id
            JOIN mentors m ON m.id = p.mentor_id
            JOIN mentoring_sessions s ON s.pair_id = p.id AND s.held_at IS NOT NULL
            WHERE e.person_id = \(bind: personID) OR m.person_id = \(bind: personID)
            GROUP BY p.id, g.name, e.person_id
            ORDER BY g.name LIMIT 50
            """
        ).all()
        return try rows.map { row in
            let held = try row.decode(column: "held", as: Int.self)
            let side = try row.decode(column: "side", as: String.self)
            return PortfolioFact(
                source: "mentoring",
                reference: try row.decode(column: "pair_id", as: UUID.self).uuidString.lowercased(),
                day: try row.decode(column: "last_day", as: String?.self) ?? "",
                title: "Mentoring (\(side == "mentee" ? "as mentee" : "as mentor")): "
                    + "\(try row.decode(column: "programme", as: String.self)), \(held) "
                    + (held == 1 ? "session" : "sessions") + " held",
                minutes: try row.decode(column: "minutes", as: Int.self), kind: .cpd)
        }
    }
}
