import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnInduction
@testable import CairnPlatform
@testable import CairnServer

@Suite("Inductions and the registration pathway through the API")
struct InductionAPITests {
    @Test func aLeadStartsOneTheNewStarterCompletesAnItemAndTheSupervisorSignsItOff() async throws {
        try await withCairn { app in
            let started = try await InductionJourneyTests.start(app)
            let lead = try await app.makePerson([.programmeLead])
            let leadToken = try await CaseAPITests.token(for: lead, on: app)
            let starterToken = try await CaseAPITests.token(for: started.starterPerson, on: app)
            let supervisorToken = try await CaseAPITests.token(for: started.supervisorPerson, on: app)

            let (templatesStatus, _, templatesText) = try await CaseAPITests.send(
                app, .GET, "/api/v1/induction-templates", token: leadToken)
            #expect(templatesStatus == .ok)
            let templates = try #require(
                try JSONSerialization.jsonObject(with: Data(templatesText.utf8)) as? [[String: Any]])
            let msw = try #require(templates.first { $0["role"] as? String == "medical_support_worker" })
            let templateID = try #require(msw["id"] as? String)

            // Bad fields are named by JSON pointer; nothing is made.
            let bad = """
                {"inducteeName": "Dr New", "inducteeEmail": "nobody", "supervisorName": "Dr Sup",
                 "supervisorEmail": "sup@example.org", "templateId": "\(UUID().uuidString)", "startsOn": "2026-12-07"}
                """
            let (badStatus, problem, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/inductions", token: leadToken, body: bad)
            #expect(badStatus == .unprocessableEntity)
            let fields = (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(fields.contains("/inducteeEmail"))
            let good = """
                {"inducteeName": "Dr New Starter", "inducteeEmail": "new.starter@example.org",
                 "supervisorName": "Dr Sup", "supervisorEmail": "\(started.supervisorPerson.email)",
                 "templateId": "\(templateID)", "startsOn": "\(app.cairn.today.description)", "cohort": "Intake 2"}
                """
            let (madeStatus, made, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/inductions", token: leadToken, body: good)
            #expect(madeStatus == .created)
            #expect(
                (made["items"] as? [Any])?.count == StandardInductionTemplates.items(for: .medicalSupportWorker).count)

            // The new starter of the first induction completes their own item; a stale version is a 409.
            let inductionID = try started.induction.requireID().uuidString.lowercased()
            let (_, induction, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/inductions/\(inductionID)", token: starterToken)
            let items = try #require(induction["items"] as? [[String: Any]])
            let roleItem = try #require(
                items.first { ($0["title"] as? String)?.hasPrefix("Read the MSW role description") == true })
            let itemID = try #require(roleItem["id"] as? String)
            let itemPath = "/api/v1/inductions/\(inductionID)/items/\(itemID)"
            let (stale, _, _) = try await CaseAPITests.send(
                app, .POST, itemPath + "/completion", token: starterToken, body: #"{"evidence": "x", "version": 5}"#)
            #expect(stale == .conflict)
            let (supervisorTries, _, _) = try await CaseAPITests.send(
                app, .POST, itemPath + "/completion", token: supervisorToken, body: #"{"version": 1}"#)
            #expect(supervisorTries == .notFound)
            let (doneStatus, done, _) = try await CaseAPITests.send(
                app, .POST, itemPath + "/completion", token: starterToken,
                body: #"{"evidence": "Read it with Sue", "version": 1}"#)
            #expect(doneStatus == .ok)
            #expect(done["evidence"] as? String == "Read it with Sue")
            let (signStatus, signed, _) = try await CaseAPITests.send(
                app, .POST, itemPath + "/sign-off", token: supervisorToken, body: #"{"version": 2}"#)
            #expect(signStatus == .ok)
            #expect(signed["signedOff"] as? Bool == true)

            // Someone outside the induction does not find it.
            let stranger = try await CaseAPITests.token(for: try await app.makePerson([.clinician]), on: app)
            let (hidden, _, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/inductions/\(inductionID)", token: stranger)
            #expect(hidden == .notFound)
            let (listStatus, list, _) = try await CaseAPITests.send(app, .GET, "/api/v1/inductions", token: leadToken)
            #expect(listStatus == .ok)
            #expect(list["total"] as? Int == 2)
        }
    }

    @Test func aClinicianKeepsTheirPathwayThroughTheAPI() async throws {
        try await withCairn { app in
            let person = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: person, on: app)
            let (_, empty, _) = try await CaseAPITests.send(app, .GET, "/api/v1/registration-pathway", token: token)
            #expect(empty["started"] as? Bool == false)
            let (setStatus, set, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/registration-pathway", token: token, body: #"{"route": "plab", "shared": false}"#)
            #expect(setStatus == .ok)
            #expect(set["blocking"] as? String == "qualification")
            let today = app.cairn.today
            let plab1 = today.adding(days: -10).description
            let (recorded, pathway, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/registration-pathway/entries", token: token,
                body: #"{"step": "plab1", "outcome": "passed", "day": "\#(plab1)", "version": 1}"#)
            #expect(recorded == .created)
            let deadlines = try #require(pathway["deadlines"] as? [[String: Any]])
            #expect(deadlines.first?["kind"] as? String == "plab2_window")
            #expect(deadlines.first?["daysLeft"] as? Int == today.days(until: today.adding(days: -10).adding(years: 2)))
            // A stale version is a 409 too.
            let (future, problem, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/registration-pathway/entries", token: token,
                body:
                    #"{"step": "plab2", "outcome": "passed", "day": "\#(today.adding(days: 5).description)", "version": 2}"#
            )
            // A result in the future conflicts with today (409), the problem saying why.
            #expect(future == .conflict)
            #expect((problem["detail"] as? String)?.contains("on or after the day it happened") == true)
            let (stale, _, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/registration-pathway/entries", token: token,
                body:
                    #"{"step": "plab2", "outcome": "booked", "day": "\#(today.adding(days: 5).description)", "version": 1}"#
            )
            #expect(stale == .conflict)
            let (noVersion, _, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/registration-pathway", token: token, body: #"{"route": "plab", "shared": true}"#)
            #expect(noVersion == .conflict)
            let (shared, sharedBody, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/registration-pathway", token: token,
                body: #"{"route": "plab", "shared": true, "version": 2}"#)
            #expect(shared == .ok)
            #expect(sharedBody["shared"] as? Bool == true)
        }
    }

    @Test func supervisionAndRoleDescriptionsThroughTheAPI() async throws {
        try await withCairn { app in
            let started = try await InductionJourneyTests.start(
                app, startsOn: app.cairn.today.adding(days: -10).description)
            let starterToken = try await CaseAPITests.token(for: started.starterPerson, on: app)
            let supervisorToken = try await CaseAPITests.token(for: started.supervisorPerson, on: app)
            let inductionID = try started.induction.requireID().uuidString.lowercased()
            let (_, _, listText) = try await CaseAPITests.send(
                app, .GET, "/api/v1/inductions/\(inductionID)/supervision", token: starterToken)
            let meetings = try #require(
                try JSONSerialization.jsonObject(with: Data(listText.utf8)) as? [[String: Any]])
            #expect(meetings.count == 9)
            let meetingID = try #require(meetings.first?["id"] as? String)
            let path = "/api/v1/supervision/\(meetingID)"
            // Only the supervisor records; a stale version is a 409.
            let (starterTries, _, _) = try await CaseAPITests.send(
                app, .PUT, path + "/record", token: starterToken, body: #"{"topics": "x", "version": 1}"#)
            #expect(starterTries == .forbidden)
            let (stale, _, _) = try await CaseAPITests.send(
                app, .PUT, path + "/record", token: supervisorToken, body: #"{"topics": "x", "version": 4}"#)
            #expect(stale == .conflict)
            let (recorded, meeting, _) = try await CaseAPITests.send(
                app, .PUT, path + "/record", token: supervisorToken,
                body: #"{"topics": "First week", "record": "Going well", "version": 1}"#)
            #expect(recorded == .ok)
            #expect(meeting["status"] as? String == "held")
            // Either adds an action; a bad one is named by pointer.
            let (bad, problem, _) = try await CaseAPITests.send(
                app, .POST, path + "/actions", token: starterToken,
                body: #"{"text": "Book PLAB 2", "owner": "inductee", "dueOn": "2001-01-01"}"#)
            #expect(bad == .conflict)
            #expect((problem["detail"] as? String)?.contains("from the meeting to a year from today") == true)
            let due = app.cairn.today.adding(days: 7).description
            let (added, withAction, _) = try await CaseAPITests.send(
                app, .POST, path + "/actions", token: starterToken,
                body: #"{"text": "Book PLAB 2", "owner": "inductee", "dueOn": "\#(due)"}"#)
            #expect(added == .created)
            #expect((withAction["actions"] as? [Any])?.count == 1)
            // Either marks it done (once; the API as the page does), and an action of no such meeting is not found.
            let actionID = try #require((withAction["actions"] as? [[String: Any]])?.first?["id"] as? String)
            let (completed, afterDone, _) = try await CaseAPITests.send(
                app, .POST, path + "/actions/\(actionID)/completion", token: supervisorToken)
            #expect(completed == .ok)
            #expect(
                (afterDone["actions"] as? [[String: Any]])?.first?["doneOn"] as? String == app.cairn.today.description)
            #expect(
                try await CaseAPITests.send(app, .POST, path + "/actions/\(UUID())/completion", token: starterToken).0
                    == .notFound)
            // Each writes their own private note (issue #14: the page's form, through the API); neither reads the
            // other's; over the contract's 4,000 characters is a 400; an empty note removes it.
            let (noted, withNote, _) = try await CaseAPITests.send(
                app, .PUT, path + "/private-note", token: starterToken, body: #"{"note": "STARTER-PRIVATE worried"}"#)
            #expect(noted == .ok)
            #expect(withNote["privateNote"] as? String == "STARTER-PRIVATE worried")
            let (_, supervisorView, supervisorText) = try await CaseAPITests.send(
                app, .GET, path, token: supervisorToken)
            #expect(!supervisorText.contains("STARTER-PRIVATE"))
            #expect(supervisorView["privateNote"] == nil || supervisorView["privateNote"] is NSNull)
            let long = String(repeating: "x", count: 4_001)
            let (tooLong, longProblem, _) = try await CaseAPITests.send(
                app, .PUT, path + "/private-note", token: starterToken, body: #"{"note": "\#(long)"}"#)
            #expect(tooLong == .badRequest)
            #expect((longProblem["detail"] as? String)?.contains("at most 4,000 characters") == true)
            let (cleared, withoutNote, _) = try await CaseAPITests.send(
                app, .PUT, path + "/private-note", token: starterToken, body: #"{"note": ""}"#)
            #expect(cleared == .ok)
            #expect(withoutNote["privateNote"] == nil || withoutNote["privateNote"] is NSNull)
            // Someone else's meeting is not found.
            let other = try await CaseAPITests.token(for: try await app.makePerson([.supervisor]), on: app)
            let (hidden, _, _) = try await CaseAPITests.send(app, .GET, path, token: other)
            #expect(hidden == .notFound)
            #expect(
                try await CaseAPITests.send(
                    app, .PUT, path + "/private-note", token: other, body: #"{"note": "x"}"#
                ).0 == .notFound)
            // The team reads role descriptions.
            let (roles, _, rolesText) = try await CaseAPITests.send(
                app, .GET, "/api/v1/role-descriptions", token: other)
            #expect(roles == .ok)
            #expect(rolesText.contains("medical_support_worker"))
        }
    }
}

@Suite("The contract and the pathway's steps agree")
struct PathwayContractTests {
    /// `PathwayEntryRequest`'s if/then pairs say what each step can record; they must be `PathwayStep.outcomes`.
    @Test func eachStepsOutcomesAreTheContracts() throws {
        let text = try String(contentsOfFile: TestPaths.repositoryRoot + "openapi.yaml", encoding: .utf8)
        let section =
            try #require(text.components(separatedBy: "    PathwayEntryRequest:").dropFirst().first)
            .components(separatedBy: "      properties:").first ?? ""
        func list(_ text: Substring) -> [String] {
            text.prefix { $0 != "]" }.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        var seen: Set<PathwayStep> = []
        for rule in section.components(separatedBy: "if: {properties: {step: ").dropFirst() {
            guard rule.contains("outcome:") else { continue }
            let steps: [String] =
                rule.hasPrefix("{enum: [")
                ? list(rule.dropFirst("{enum: [".count))
                : [String(rule.dropFirst("{const: ".count).prefix { $0 != "}" })]
            let outcomePart = try #require(rule.components(separatedBy: "outcome: {").dropFirst().first)
            let outcomes: [String] =
                outcomePart.hasPrefix("enum: [")
                ? list(outcomePart.dropFirst("enum: [".count)[...])
                : [String(outcomePart.dropFirst("const: ".count).prefix { $0 != "}" })]
            for name in steps {
                let step = try #require(PathwayStep(rawValue: name), "unknown step \(name)")
                seen.insert(step)
                #expect(step.outcomes.map(\.rawValue) == outcomes, "\(name)")
            }
        }
        #expect(seen == Set(PathwayStep.allCases))
    }
}

@Suite("Templates and supervision meetings changed through the API")
struct InductionChangesAPITests {
    @Test func aLeadEditsATemplateAndASupervisorMovesAndCallsOffAMeeting() async throws {
        try await withCairn { app in
            let started = try await InductionJourneyTests.start(app)
            let lead = try await app.makePerson([.programmeLead])
            let leadToken = try await CaseAPITests.token(for: lead, on: app)
            let supervisorToken = try await CaseAPITests.token(for: started.supervisorPerson, on: app)
            let template = try #require(
                try await InductionTemplate.query(on: app.db).filter(\.$role == .medicalSupportWorker).first())
            let templatePath = "/api/v1/induction-templates/\(template.id!.uuidString.lowercased())"
            let v = template.version
            let (added, body, _) = try await CaseAPITests.send(
                app, .POST, templatePath + "/items", token: leadToken,
                body:
                    #"{"title": "Meet the pharmacy team", "phase": "first_month", "owner": "inductee", "dueOffsetDays": 14, "version": \#(v)}"#
            )
            #expect(added == .created)
            let items = try #require(body["items"] as? [[String: Any]])
            let itemID = try #require(
                items.first { $0["title"] as? String == "Meet the pharmacy team" }?["id"] as? String)
            let (stale, _, _) = try await CaseAPITests.send(
                app, .PUT, templatePath + "/items/\(itemID)", token: leadToken,
                body:
                    #"{"title": "Meet pharmacy", "phase": "first_month", "owner": "inductee", "dueOffsetDays": 14, "version": \#(v)}"#
            )
            #expect(stale == .conflict)
            let (changed, _, _) = try await CaseAPITests.send(
                app, .PUT, templatePath + "/items/\(itemID)", token: leadToken,
                body:
                    #"{"title": "Meet pharmacy", "phase": "first_month", "owner": "inductee", "dueOffsetDays": 14, "version": \#(v + 1)}"#
            )
            #expect(changed == .ok)
            let (scheduled, withSchedule, _) = try await CaseAPITests.send(
                app, .PUT, templatePath + "/supervision-schedule", token: leadToken,
                body: #"{"supervisionWeekly": 2, "supervisionMonthly": 2, "version": \#(v + 2)}"#)
            #expect(scheduled == .ok)
            #expect(withSchedule["supervisionWeekly"] as? Int == 2)
            let (removed, afterRemoval, _) = try await CaseAPITests.send(
                app, .DELETE, templatePath + "/items/\(itemID)?version=\(v + 3)", token: leadToken)
            #expect(removed == .ok)
            #expect(
                (afterRemoval["items"] as? [[String: Any]])?.contains { $0["id"] as? String == itemID } == false)
            let (unknown, _, _) = try await CaseAPITests.send(
                app, .DELETE, templatePath + "/items/\(UUID().uuidString)?version=\(v + 4)", token: leadToken)
            #expect(unknown == .notFound)

            // The supervisor moves the first meeting, then calls it off.
            let meeting = try #require(
                try await SupervisionMeeting.query(on: app.db).filter(\.$inductionID == started.induction.id!)
                    .sort(\.$startsAt).first())
            let meetingPath = "/api/v1/supervision/\(meeting.id!.uuidString.lowercased())"
            let day = app.cairn.today.adding(days: 10).description
            let (moved, movedBody, _) = try await CaseAPITests.send(
                app, .PUT, meetingPath + "/schedule", token: supervisorToken,
                body: #"{"day": "\#(day)", "time": "08:15", "version": 1}"#)
            #expect(moved == .ok)
            #expect(movedBody["day"] as? String == day)
            let (past, _, _) = try await CaseAPITests.send(
                app, .PUT, meetingPath + "/schedule", token: supervisorToken,
                body: #"{"day": "2001-01-01", "time": "08:15", "version": 2}"#)
            #expect(past == .conflict)
            let (cancelled, cancelledBody, _) = try await CaseAPITests.send(
                app, .POST, meetingPath + "/cancellation", token: supervisorToken, body: #"{"version": 2}"#)
            #expect(cancelled == .ok)
            #expect(cancelledBody["status"] as? String == "cancelled")
        }
    }
}

@Suite("The contract and the induction phases agree")
struct InductionPhaseContractTests {
    /// `InductionTemplateItemRequest`'s if/then/else gives each phase's due offsets; they must be the core's.
    @Test func eachPhasesOffsetsAreTheContracts() throws {
        let text = try String(contentsOfFile: TestPaths.repositoryRoot + "openapi.yaml", encoding: .utf8)
        let section =
            try #require(text.components(separatedBy: "    InductionTemplateItemRequest:").dropFirst().first)
            .components(separatedBy: "      properties:").first ?? ""
        let ranges = section.components(separatedBy: "dueOffsetDays: {minimum: ").dropFirst().map { part -> [Int] in
            part.prefix { $0 != "}" }.replacingOccurrences(of: "maximum: ", with: "").split(separator: ",")
                .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        let phases = section.components(separatedBy: "phase: {const: ").dropFirst().map {
            String($0.prefix { $0 != "}" })
        }
        // The final else is the phase no const names.
        let named = phases + InductionPhase.allCases.map(\.rawValue).filter { !phases.contains($0) }
        #expect(ranges.count == InductionPhase.allCases.count)
        for (name, range) in zip(named, ranges) {
            let phase = try #require(InductionPhase(rawValue: name))
            #expect([phase.offsets.lowerBound, phase.offsets.upperBound] == range, "\(name)")
        }
    }
}
