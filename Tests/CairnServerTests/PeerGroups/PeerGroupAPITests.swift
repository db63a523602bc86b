import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPeerGroups
@testable import CairnPlatform
@testable import CairnServer

@Suite("Peer groups and reflections through the API")
struct PeerGroupAPITests {
    @Test func aMemberListsGroupsTakesAPlaceWaitsAndWritesAReflection() async throws {
        try await withCairn { app in
            let (group, _, _) = try await PeerGroupJourneyTests.startGroup(app, capacity: 2)
            let groupID = try group.requireID().uuidString.lowercased()
            var tokens: [String] = []
            var people: [TestPerson] = []
            for index in 0..<3 {
                let (_, person) = try await PeerGroupJourneyTests.join(app, group, name: "Dr API \(index)")
                people.append(person)
                tokens.append(try await CaseAPITests.token(for: person, on: app))
            }
            let (status, page, _) = try await CaseAPITests.send(app, .GET, "/api/v1/groups", token: tokens[0])
            #expect(status == .ok)
            let groups = try #require(page["groups"] as? [[String: Any]])
            #expect(groups.first?["membership"] as? String == "member")
            #expect(groups.first?["rrule"] as? String == "FREQ=MONTHLY;BYDAY=1TU")
            let (_, _, meetingsText) = try await CaseAPITests.send(
                app, .GET, "/api/v1/groups/\(groupID)/meetings", token: tokens[0])
            let meetings = try #require(
                try JSONSerialization.jsonObject(with: Data(meetingsText.utf8)) as? [[String: Any]])
            let meetingID = try #require(meetings.first?["id"] as? String)
            // two places, then the waiting list
            var answers: [String] = []
            for token in tokens {
                let (status, place, _) = try await CaseAPITests.send(
                    app, .PUT, "/api/v1/meetings/\(meetingID)/place", token: token, body: #"{"coming": true}"#)
                #expect(status == .ok)
                answers.append(place["status"] as? String ?? "?")
            }
            #expect(answers == ["coming", "coming", "waiting"])
            // the first gives up: the third moves up
            _ = try await CaseAPITests.send(
                app, .PUT, "/api/v1/meetings/\(meetingID)/place", token: tokens[0], body: #"{"coming": false}"#)
            let (_, third, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/meetings/\(meetingID)/place", token: tokens[2], body: #"{"coming": true}"#)
            #expect(third["status"] as? String == "coming")
            // a member may not record attendance
            let (forbidden, _, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/meetings/\(meetingID)/attendance", token: tokens[1],
                body: #"{"attended": []}"#)
            #expect(forbidden == .forbidden || forbidden == .notFound)

            // a reflection: bad fields are named by JSON pointer; a good one is the author's alone
            let bad =
                #"{"model": "gibbs", "title": "T", "writtenOn": "2026-11-30", "answers": {"feelings": "DOB 01/02/1950"}}"#
            let (badStatus, problem, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/reflections", token: tokens[1], body: bad)
            #expect(badStatus == .unprocessableEntity)
            let fields = (problem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(fields.contains("/answers/feelings"))
            let good =
                #"{"model": "rolfe", "title": "API-REFLECTION", "writtenOn": "2026-11-30", "answers": {"what": "API-MARKER what happened"}, "codeThemes": ["preserve_safety"], "cpdMinutes": 30}"#
            let (created, reflection, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/reflections", token: tokens[1], body: good)
            #expect(created == .created)
            let reflectionID = try #require(reflection["id"] as? String)
            let minimal = #"{"model": "rolfe", "title": "T", "writtenOn": "2026-11-30", "answers": {"what": "a"}"#
            let notAttended = minimal + #", "meetingId": "8afc5bd4-c1af-4b41-80c1-fad2b5df37cd"}"#
            #expect(
                try await CaseAPITests.send(app, .POST, "/api/v1/reflections", token: tokens[1], body: notAttended).0
                    == .notFound)
            let fiveThemes =
                minimal + #", "codeThemes": ["#
                + Array(repeating: #""preserve_safety""#, count: 5).joined(separator: ", ") + "]}"
            #expect(
                try await CaseAPITests.send(app, .POST, "/api/v1/reflections", token: tokens[1], body: fiveThemes).0
                    == .unprocessableEntity)
            let unknownStage =
                #"{"model": "rolfe", "title": "T", "writtenOn": "2026-11-30", "answers": {"what": "a", "feelings": "b"}}"#
            let (unknownStatus, unknownProblem, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/reflections", token: tokens[1], body: unknownStage)
            #expect(unknownStatus == .unprocessableEntity)
            #expect(
                (unknownProblem["errors"] as? [[String: Any]])?.first?["field"] as? String == "/answers/feelings")
            let stages = try #require(reflection["stages"] as? [[String: Any]])
            #expect(stages.count == 1 && stages[0]["title"] as? String == "What?")
            let (read, _, readText) = try await CaseAPITests.send(
                app, .GET, "/api/v1/reflections/\(reflectionID)", token: tokens[1])
            #expect(read == .ok && readText.contains("API-MARKER"))
            let (other, _, otherText) = try await CaseAPITests.send(
                app, .GET, "/api/v1/reflections/\(reflectionID)", token: tokens[0])
            #expect(other == .notFound && !otherText.contains("API-MARKER"))
            let (_, list, _) = try await CaseAPITests.send(app, .GET, "/api/v1/reflections", token: tokens[0])
            #expect(list["total"] as? Int == 0)
            let (_, mine, _) = try await CaseAPITests.send(app, .GET, "/api/v1/reflections", token: tokens[1])
            #expect(mine["total"] as? Int == 1)
        }
    }

    @Test func theFacilitatorRecordsAttendanceAndAClosedMeetingIsAConflict() async throws {
        try await withCairn { app in
            let (group, _, facilitator) = try await PeerGroupJourneyTests.startGroup(app, capacity: 5)
            let (_, member) = try await PeerGroupJourneyTests.join(app, group, name: "Dr Attending")
            let meeting = PeerMeeting()
            meeting.id = UUID()
            meeting.groupID = try group.requireID()
            meeting.day = "2026-01-06"
            meeting.startsAt = Date().addingTimeInterval(-3_600 * 3)
            meeting.minutes = 60
            meeting.status = .planned
            meeting.taken = 0
            meeting.themes = ""
            meeting.version = 1
            try await meeting.create(on: app.db)
            let meetingID = meeting.id!.uuidString.lowercased()
            let token = try await CaseAPITests.token(for: facilitator, on: app)
            let (badStatus, problem, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/meetings/\(meetingID)/attendance", token: token,
                body: #"{"attended": ["not-a-uuid"]}"#)
            #expect(badStatus == .unprocessableEntity)
            #expect(
                (problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "/attended/0")
            let (status, held, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/meetings/\(meetingID)/attendance", token: token,
                body: #"{"attended": ["\#(member.id.uuidString)"], "presenters": ["\#(member.id.uuidString)"]}"#)
            #expect(status == .ok)
            #expect(held["status"] as? String == "held")
            #expect(held["taken"] as? Int == 1)
            // a held meeting takes no more places
            let memberToken = try await CaseAPITests.token(for: member, on: app)
            let (closed, _, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/meetings/\(meetingID)/place", token: memberToken, body: #"{"coming": false}"#)
            #expect(closed == .conflict)
        }
    }

    @Test func aFacilitatorRunsAGroupAndMembersJoinLeaveAndChangeTheirReflections() async throws {
        try await withCairn { app in
            let facilitator = try await app.makePerson([.facilitator], name: "Dr API Facilitator")
            let token = try await CaseAPITests.token(for: facilitator, on: app)
            let today = app.cairn.today.description
            // A week the contract does not list is refused as the contract says (400); each other problem named
            // (422); then the group, with the caller its facilitator.
            let (outside, _, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/groups", token: token,
                body:
                    #"{"name": "Café", "place": "Room 2", "capacity": 6, "ordinal": 9, "weekday": 3, "startTime": "12:00", "minutes": 60, "firstDay": "\#(today)"}"#
            )
            #expect(outside == .badRequest)
            let (bad, problem, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/groups", token: token,
                body:
                    #"{"name": "Café", "place": "Room 2", "capacity": 6, "ordinal": 2, "weekday": 3, "startTime": "29:00", "minutes": 600, "firstDay": "\#(today)"}"#
            )
            #expect(bad == .unprocessableEntity)
            #expect(Set(PeopleAPITests.fields(problem)).isSuperset(of: ["/minutes", "/startTime"]))
            let (created, group, text) = try await CaseAPITests.send(
                app, .POST, "/api/v1/groups", token: token,
                body:
                    #"{"name": "API café", "place": "Room 2", "capacity": 6, "ordinal": 1, "weekday": 2, "startTime": "12:30", "minutes": 60, "firstDay": "\#(today)"}"#
            )
            #expect(created == .created, "\(text)")
            #expect(group["membership"] as? String == "facilitator")
            #expect(group["rrule"] as? String == "FREQ=MONTHLY;BYDAY=1TU")
            let groupID = try #require(group["id"] as? String)
            let version = try #require(group["agreementVersion"] as? Int)

            // A member joins with the version they read; a stale one is a conflict.
            let member = try await app.makePerson([.clinician], name: "Dr API Member")
            let memberToken = try await CaseAPITests.token(for: member, on: app)
            let (stale, _, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/groups/\(groupID)/membership", token: memberToken,
                body: #"{"acceptedVersion": \#(version + 7)}"#)
            #expect(stale == .conflict)
            let (joined, joinedGroup, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/groups/\(groupID)/membership", token: memberToken,
                body: #"{"acceptedVersion": \#(version)}"#)
            #expect(joined == .ok)
            #expect(joinedGroup["membership"] as? String == "member")

            // The facilitator changes the agreement; the member must accept it again. A member may not change it.
            let wording = "What is said here stays here; no patient is named or can be recognised. Version two."
            #expect(
                try await CaseAPITests.send(
                    app, .PUT, "/api/v1/groups/\(groupID)/agreement", token: memberToken,
                    body: #"{"agreement": "\#(wording)", "version": \#(version)}"#
                ).0 == .forbidden)
            let (changed, changedGroup, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/groups/\(groupID)/agreement", token: token,
                body: #"{"agreement": "\#(wording)", "version": \#(version)}"#)
            #expect(changed == .ok)
            #expect(changedGroup["agreementVersion"] as? Int == version + 1)
            #expect(
                try await CaseAPITests.send(
                    app, .PUT, "/api/v1/groups/\(groupID)/agreement", token: token,
                    body: #"{"agreement": "\#(wording) Again.", "version": \#(version)}"#
                ).0 == .conflict)
            let (_, list, _) = try await CaseAPITests.send(app, .GET, "/api/v1/groups", token: memberToken)
            let listed = (list["groups"] as? [[String: Any]] ?? []).first { $0["id"] as? String == groupID }
            #expect(listed?["membership"] as? String == "agreement_changed")

            // A planned meeting is cancelled once; a second time is a conflict.
            let (_, _, meetingsText) = try await CaseAPITests.send(
                app, .GET, "/api/v1/groups/\(groupID)/meetings", token: token)
            let meetings = try #require(
                try JSONSerialization.jsonObject(with: Data(meetingsText.utf8)) as? [[String: Any]])
            let planned = try #require(meetings.first { $0["status"] as? String == "planned" }?["id"] as? String)
            let (cancelled, cancelledMeeting, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/meetings/\(planned)/cancellation", token: token)
            #expect(cancelled == .ok)
            #expect(cancelledMeeting["status"] as? String == "cancelled")
            #expect(
                try await CaseAPITests.send(app, .POST, "/api/v1/meetings/\(planned)/cancellation", token: token).0
                    == .conflict)

            // The record of a held meeting: no identifiable details, themes from the list, the version read.
            let meeting = PeerMeeting()
            meeting.id = UUID()
            meeting.groupID = try #require(UUID(uuidString: groupID))
            meeting.day = "2025-06-03"
            meeting.startsAt = Date().addingTimeInterval(-3_600 * 3)
            meeting.minutes = 60
            meeting.status = .held
            meeting.taken = 1
            meeting.themes = ""
            meeting.version = 1
            try await meeting.create(on: app.db)
            let heldID = meeting.id!.uuidString.lowercased()
            let (identifiable, identifiableProblem, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/meetings/\(heldID)/record", token: token,
                body:
                    #"{"record": "Patient NHS number 943 476 5919 discussed", "themes": ["uncertainty"], "version": 1}"#
            )
            #expect(identifiable == .unprocessableEntity)
            #expect(PeopleAPITests.fields(identifiableProblem) == ["/record"])
            let (recorded, recordedMeeting, recordedText) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/meetings/\(heldID)/record", token: token,
                body:
                    #"{"record": "We talked about uncertainty at handover.", "themes": ["uncertainty", "conflict"], "version": 1}"#
            )
            #expect(recorded == .ok, "\(recordedText)")
            #expect(recordedMeeting["themes"] as? [String] == ["uncertainty", "conflict"])
            #expect(recordedMeeting["version"] as? Int == 2)
            #expect(
                try await CaseAPITests.send(
                    app, .PUT, "/api/v1/meetings/\(heldID)/record", token: token,
                    body: #"{"record": "Later words.", "themes": [], "version": 1}"#
                ).0 == .conflict)
            let stored = try #require(try await PeerMeeting.find(meeting.id, on: app.db))
            #expect(stored.record?.contains("handover") == false, "the record is sealed")

            // A reflection changed with the version read; a stale version is a conflict; nobody else's to change.
            let reflection =
                #"{"model": "rolfe", "title": "First", "writtenOn": "\#(today)", "answers": {"what": "a"}}"#
            let (_, written, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/reflections", token: memberToken, body: reflection)
            let reflectionID = try #require(written["id"] as? String)
            let reflectionVersion = try #require(written["version"] as? Int)
            let change =
                #"{"model": "rolfe", "title": "Second", "writtenOn": "\#(today)", "answers": {"what": "b", "so_what": "c"}, "version": \#(reflectionVersion)}"#
            #expect(
                try await CaseAPITests.send(
                    app, .PUT, "/api/v1/reflections/\(reflectionID)", token: token, body: change
                ).0 == .notFound)
            let (saved, savedReflection, savedText) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/reflections/\(reflectionID)", token: memberToken, body: change)
            #expect(saved == .ok, "\(savedText)")
            #expect(savedReflection["title"] as? String == "Second")
            #expect((savedReflection["stages"] as? [[String: Any]])?.count == 2)
            #expect(
                try await CaseAPITests.send(
                    app, .PUT, "/api/v1/reflections/\(reflectionID)", token: memberToken, body: change
                ).0 == .conflict)
            let noVersion =
                #"{"model": "rolfe", "title": "Third", "writtenOn": "\#(today)", "answers": {"what": "b"}}"#
            let (missing, missingProblem, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/reflections/\(reflectionID)", token: memberToken, body: noVersion)
            #expect(missing == .badRequest, "the contract requires the version: \(missingProblem)")

            // Leaving.
            let (left, _, _) = try await CaseAPITests.send(
                app, .DELETE, "/api/v1/groups/\(groupID)/membership", token: memberToken)
            #expect(left == .noContent)
            let membership = try await PeerGroupMember.query(on: app.db).filter(\.$personID == member.id).first()
            #expect(membership?.leftAt != nil)
        }
    }
}

@Suite("The contract and the reflective models agree")
struct ReflectionContractTests {
    /// `ReflectionRequest`'s if/then/else lists each model's stage ids; they must be `ReflectiveModel`'s.
    @Test func eachModelsStageIdsAreTheContracts() throws {
        let text = try String(contentsOfFile: TestPaths.repositoryRoot + "openapi.yaml", encoding: .utf8)
        let section =
            try #require(text.components(separatedBy: "    ReflectionRequest:").dropFirst().first)
            .components(separatedBy: "      properties:").first ?? ""
        let lists = section.components(separatedBy: "propertyNames: {enum: [").dropFirst().map {
            $0.prefix { $0 != "]" }.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let models = section.components(separatedBy: "const: ").dropFirst().map { String($0.prefix { $0 != "}" }) }
        #expect(lists.count == ReflectiveModel.all.count)
        // each shipped model is named in a const, in order; the final else is an organisation's own model
        #expect(models == ReflectiveModel.all.map(\.id))
        for (id, stages) in zip(models, lists) {
            #expect(ReflectiveModel.named(id)?.stages.map(\.id) == stages, "\(id)")
        }
        #expect(section.contains("propertyNames: {pattern: '^stage_[1-8]$'}"))
        let patternLine = try #require(
            section.isEmpty
                ? nil
                : text.components(separatedBy: "    ReflectionRequest:")[1]
                    .components(separatedBy: "pattern: '^(atkins_murphy").dropFirst().first)
        #expect(patternLine.hasPrefix("|gibbs|rolfe|nmc_account|[0-9a-f]{8}-"))
        #expect(ReflectionTemplateDraft.mostStages == 8)
    }
}
