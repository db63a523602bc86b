import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPeerGroups
@testable import CairnPlatform
@testable import CairnServer

/// Issue #16 item 3: the presenter rota, swappable: the facilitators name who brings a case, who may ask someone
/// else coming to take their turn.
@Suite("Who brings a case: named from the rota, swapped by consent")
struct PresenterSwapTests {
    /// A group with three members coming to its first meeting.
    static func meetingWithThree(_ app: Application) async throws -> (
        facilitator: TestBrowser, lead: TestPerson, meetingID: UUID, path: String,
        members: [(TestBrowser, TestPerson)]
    ) {
        let (group, facilitator, lead) = try await PeerGroupJourneyTests.startGroup(app, capacity: 4)
        let meeting = try #require(
            try await PeerMeeting.query(on: app.db).filter(\.$groupID == group.requireID()).sort(\.$startsAt).first())
        let path = "/meetings/\(meeting.id!.uuidString.lowercased())"
        var members: [(TestBrowser, TestPerson)] = []
        for name in ["Dr Ada First", "Dr Ben Second", "Dr Cat Third"] {
            let (browser, person) = try await PeerGroupJourneyTests.join(app, group, name: name)
            try await browser.get(path)
            #expect(try await browser.post(path + "/place", [("intent", "come")]).status == .seeOther)
            members.append((browser, person))
        }
        return (facilitator, lead, try meeting.requireID(), path, members)
    }

    static func version(_ app: Application, _ id: UUID) async throws -> String {
        String(try #require(try await PeerMeeting.find(id, on: app.db)).version)
    }

    @Test func theFacilitatorNamesAPresenterWhoHandsTheTurnOnByConsent() async throws {
        try await withCairn { app in
            let (facilitator, _, meetingID, path, members) = try await Self.meetingWithThree(app)
            let (ada, adaPerson) = members[0]
            let (ben, benPerson) = try #require(members.dropFirst().first)
            let (cat, catPerson) = members[2]

            let page = try await facilitator.get(path)
            #expect(page.body.contains("Down to bring a case"))
            // someone not coming cannot be named; a stale version changes nothing
            let stranger = try await app.makePerson([.clinician])
            let notComing = try await facilitator.post(
                path + "/presenter",
                [("presenter", stranger.id.uuidString), ("version", try await Self.version(app, meetingID))])
            #expect(notComing.status == .unprocessableEntity)
            #expect(notComing.body.contains("Choose someone who is coming to this meeting"))
            let stale = try await facilitator.post(
                path + "/presenter", [("presenter", adaPerson.id.uuidString), ("version", "999")])
            #expect(stale.status == .conflict)
            let named = try await facilitator.post(
                path + "/presenter",
                [("presenter", adaPerson.id.uuidString), ("version", try await Self.version(app, meetingID))])
            #expect(named.location == path + "?notice=presenter-named")
            #expect(try await PeerMeeting.find(meetingID, on: app.db)?.presenterID == adaPerson.id)
            #expect(
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == adaPerson.email).all()
                    .contains { $0.subject == "You are down to bring a case to your peer group" })
            #expect(try await ada.get(path).body.contains("You are down to bring a situation from practice"))
            #expect(try await ben.get(path).body.contains("Dr Ada First is down to bring a case."))

            // only the presenter may ask to swap
            let notPresenter = try await ben.post(path + "/swaps", [("with", catPerson.id.uuidString)])
            #expect(notPresenter.status == .conflict)
            #expect(notPresenter.body.contains("You are not down to bring a case at this meeting"))
            // Ada asks Ben; Ben is emailed and answers on the page
            #expect(try await ada.post(path + "/swaps", [("with", benPerson.id.uuidString)]).status == .seeOther)
            #expect(try await ada.get(path).body.contains("You asked Dr Ben Second to take your turn"))
            let swap = try #require(try await PresenterSwap.query(on: app.db).filter(\.$status == .open).first())
            #expect(
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == benPerson.email).all()
                    .contains { $0.subject == "Could you bring a case to your peer group?" })
            #expect(try await ben.get(path).body.contains("Dr Ada First asks whether you would bring a case"))
            // nobody else answers it
            let answer = path + "/swaps/\(swap.id!.uuidString.lowercased())"
            #expect(try await cat.post(answer, [("decision", "accept")]).status == .notFound)
            #expect(try await ben.post(answer, [("decision", "accept")]).location == path + "?notice=swap-answered")
            #expect(try await PeerMeeting.find(meetingID, on: app.db)?.presenterID == benPerson.id)
            #expect(try await PresenterSwap.find(swap.id, on: app.db)?.status == .accepted)
            #expect(
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == adaPerson.email).all()
                    .contains { $0.subject == "Your turn to bring a case is taken" })
            // answered once
            #expect(try await ben.post(answer, [("decision", "decline")]).status == .conflict)
            // the attendance form ticks the one down to bring a case
            let facilitatorPage = try await facilitator.get(path)
            #expect(facilitatorPage.body.contains("Down to bring a case"))

            // Ben asks Cat, then gives up his place: the turn goes back to the facilitators and the request ends
            #expect(try await ben.post(path + "/swaps", [("with", catPerson.id.uuidString)]).status == .seeOther)
            let second = try #require(try await PresenterSwap.query(on: app.db).filter(\.$status == .open).first())
            #expect(try await ben.post(path + "/place", [("intent", "withdraw")]).status == .seeOther)
            #expect(try await PeerMeeting.find(meetingID, on: app.db)?.presenterID == nil)
            #expect(try await PresenterSwap.find(second.id, on: app.db)?.status == .withdrawn)
            let late = try await cat.post(
                path + "/swaps/\(second.id!.uuidString.lowercased())", [("decision", "accept")])
            #expect(late.status == .conflict)
            #expect(try await PeerMeeting.find(meetingID, on: app.db)?.presenterID == nil)
            // members do not name presenters
            let byMember = try await cat.post(
                path + "/presenter",
                [("presenter", catPerson.id.uuidString), ("version", try await Self.version(app, meetingID))])
            #expect(byMember.status == .forbidden || byMember.status == .notFound)
        }
    }

    @Test func throughTheAPI() async throws {
        try await withCairn { app in
            let (_, lead, meetingID, _, members) = try await Self.meetingWithThree(app)
            let id = meetingID.uuidString.lowercased()
            let leadToken = try await CaseAPITests.token(for: lead, on: app)
            let ada = members[0].1
            let ben = members[1].1
            let adaToken = try await CaseAPITests.token(for: ada, on: app)
            let benToken = try await CaseAPITests.token(for: ben, on: app)
            let version = try await Self.version(app, meetingID)
            let (named, meeting, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/meetings/\(id)/presenter", token: leadToken,
                body: #"{"personId": "\#(ada.id.uuidString.lowercased())", "version": \#(version)}"#)
            #expect(named == .ok)
            #expect(meeting["version"] as? Int == Int(version)! + 1)
            let (asked, swap, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/meetings/\(id)/presenter-swaps", token: adaToken,
                body: #"{"personId": "\#(ben.id.uuidString.lowercased())"}"#)
            #expect(asked == .created)
            let swapID = try #require(swap["id"] as? String)
            // Ben finds it in the group's meetings
            let group = try #require(try await PeerMeeting.find(meetingID, on: app.db)).groupID
            let (_, _, listText) = try await CaseAPITests.send(
                app, .GET, "/api/v1/groups/\(group.uuidString.lowercased())/meetings", token: benToken)
            let list = try #require(try JSONSerialization.jsonObject(with: Data(listText.utf8)) as? [[String: Any]])
            let listed = try #require(list.first { $0["id"] as? String == id })
            #expect((listed["swapsAskedOfYou"] as? [[String: Any]])?.first?["id"] as? String == swapID)
            #expect(listed["youPresent"] as? Bool == false)
            // Ada cannot answer her own request
            #expect(
                try await CaseAPITests.send(
                    app, .PUT, "/api/v1/meetings/\(id)/presenter-swaps/\(swapID)", token: adaToken,
                    body: #"{"accept": true}"#
                ).0 == .notFound)
            let (answered, answer, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/meetings/\(id)/presenter-swaps/\(swapID)", token: benToken,
                body: #"{"accept": true}"#)
            #expect(answered == .ok)
            #expect(answer["status"] as? String == "accepted")
            let (_, _, afterText) = try await CaseAPITests.send(
                app, .GET, "/api/v1/groups/\(group.uuidString.lowercased())/meetings", token: benToken)
            let after = try #require(try JSONSerialization.jsonObject(with: Data(afterText.utf8)) as? [[String: Any]])
            #expect(after.first { $0["id"] as? String == id }?["youPresent"] as? Bool == true)
            // Ada is no longer the presenter: asking again is a conflict
            #expect(
                try await CaseAPITests.send(
                    app, .POST, "/api/v1/meetings/\(id)/presenter-swaps", token: adaToken,
                    body: #"{"personId": "\#(ben.id.uuidString.lowercased())"}"#
                ).0 == .conflict)
        }
    }
}
