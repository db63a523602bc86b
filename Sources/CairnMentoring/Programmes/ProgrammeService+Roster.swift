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
