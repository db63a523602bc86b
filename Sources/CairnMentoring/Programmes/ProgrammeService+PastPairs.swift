import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// A programme's earlier pairs brought into Cairn (issue #14 item 3), so its dashboard shows its past cohorts from
/// the first day. The same file from the page or the API:
///
/// - every line is checked first, against the file and then against the programme (its mentees and mentors, a
///   mentee's one active pair, a mentor's places), and nothing is stored unless all are right;
/// - a pair whose reference is already in the programme is left as it is, so sending the file again imports nothing
///   twice;
/// - no one is told (these pairs are history): no email, no calendar invitation;
/// - the import is one transaction and one audit entry.
extension ProgrammeService {
    package struct PastPairsReport: Sendable, Equatable {
        package var imported: Int
        /// References already in the programme, left as they were.
        package var alreadyThere: [String]
    }

    package func importPastPairs(_ csv: String, into programme: MentoringProgramme) async throws
        -> Result<PastPairsReport, ImportProblems>
    {
        let pairs: [PastPair]
        switch PastPairsImport.read(csv, today: state.today, sessionCount: programme.sessionCount) {
        case .success(let read): pairs = read
        case .failure(let problems): return .failure(problems)
        }
        let programmeID = try programme.requireID()
        let sql = database as! any SQLDatabase
        // References are matched letter case aside, in the file and against the programme: "NES-1" is "nes-1".
        var existing: Set<String> = []
        for chunk in stride(from: 0, to: pairs.count, by: 500) {
            let references = pairs[chunk..<min(chunk + 500, pairs.count)].map { $0.reference.lowercased() }
            let rows = try await sql.select().column("external_reference").from(MentoringPair.schema)
                .where("programme_id", .equal, SQLBind(programmeID))
                .where(SQLFunction("lower", args: SQLColumn("external_reference")), .in, SQLBind.group(references))
                .all()
            for row in rows {
                existing.insert(try row.decode(column: "external_reference", as: String.self).lowercased())
            }
        }
        let alreadyThere = existing
        let fresh = pairs.filter { !alreadyThere.contains($0.reference.lowercased()) }
        let resolved: [ResolvedPair]
        switch try await resolve(fresh, in: programme) {
        case .success(let found): resolved = found
        case .failure(let problems): return .failure(problems)
        }
        let state = self.state
        let calendar = state.workingDays
        let plan = programme.plan(calendar).sessions
        let context = self.context
        try await database.transaction { database in
            var loads: [UUID: Int] = [:]
            for chunk in stride(from: 0, to: resolved.count, by: 200) {
                var pairRows: [MentoringPair] = []
                var sessionRows: [MentoringSession] = []
                for past in resolved[chunk..<min(chunk + 200, resolved.count)] {
                    let pair = Self.pairRow(past, programme: programme, calendar: calendar, state: state)
                    pairRows.append(pair)
                    sessionRows += try Self.sessionRows(
                        past, pair: pair, programme: programme, plan: plan, calendar: calendar, state: state)
                    if past.pair.endedOn == nil { loads[past.mentorID, default: 0] += 1 }
                }
                try await pairRows.create(on: database)
                try await sessionRows.create(on: database)
            }
            // A pair still running takes one of its mentor's places, as a pair made here does, and only while the
            // places are there: a pair published meanwhile may have taken one (then nothing is kept: a 409).
            for (mentorID, count) in loads {
                let raised = try await (database as! any SQLDatabase).update(ProgrammeMentor.schema)
                    .set("active_load", to: SQLRaw("active_load + \(count)"))
                    .where("programme_id", .equal, SQLBind(programmeID)).where("mentor_id", .equal, SQLBind(mentorID))
                    .where(SQLRaw("active_load + \(count) <= capacity")).returning("id").all()
                guard !raised.isEmpty else {
                    throw Abort(
                        .conflict,
                        reason: "A mentor's places changed while the file was read (a pair was made meanwhile): "
                            + "nothing was imported; send it again.")
                }
            }
            try await context.audit(
                MentoringAudit.pastPairsImported, resourceType: .mentoringProgramme,
                resourceID: programmeID.uuidString,
                reason: "\(resolved.count) imported, \(alreadyThere.count) already there", on: database)
        }
        return .success(
            PastPairsReport(
                imported: resolved.count,
                alreadyThere: pairs.map(\.reference).filter { alreadyThere.contains($0.lowercased()) }))
    }

    struct ResolvedPair {
        var pair: PastPair
        var menteeID: UUID
        var mentorID: UUID
    }

    /// Each line's mentee and mentor in the programme, or every line's problem with them: a mentee or mentor the
    /// programme does not have, a second running pair for one mentee, more running pairs than a mentor has places.
    private func resolve(_ pairs: [PastPair], in programme: MentoringProgramme) async throws
        -> Result<[ResolvedPair], ImportProblems>
    {
        let programmeID = try programme.requireID()
        let emails = Array(
            Set(pairs.flatMap { [Person.normalise(email: $0.menteeEmail), Person.normalise(email: $0.mentorEmail)] }))
        var people: [String: UUID] = [:]
        for chunk in stride(from: 0, to: emails.count, by: 500) {
            for person in try await Person.query(on: database)
                .filter(\.$emailNormalised ~~ Array(emails[chunk..<min(chunk + 500, emails.count)])).all()
            {
                people[person.emailNormalised] = try person.requireID()
            }
        }
        let personIDs = Array(Set(people.values))
        var mentees: [UUID: UUID] = [:]
        var mentors: [UUID: UUID] = [:]
        var places: [UUID: (capacity: Int, load: Int)] = [:]
        var running: Set<UUID> = []
        for chunk in stride(from: 0, to: personIDs.count, by: 500) {
            let ids = Array(personIDs[chunk..<min(chunk + 500, personIDs.count)])
            for mentee in try await Mentee.query(on: database).filter(\.$programmeID == programmeID)
                .filter(\.$personID ~~ ids).all()
            {
                mentees[mentee.personID] = try mentee.requireID()
            }
            for mentor in try await Mentor.query(on: database).filter(\.$organisationID == programme.organisationID)
                .filter(\.$personID ~~ ids).all()
            {
                mentors[mentor.personID] = try mentor.requireID()
            }
        }
        let mentorIDs = Array(Set(mentors.values))
        let menteeIDs = Array(Set(mentees.values))
        for chunk in stride(from: 0, to: mentorIDs.count, by: 500) {
            for place in try await ProgrammeMentor.query(on: database).filter(\.$programmeID == programmeID)
                .filter(\.$mentorID ~~ Array(mentorIDs[chunk..<min(chunk + 500, mentorIDs.count)])).all()
            {
                places[place.mentorID] = (place.capacity, place.activeLoad)
            }
        }
        for chunk in stride(from: 0, to: menteeIDs.count, by: 500) {
            for pair in try await MentoringPair.query(on: database).filter(\.$status == .active)
                .filter(\.$menteeID ~~ Array(menteeIDs[chunk..<min(chunk + 500, menteeIDs.count)])).all()
            {
                running.insert(pair.menteeID)
            }
        }
        var problems: [CSVTable.Problem] = []
        var resolved: [ResolvedPair] = []
        var runningInFile: [UUID: Int] = [:]
        var taken: [UUID: Int] = [:]
        for pair in pairs {
            let mentee = people[Person.normalise(email: pair.menteeEmail)].flatMap { mentees[$0] }
            let mentor = people[Person.normalise(email: pair.mentorEmail)].flatMap { mentors[$0] }
                .flatMap { places[$0] == nil ? nil : $0 }
            if mentee == nil {
                problems.append(
                    .init(
                        line: pair.line,
                        message: "mentee_email: \(pair.menteeEmail) is not a mentee of this programme (add them first)")
                )
            }
            if mentor == nil {
                problems.append(
                    .init(
                        line: pair.line,
                        message: "mentor_email: \(pair.mentorEmail) is not a mentor of this programme (add them first)")
                )
            }
            guard let mentee, let mentor else { continue }
            if pair.endedOn == nil {
                if running.contains(mentee) {
                    problems.append(
                        .init(line: pair.line, message: "mentee_email: \(pair.menteeEmail) already has a mentor here"))
                } else if let first = runningInFile[mentee] {
                    problems.append(
                        .init(
                            line: pair.line,
                            message: "mentee_email: a second running pair for the mentee of line \(first) (give the "
                                + "earlier one its ended_on)"))
                }
                runningInFile[mentee] = runningInFile[mentee] ?? pair.line
                taken[mentor, default: 0] += 1
                if let place = places[mentor], place.load + taken[mentor, default: 0] > place.capacity {
                    problems.append(
                        .init(
                            line: pair.line,
                            message: "mentor_email: \(pair.mentorEmail) has \(place.capacity) place"
                                + "\(place.capacity == 1 ? "" : "s"); this pair would be one more"))
                }
            }
            resolved.append(ResolvedPair(pair: pair, menteeID: mentee, mentorID: mentor))
        }
        return problems.isEmpty ? .success(resolved) : .failure(ImportProblems(problems))
    }

    /// Midday in the organisation's time zone: the day the records give, in every month and figure.
    private static func moment(_ day: CalendarDay, _ calendar: WorkingDays) -> Date {
        (calendar.start(of: day) ?? Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400))
            .addingTimeInterval(12 * 3600)
    }

    private static func pairRow(
        _ past: ResolvedPair, programme: MentoringProgramme, calendar: WorkingDays, state: CairnState
    ) -> MentoringPair {
        let pair = MentoringPair()
        pair.id = state.collaborators.newID()
        pair.programmeID = programme.id ?? UUID()
        pair.menteeID = past.menteeID
        pair.mentorID = past.mentorID
        // A pair that ended early is `declined`, as ending one here makes it (the dashboard's "ended early").
        pair.status = past.pair.endedOn == nil ? .active : .declined
        pair.activeMentee = past.pair.endedOn == nil ? past.menteeID : nil
        pair.score = 0
        pair.publishedAt = moment(past.pair.pairedOn, calendar)
        pair.endedAt = past.pair.endedOn.map { moment($0, calendar) }
        pair.externalReference = past.pair.reference
        return pair
    }

    /// The programme's sessions for the pair, the first held on the days given; for a pair that ended early the
    /// rest are cancelled, as ending a pair here cancels them.
    private static func sessionRows(
        _ past: ResolvedPair, pair: MentoringPair, programme: MentoringProgramme, plan: [SessionPlan.Due],
        calendar: WorkingDays, state: CairnState
    ) throws -> [MentoringSession] {
        let stamp = pair.endedAt ?? pair.publishedAt
        return try plan.map { due in
            let session = try MentoringSession.planned(
                due, of: pair, in: programme, id: state.collaborators.newID(), at: stamp)
            if due.number <= past.pair.heldOn.count {
                let held = moment(past.pair.heldOn[due.number - 1], calendar)
                session.status = .held
                session.startsAt = held
                session.heldAt = held
                session.sequence = 1
                session.updatedAt = held
            } else if past.pair.endedOn != nil {
                session.status = .cancelled
            }
            return session
        }
    }
}
