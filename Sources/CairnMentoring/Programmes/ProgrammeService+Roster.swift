import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// What the programme page shows of its mentors and mentees.
extension ProgrammeService {
    // MARK: What the programme page shows

    package struct MentorRow: Sendable {
        package var id: UUID
        package var name: String
        package var profession: String
        package var languages: [String]
        package var employer: String?
        package var capacity: Int
        package var load: Int
        package var trainedUntil: CalendarDay?
        package var paused: Bool
    }

    package struct MenteeRow: Sendable {
        package var id: UUID
        package var name: String
        package var profession: String
        package var languages: [String]
        package var employer: String?
        package var mentorName: String?
        /// The latest pairing that ended early, with who ended it and why (written for the programme lead).
        package var ended: String?
    }

    package func mentorRows(of programme: MentoringProgramme) async throws -> [MentorRow] {
        let places = try await ProgrammeMentor.query(on: database).filter(\.$programmeID == programme.requireID())
            .all()
        let mentors = try await Mentor.query(on: database).filter(\.$id ~~ places.map(\.mentorID)).all()
        let byID = Dictionary(uniqueKeysWithValues: try mentors.map { (try $0.requireID(), $0) })
        let names = try await Accounts.displayNames(of: mentors.map(\.personID), on: database)
        let training = try await MentoringPeople.trainingValidUntil(of: mentors.compactMap(\.id), on: database)
        return places.compactMap { place -> MentorRow? in
            guard let mentor = byID[place.mentorID] else { return nil }
            return MentorRow(
                id: place.mentorID, name: mentor.givenName ?? names[mentor.personID] ?? "Unknown",
                profession: mentor.profession,
                languages: mentor.languages, employer: mentor.employer, capacity: place.capacity,
                load: place.activeLoad, trainedUntil: training[place.mentorID], paused: mentor.paused)
        }.sorted { $0.name < $1.name }
    }

    package func menteeRows(of programme: MentoringProgramme) async throws -> [MenteeRow] {
        let mentees = try await Mentee.query(on: database).filter(\.$programmeID == programme.requireID()).all()
        let allPairs = try await MentoringPair.query(on: database).filter(\.$programmeID == programme.requireID())
            .sort(\.$publishedAt).all()
        let pairs = allPairs.filter { $0.status == .active }
        var endedText: [UUID: String] = [:]
        for pair in allPairs where pair.status == .declined {
            endedText[pair.menteeID] =
                "Ended by the \(pair.declinedBy ?? "pair"): \(try pair.opened(\.$declineReason, with: state.cipher) ?? "no reason given")"
        }
        let mentorOf = Dictionary(pairs.map { ($0.menteeID, $0.mentorID) }, uniquingKeysWith: { first, _ in first })
        let mentors = try await Mentor.query(on: database).filter(\.$id ~~ pairs.map(\.mentorID)).all()
        let names = try await Accounts.displayNames(
            of: mentees.map(\.personID) + mentors.map(\.personID), on: database)
        let mentorName = Dictionary(
            uniqueKeysWithValues: try mentors.map {
                (try $0.requireID(), $0.givenName ?? names[$0.personID] ?? "Unknown")
            })
        return try mentees.map { mentee in
            let mentorName = mentorOf[try mentee.requireID()].flatMap { mentorName[$0] }
            return MenteeRow(
                id: try mentee.requireID(), name: mentee.givenName ?? names[mentee.personID] ?? "Unknown",
                profession: mentee.profession,
                languages: mentee.languages, employer: mentee.employer, mentorName: mentorName,
                ended: mentorName == nil ? endedText[try mentee.requireID()] : nil)
        }.sorted { $0.name < $1.name }
    }
}

/// One page of a programme's mentors or mentees, in name order, paged in SQL (the API's lists).
extension ProgrammeService {
    package struct RosterPage<Row: Sendable>: Sendable {
        package var rows: [Row]
        package var total: Int
    }

    package func mentorPage(of programme: MentoringProgramme, page: Int, pageSize: Int) async throws
        -> RosterPage<MentorRow>
    {
        let sql = database as! any SQLDatabase
        let programmeID = try programme.requireID()
        let total =
            try await sql.raw(
                "SELECT COUNT(*) AS n FROM programme_mentors WHERE programme_id = \(bind: programmeID)"
            ).first().map { try $0.decode(column: "n", as: Int.self) } ?? 0
        let rows = try await sql.raw(
            """
            SELECT pm.mentor_id, pm.capacity, pm.active_load, m.given_name, m.profession, m.languages, m.employer, \
            m.paused, p.display_name
            FROM programme_mentors pm JOIN mentors m ON m.id = pm.mentor_id JOIN people p ON p.id = m.person_id
            WHERE pm.programme_id = \(bind: programmeID)
            ORDER BY COALESCE(m.given_name, p.display_name), pm.mentor_id
            LIMIT \(bind: pageSize) OFFSET \(bind: (page - 1) * pageSize)
            """
        ).all()
        let ids = try rows.map { try $0.decode(column: "mentor_id", as: UUID.self) }
        let training = try await MentoringPeople.trainingValidUntil(of: ids, on: database)
        return RosterPage(
            rows: try rows.map { row in
                let id = try row.decode(column: "mentor_id", as: UUID.self)
                return MentorRow(
                    id: id,
                    name: try row.decode(column: "given_name", as: String?.self)
                        ?? row.decode(column: "display_name", as: String.self),
                    profession: try row.decode(column: "profession", as: String.self),
                    languages: try row.decode(column: "languages", as: String.self).split(separator: ";").map(
                        String.init),
                    employer: try row.decode(column: "employer", as: String?.self),
                    capacity: try row.decode(column: "capacity", as: Int.self),
                    load: try row.decode(column: "active_load", as: Int.self), trainedUntil: training[id],
                    paused: try row.decode(column: "paused", as: Bool.self))
            }, total: total)
    }

    package struct MenteeListing: Sendable {
        package var row: MenteeRow
        package var mentorID: UUID?
    }

    package func menteePage(of programme: MentoringProgramme, page: Int, pageSize: Int) async throws
        -> RosterPage<MenteeListing>
    {
        let sql = database as! any SQLDatabase
        let programmeID = try programme.requireID()
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM mentees WHERE programme_id = \(bind: programmeID)").first()
            .map { try $0.decode(column: "n", as: Int.self) } ?? 0
        let rows = try await sql.raw(
            """
            SELECT me.id, me.given_name, me.profession, me.languages, me.employer, p.display_name,
            (SELECT pr.mentor_id FROM mentoring_pairs pr WHERE pr.mentee_id = me.id AND pr.status = 'active' \
            ORDER BY pr.published_at LIMIT 1) AS mentor_id
            FROM mentees me JOIN people p ON p.id = me.person_id
            WHERE me.programme_id = \(bind: programmeID)
            ORDER BY COALESCE(me.given_name, p.display_name), me.id
            LIMIT \(bind: pageSize) OFFSET \(bind: (page - 1) * pageSize)
            """
        ).all()
        let mentorIDs = Set(try rows.compactMap { try $0.decode(column: "mentor_id", as: UUID?.self) })
        let mentors = try await Mentor.query(on: database).filter(\.$id ~~ mentorIDs).all()
        let names = try await Accounts.displayNames(of: mentors.map(\.personID), on: database)
        let mentorName = Dictionary(
            uniqueKeysWithValues: try mentors.map { (try $0.requireID(), $0.givenName ?? names[$0.personID] ?? "") })
        return RosterPage(
            rows: try rows.map { row in
                let mentorID = try row.decode(column: "mentor_id", as: UUID?.self)
                return MenteeListing(
                    row: MenteeRow(
                        id: try row.decode(column: "id", as: UUID.self),
                        name: try row.decode(column: "given_name", as: String?.self)
                            ?? row.decode(column: "display_name", as: String.self),
                        profession: try row.decode(column: "profession", as: String.self),
                        languages: try row.decode(column: "languages", as: String.self).split(separator: ";").map(
                            String.init),
                        employer: try row.decode(column: "employer", as: String?.self),
                        mentorName: mentorID.flatMap { mentorName[$0] }, ended: nil),
                    mentorID: mentorID)
            }, total: total)
    }
}
