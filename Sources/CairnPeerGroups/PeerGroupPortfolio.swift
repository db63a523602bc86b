import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// What a person brings from peer groups to their development portfolio (issue #18 item 4).
enum PeerGroupPortfolio {
    /// Their newest 100 reflections, opened (they are the author: this is read only for them), and per group the
    /// meetings they attended and the minutes, counted in SQL.
    static func facts(for personID: UUID, context: ServiceContext) async throws -> [PortfolioFact] {
        let reflections = try await Reflection.query(on: context.database).filter(\.$authorID == personID)
            .sort(\.$writtenOn, .descending).limit(100).all()
        let service = ReflectionService(context: context)
        var facts: [PortfolioFact] = []
        for reflection in reflections {
            let opened = try await service.open(reflection)
            let document = ReflectionExport.document(opened)
            facts.append(
                PortfolioFact(
                    source: "reflection", reference: try reflection.requireID().uuidString.lowercased(),
                    day: reflection.writtenOn, title: "Reflection: \(opened.content.title)",
                    minutes: reflection.cpdMinutes,
                    kind: opened.model.id == ReflectiveModel.nmcAccount.id ? .reflectiveAccount : .cpd,
                    content: ReflectionExport.markdown(document)))
        }
        let rows = try await (context.database as! any SQLDatabase).raw(
            """
            SELECT g.id AS group_id, g.name AS name, COUNT(*) AS meetings, CAST(SUM(m.minutes) AS BIGINT) AS minutes,
              MAX(m.day) AS last_day
            FROM peer_meeting_places p JOIN peer_meetings m ON m.id = p.meeting_id JOIN peer_groups g ON g.id = m.group_id
            WHERE p.person_id = \(bind: personID) AND p.status = \(bind: MeetingPlace.Status.attended.rawValue)
            GROUP BY g.id, g.name ORDER BY g.name LIMIT 50
            """
        ).all()
        for row in rows {
            let meetings = try row.decode(column: "meetings", as: Int.self)
            facts.append(
                PortfolioFact(
                    source: "peer_group",
                    reference: try row.decode(column: "group_id", as: UUID.self).uuidString
                        .lowercased(),
                    day: try row.decode(column: "last_day", as: String.self),
                    title: "Peer group: \(try row.decode(column: "name", as: String.self)), attended \(meetings) "
                        + (meetings == 1 ? "meeting" : "meetings"),
                    minutes: try row.decode(column: "minutes", as: Int?.self) ?? 0, kind: .cpd))
        }
        return facts
    }
}
