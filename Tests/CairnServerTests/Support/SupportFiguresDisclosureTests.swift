import CairnCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Issue #21 item 5: a count shown as hidden could be recovered by subtracting the shown rows from a shown total
/// (a profession with 1 referral in a month of 92), and hidden rows were ordered by their true counts. This test
/// reads only what the unit lead downloads (the CSV), writes down every sum that holds between its numbers from
/// what the tables mean (not from the code that made them), and for every hidden count works out the least and
/// greatest value consistent with all of it: no hidden count may have one possible value.
@Suite("Support figures: no hidden count can be worked out")
struct SupportFiguresDisclosureTests {
    struct Referral {
        var daysAgo: Double
        var profession: String
        var grade: String
        var reasons: [String]
        var state = CaseState.referred.rawValue
        var outcomes: String? = nil
    }

    static func insert(_ referrals: [Referral], app: Application) async throws {
        let clinician = try await app.makePerson([.clinician])
        let organisationID = try #require(app.cairn.organisation).id
        let now = app.cairn.collaborators.now()
        try await app.db.transaction { database in
            for (index, referral) in referrals.enumerated() {
                let record = SupportCase()
                record.id = UUID()
                record.version = 1
                record.organisationID = organisationID
                record.clinicianID = clinician.id
                record.reference = "FIG-\(index)-\(UUID().uuidString.prefix(6))"
                record.stateName = referral.state
                record.outcomes = referral.outcomes
                record.profession = referral.profession
                record.grade = referral.grade
                record.isInternationalGraduate = false
                record.reasonNames = referral.reasons.joined(separator: ",")
                record.ownWords = "not read by the figures"
                record.contact = "not read by the figures"
                record.consentToHold = true
                record.consentWording = SelfReferral.consentWording
                record.receivedAt = now.addingTimeInterval(-referral.daysAgo * 86_400)
                record.consentedAt = record.receivedAt
                record.shareWithEducator = false
                record.saidAtRisk = false
                try await record.create(on: database)
            }
        }
    }

    /// Reads the CSV as a unit lead would and checks every hidden count's range.
    static func checkNothingHiddenCanBeWorkedOut(_ csv: String) -> Int {
        let tables = FigureCSV.tables(csv)
        var reading = DisclosureReading()
        reading.read("total", tables["Referrals received"]?.first?[1] ?? "missing")
        let months = (tables["Referrals by month"] ?? []).map { $0[0] }
        for row in tables["Referrals by month"] ?? [] { reading.read("month \(row[0])", row[1]) }
        reading.sum("total", months.map { "month \($0)" })
        for (dimension, title, tiedToMonth) in [
            ("profession", "Referrals by profession", true), ("grade", "Referrals by grade", true),
            ("reason", "Referrals by reason", false),
        ] {
            let labels = (tables[title] ?? []).map { $0[0] }
            for row in tables[title] ?? [] { reading.read("\(dimension) \(row[0])", row[1]) }
            if tiedToMonth {
                reading.sum("total", labels.map { "\(dimension) \($0)" })
            } else {
                for label in labels { reading.sum("total", ["\(dimension) \(label)"], .atMost) }
            }
            var rows: [String: [String]] = [:]
            var columns: [String: [String]] = [:]
            for row in tables["Referrals per month by \(dimension)"] ?? [] {
                let name = "\(dimension) \(row[0]) \(row[1])"
                reading.read(name, row[2])
                rows[row[0], default: []].append(name)
                columns[row[1], default: []].append(name)
            }
            // A month or label missing from the breakdown has no referrals there: its sum is of nothing.
            for month in months {
                if tiedToMonth {
                    reading.sum("month \(month)", rows[month] ?? [])
                } else {
                    // Each referral gives one reason or more.
                    reading.sum("month \(month)", rows[month] ?? [], .atLeast)
                    for name in rows[month] ?? [] { reading.sum("month \(month)", [name], .atMost) }
                }
            }
            for label in labels { reading.sum("\(dimension) \(label)", columns[label] ?? []) }
            // Hidden rows come after shown ones, by name: their order says nothing of their size.
            let hiddenLabels = (tables[title] ?? []).filter { $0[1] == "*" }.map { $0[0] }
            #expect(hiddenLabels == hiddenLabels.sorted(), "\(title)")
            if let firstHidden = (tables[title] ?? []).firstIndex(where: { $0[1] == "*" }) {
                #expect((tables[title] ?? [])[firstHidden...].allSatisfy { $0[1] == "*" }, "\(title)")
            }
        }
        // The period's referrals are its open cases and those closed or otherwise ended (not shown); each closed
        // case has an outcome or more, and no outcome more cases than closed; no more closed in the period than
        // "cases closed so far"; a request waiting for first contact has not been contacted.
        reading.unpublished = ["closed in period", "ended otherwise"]
        let states = (tables["Open cases by state"] ?? []).map { "state \($0[0])" }
        for row in tables["Open cases by state"] ?? [] { reading.read("state \(row[0])", row[1]) }
        reading.sum("total", states + reading.unpublished)
        let outcomes = (tables["Outcomes of closed cases"] ?? []).map { "outcome \($0[0])" }
        for row in tables["Outcomes of closed cases"] ?? [] { reading.read("outcome \(row[0])", row[1]) }
        reading.sum("closed in period", outcomes, .atLeast)
        for outcome in outcomes { reading.sum("closed in period", [outcome], .atMost) }
        let summary = Dictionary(
            uniqueKeysWithValues: (tables["First contact and cost"] ?? []).map { ($0[0], $0[1]) })
        reading.read("closed so far", summary["Cases closed so far"] ?? "missing")
        reading.sum("closed so far", ["closed in period"], .atMost)
        reading.read("contacted", summary["Requests contacted"] ?? "missing")
        reading.sum("total", ["state Received", "contacted"], .atMost)
        reading.expectNothingHiddenCanBeWorkedOut()
        return reading.unknowns.count
    }

    @Test func aProfessionWithOneReferralInAMonthOf92CannotBeWorkedOut() async throws {
        try await withCairn { app in
            let referrals =
                (0..<60).map { _ in Referral(daysAgo: 0.1, profession: "doctor", grade: "st3", reasons: ["exam"]) }
                + (0..<31).map { _ in Referral(daysAgo: 0.1, profession: "nurse", grade: "band_5", reasons: ["exam"]) }
                + [Referral(daysAgo: 0.1, profession: "dentist", grade: "other", reasons: ["health"])]
            try await Self.insert(referrals, app: app)
            let lead = TestBrowser(app)
            try await lead.signIn(try await app.makePerson([.unitLead]))
            let csv = try await lead.get("/figures/support.csv").body
            #expect(csv.contains("Dentist,*"))
            #expect(Self.checkNothingHiddenCanBeWorkedOut(csv) >= 2)
        }
    }

    /// A year with rare professions, many grades and several reasons each: most breakdown cells are small.
    @Test func aYearOfSmallCountsHidesNothingThatCanBeWorkedOut() async throws {
        try await withCairn { app in
            var state: UInt64 = 42
            func below(_ bound: Int) -> Int {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int((state >> 33) % UInt64(bound))
            }
            let professions = [
                "doctor", "doctor", "doctor", "nurse", "nurse", "dentist", "pharmacist", "physician_associate",
            ]
            let grades = ["fy1", "fy2", "st1", "st3", "st5", "band_5", "band_6", "consultant", "sas", "other"]
            let reasons = ["exam", "health", "conduct", "communication", "international_graduate", "career"]
            let referrals = (0..<420).map { _ in
                Referral(
                    daysAgo: Double(below(360)) + 0.5, profession: professions[below(professions.count)],
                    grade: grades[below(grades.count)],
                    reasons: Array(Set((0...below(3)).map { _ in reasons[below(reasons.count)] })).sorted())
            }
            try await Self.insert(referrals, app: app)
            let lead = TestBrowser(app)
            try await lead.signIn(try await app.makePerson([.unitLead]))
            let csv = try await lead.get("/figures/support.csv").body
            #expect(Self.checkNothingHiddenCanBeWorkedOut(csv) > 50)
        }
    }

    /// Six referrals (five doctors, one nurse) in one month: the smallest sheet where hiding the 1 alone fails.
    @Test func sixReferralsHideEnough() async throws {
        try await withCairn { app in
            let referrals =
                (0..<5).map { _ in Referral(daysAgo: 0.1, profession: "doctor", grade: "st3", reasons: ["exam"]) }
                + [Referral(daysAgo: 0.1, profession: "nurse", grade: "st3", reasons: ["exam"])]
            try await Self.insert(referrals, app: app)
            let lead = TestBrowser(app)
            try await lead.signIn(try await app.makePerson([.unitLead]))
            let csv = try await lead.get("/figures/support.csv").body
            #expect(csv.contains("Doctor,*") && csv.contains("Nurse,*"))
            #expect(Self.checkNothingHiddenCanBeWorkedOut(csv) >= 2)
        }
    }

    /// Figures for `referrals`, as the unit lead downloads them, checked.
    static func downloadAndCheck(_ referrals: [Referral], app: Application) async throws -> String {
        try await insert(referrals, app: app)
        let lead = TestBrowser(app)
        try await lead.signIn(try await app.makePerson([.unitLead]))
        let csv = try await lead.get("/figures/support.csv").body
        _ = checkNothingHiddenCanBeWorkedOut(csv)
        return csv
    }

    /// A reason given alone by all five referrals of a month equals the month: reasons are at most the month.
    @Test func aReasonThatIsAMonthsOnlyReasonCannotBeWorkedOut() async throws {
        try await withCairn { app in
            let referrals =
                (0..<5).map { _ in Referral(daysAgo: 70, profession: "doctor", grade: "st3", reasons: ["health"]) }
                + (0..<2).map { _ in Referral(daysAgo: 0.1, profession: "doctor", grade: "st3", reasons: ["health"]) }
                + (0..<6).map { _ in Referral(daysAgo: 0.1, profession: "doctor", grade: "st3", reasons: ["exam"]) }
            _ = try await Self.downloadAndCheck(referrals, app: app)
        }
    }

    /// Open states beside the period's total (a new unit, nothing ended): the fourth state would be 37 − 36.
    @Test func anOpenStateBesideTheTotalCannotBeWorkedOut() async throws {
        try await withCairn { app in
            func some(_ count: Int, _ state: CaseState) -> [Referral] {
                (0..<count).map { _ in
                    Referral(
                        daysAgo: 0.1, profession: "doctor", grade: "st3", reasons: ["exam"], state: state.rawValue)
                }
            }
            let referrals = some(10, .referred) + some(6, .triaged) + some(20, .active) + some(1, .closing)
            let csv = try await Self.downloadAndCheck(referrals, app: app)
            #expect(csv.contains("Closing,*"))
        }
    }

    /// Nine closed cases, all this year: five met their goals, four left the profession (hidden). Outcomes are at
    /// least the closed cases, and "cases closed so far" bounds those.
    @Test func anOutcomeBesideTheClosedCountCannotBeWorkedOut() async throws {
        try await withCairn { app in
            func closed(_ count: Int, _ outcome: String) -> [Referral] {
                (0..<count).map { _ in
                    Referral(
                        daysAgo: 0.1, profession: "doctor", grade: "st3", reasons: ["exam"], state: "closed",
                        outcomes: outcome)
                }
            }
            let csv = try await Self.downloadAndCheck(
                closed(5, "goals_met") + closed(4, "left_profession"), app: app)
            #expect(csv.contains("Left the profession,*"))
        }
    }

    /// The counts the triggers keep (their delta rows summed), as sorted rows, zeros left out.
    static func keptCounts(_ app: Application) async throws -> [String] {
        try await CaseCounts.read(
            organisationID: try #require(app.cairn.organisation).id, from: "0000-00", on: app.db as! any SQLDatabase
        )
        .map { "\($0.month) \($0.dimension) \($0.label) \($0.count)" }.sorted()
    }

    static func rawRows(_ app: Application) async throws -> Int {
        try await (app.db as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("case_counts").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The triggers keep `case_counts` equal to a recount from the cases through every kind of write: new cases,
    /// state moves, first contact, closing with outcomes, plan costs added, changed and removed, and a case deleted.
    @Test func theKeptCountsEqualARecountAfterEveryKindOfWrite() async throws {
        try await withCairn { app in
            var referrals: [Referral] = []
            for index in 0..<12 {
                let profession = index % 3 == 0 ? "nurse" : "doctor"
                let grade = index % 2 == 0 ? "st3" : "fy1"
                let reasons: [String] = index % 4 == 0 ? ["exam", "health"] : ["exam"]
                referrals.append(
                    Referral(daysAgo: Double(index * 31) + 0.5, profession: profession, grade: grade, reasons: reasons))
            }
            try await Self.insert(referrals, app: app)
            let sql = app.db as! any SQLDatabase
            let cases = try await SupportCase.query(on: app.db).sort(\.$reference).all()
            #expect(cases.count == 12)
            #expect(try await Self.keptCounts(app).contains { $0.hasSuffix("profession doctor 1") })
            // State moves, first contact, closing with outcomes.
            for (index, record) in cases.enumerated() {
                let id = try record.requireID()
                var update = sql.update("cases").where("id", .equal, SQLBind(id))
                update = update.set("state", to: SQLBind(index % 2 == 0 ? "closed" : "active"))
                update = update.set("first_contact_working_days", to: SQLBind(index % 5))
                if index % 2 == 0 {
                    update = update.set("outcomes", to: SQLBind(index % 4 == 0 ? "goals_met" : "left_profession"))
                }
                try await update.run()
            }
            // Plan costs on closed and open cases: added, changed, removed.
            var items: [PlanItem] = []
            for record in cases.prefix(6) {
                let item = PlanItem()
                item.caseID = try record.requireID()
                item.intervention = Intervention.allCases[0].rawValue
                item.status = .inProgress
                item.costPence = 12_500
                item.createdAt = Date()
                item.version = 1
                try await item.create(on: app.db)
                items.append(item)
            }
            items[0].costPence = 40_000
            try await items[0].update(on: app.db)
            try await items[1].delete(on: app.db)
            // A case reopened from closed, and one deleted.
            try await sql.update("cases").set("state", to: SQLBind("active")).set("outcomes", to: SQLLiteral.null)
                .where("id", .equal, SQLBind(try cases[2].requireID())).run()
            try await PlanItem.query(on: app.db).filter(\.$caseID == (try cases[11].requireID())).delete()
            try await sql.delete(from: "case_events").where("case_id", .equal, SQLBind(try cases[11].requireID())).run()
            try await sql.delete(from: "cases").where("id", .equal, SQLBind(try cases[11].requireID())).run()
            // A closed case deleted with its plan items still there: the cascade takes them after the case.
            try await sql.delete(from: "case_events").where("case_id", .equal, SQLBind(try cases[0].requireID())).run()
            try await sql.delete(from: "cases").where("id", .equal, SQLBind(try cases[0].requireID())).run()

            let kept = try await Self.keptCounts(app)
            #expect(kept.contains { $0.contains("closed_cost") }, "\(kept)")
            // Housekeeping folds the deltas into one row per count and changes no count.
            #expect(try await Self.rawRows(app) > kept.count)
            try await CaseCounts.compact(organisationID: try #require(app.cairn.organisation).id, on: app.db)
            #expect(try await Self.rawRows(app) == kept.count)
            #expect(try await Self.keptCounts(app) == kept)
            try await CaseCounts.rebuild(organisationID: try #require(app.cairn.organisation).id, on: sql)
            let recounted = try await Self.keptCounts(app)
            #expect(kept == recounted)
            #expect(
                recounted.filter { $0.contains(" profession ") }.map { Int($0.split(separator: " ").last!)! }.reduce(
                    0, +) == 10)
        }
    }
}
