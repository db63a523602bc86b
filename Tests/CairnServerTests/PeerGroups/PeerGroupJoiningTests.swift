import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPeerGroups
@testable import CairnPlatform
@testable import CairnServer

/// Issue #16 item 1: membership by invitation and by request, beside joining an open group and leaving.
@Suite("Joining a peer group: invitations and requests")
struct PeerGroupJoiningTests {
    static func signedIn(_ app: Application, name: String) async throws -> (TestBrowser, TestPerson) {
        let person = try await app.makePerson([.clinician], name: name)
        let browser = TestBrowser(app)
        try await browser.signIn(person)
        return (browser, person)
    }

    static func mail(_ app: Application, to person: TestPerson) async throws -> [String] {
        try await OutboxMessage.query(on: app.db).filter(\.$recipient == person.email).all().map(\.subject)
    }

    @Test func aGroupByInvitationLetsInThoseInvitedOrLetIn() async throws {
        try await withCairn { app in
            let (group, facilitator, lead) = try await PeerGroupJourneyTests.startGroup(app)
            let path = "/groups/\(group.id!.uuidString.lowercased())"
            try await facilitator.get(path)
            #expect(try await facilitator.post(path + "/joining", [("joining", "invitation")]).status == .seeOther)
            #expect(try await PeerGroup.find(group.id, on: app.db)?.joining == .invitation)
            let version = String(group.agreementVersion)

            // someone not invited cannot join; they may ask, and the facilitators are told
            let (asker, askerPerson) = try await Self.signedIn(app, name: "Dr Asha Asker")
            let outside = try await asker.get(path)
            #expect(outside.body.contains("This group is by invitation"))
            #expect(!outside.body.contains("I accept the agreement above"))
            let refused = try await asker.post(path + "/join", [("accept[]", version)])
            #expect(refused.status == .conflict)
            #expect(try await PeerGroupMember.query(on: app.db).filter(\.$personID == askerPerson.id).count() == 0)
            #expect(try await asker.post(path + "/ask", []).location == path + "?notice=group-join-asked")
            #expect(try await Self.mail(app, to: lead).contains("Someone asks to join your peer group"))
            #expect(try await asker.get(path).body.contains("The facilitators will reply by email."))
            // asking again while waiting changes nothing
            #expect(try await asker.post(path + "/ask", []).status == .seeOther)
            #expect(try await PeerGroupInvitation.query(on: app.db).count() == 1)

            // the facilitator lets them in; they are told, then join by accepting the agreement
            let page = try await facilitator.get(path)
            #expect(page.body.contains("Asked to join on"))
            let request = try #require(try await PeerGroupInvitation.query(on: app.db).first())
            let answer = path + "/requests/\(request.id!.uuidString.lowercased())"
            #expect(try await facilitator.post(answer, [("decision", "let-in")]).status == .seeOther)
            #expect(try await Self.mail(app, to: askerPerson).contains("You can join the peer group"))
            // answered once
            #expect(try await facilitator.post(answer, [("decision", "decline")]).status == .conflict)
            #expect(try await asker.get(path).body.contains("Your request to join is accepted."))
            #expect(try await asker.post(path + "/join", [("accept[]", version)]).status == .seeOther)
            #expect(try await PeerGroupInvitation.find(request.id, on: app.db)?.status == .joined)
            #expect(try await asker.get(path).body.contains("You are a member of this group."))

            // a request declined: told kindly, and may ask again later
            let (other, otherPerson) = try await Self.signedIn(app, name: "Dr Omar Other")
            try await other.get(path)
            #expect(try await other.post(path + "/ask", []).status == .seeOther)
            let second = try #require(
                try await PeerGroupInvitation.query(on: app.db).filter(\.$personID == otherPerson.id).first())
            try await facilitator.get(path)
            let declined = try await facilitator.post(
                path + "/requests/\(second.id!.uuidString.lowercased())", [("decision", "decline")])
            #expect(declined.status == .seeOther)
            #expect(try await Self.mail(app, to: otherPerson).contains("About your request to join a peer group"))
            #expect(try await other.get(path).body.contains("Your last request to join was not accepted"))
            #expect(try await other.post(path + "/join", [("accept[]", version)]).status == .conflict)

            // an invitation by address: unknown addresses are refused with what was typed kept
            let (invitee, inviteePerson) = try await Self.signedIn(app, name: "Dr Ivy Invited")
            let unknown = try await facilitator.post(path + "/invitations", [("email", "nobody-KEPT@example.org")])
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.contains("No one in your organisation who can join peer groups has that address"))
            #expect(unknown.body.contains("nobody-KEPT@example.org"))
            let member = try await facilitator.post(path + "/invitations", [("email", askerPerson.email)])
            #expect(member.body.contains("is already in the group"))
            let sent = try await facilitator.post(path + "/invitations", [("email", inviteePerson.email.uppercased())])
            #expect(sent.location == path + "?notice=group-invitation-sent")
            #expect(try await Self.mail(app, to: inviteePerson).contains("You are invited to a peer group"))
            #expect(try await invitee.get("/groups").body.contains("Invited"))
            #expect(try await invitee.get(path).body.contains("You are invited to join this group."))
            #expect(try await invitee.post(path + "/join", [("accept[]", version)]).status == .seeOther)
            #expect(
                try await PeerGroupMember.query(on: app.db).filter(\.$personID == inviteePerson.id)
                    .filter(\.$leftAt == nil).count() == 1)

            // members neither invite nor answer
            let byMember = try await asker.post(path + "/invitations", [("email", otherPerson.email)])
            #expect(byMember.status == .forbidden || byMember.status == .notFound)
            let answerByMember = try await asker.post(
                path + "/requests/\(second.id!.uuidString.lowercased())", [("decision", "let-in")])
            #expect(answerByMember.status == .forbidden || answerByMember.status == .notFound)
        }
    }

    @Test func throughTheAPI() async throws {
        try await withCairn { app in
            let (group, _, lead) = try await PeerGroupJourneyTests.startGroup(app)
            let groupID = group.id!.uuidString.lowercased()
            let leadToken = try await CaseAPITests.token(for: lead, on: app)
            let person = try await app.makePerson([.clinician], name: "Dr Api Asker")
            let token = try await CaseAPITests.token(for: person, on: app)

            // an open group: asking is a conflict (join instead)
            let (open, _, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/groups/\(groupID)/join-requests", token: token)
            #expect(open == .conflict)
            let (changed, groupBody, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/groups/\(groupID)/joining", token: leadToken, body: #"{"joining": "invitation"}"#)
            #expect(changed == .ok)
            #expect(groupBody["joining"] as? String == "invitation")
            let join = #"{"acceptedVersion": \#(group.agreementVersion)}"#
            #expect(
                try await CaseAPITests.send(
                    app, .POST, "/api/v1/groups/\(groupID)/membership", token: token, body: join
                ).0 == .conflict)
            let (asked, request, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/groups/\(groupID)/join-requests", token: token)
            #expect(asked == .created)
            #expect(request["kind"] as? String == "asked" && request["status"] as? String == "open")
            let requestID = try #require(request["id"] as? String)
            let (_, mine, _) = try await CaseAPITests.send(app, .GET, "/api/v1/groups", token: token)
            #expect((mine["groups"] as? [[String: Any]])?.first?["myInvitation"] as? String == "asked")

            // the facilitator reads the waiting requests and lets them in, once
            let invitee = try await app.makePerson([.clinician], name: "Dr Api Invitee")
            let (invited, invitation, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/groups/\(groupID)/invitations", token: leadToken,
                body: #"{"email": "\#(invitee.email)"}"#)
            #expect(invited == .created)
            #expect(invitation["kind"] as? String == "invited")
            let (badStatus, problem, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/groups/\(groupID)/invitations", token: leadToken,
                body: #"{"email": "nobody@example.org"}"#)
            #expect(badStatus == .unprocessableEntity)
            #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "/email")
            let (listed, list, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/groups/\(groupID)/invitations", token: leadToken)
            #expect(listed == .ok)
            let rows = try #require(list["invitations"] as? [[String: Any]])
            #expect(rows.count == 2 && list["total"] as? Int == 2)
            #expect(Set(rows.compactMap { $0["kind"] as? String }) == ["asked", "invited"])
            let answer = "/api/v1/groups/\(groupID)/join-requests/\(requestID)"
            let (answered, answeredBody, _) = try await CaseAPITests.send(
                app, .PUT, answer, token: leadToken, body: #"{"letIn": true}"#)
            #expect(answered == .ok)
            #expect(answeredBody["status"] as? String == "let_in")
            #expect(
                try await CaseAPITests.send(app, .PUT, answer, token: leadToken, body: #"{"letIn": false}"#).0
                    == .conflict)
            // a request that is not this group's
            let (missing, _, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/groups/\(groupID)/join-requests/\(UUID().uuidString.lowercased())",
                token: leadToken,
                body: #"{"letIn": true}"#)
            #expect(missing == .notFound)
            // a member may not answer or list
            #expect(
                try await CaseAPITests.send(app, .PUT, answer, token: token, body: #"{"letIn": true}"#).0 == .forbidden)

            let (joined, joinedBody, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/groups/\(groupID)/membership", token: token, body: join)
            #expect(joined == .ok)
            #expect(joinedBody["membership"] as? String == "member")
            #expect(joinedBody["myInvitation"] as? String == "joined")
        }
    }

    @Test func aFacilitatorMakesAMemberWhoHoldsTheRoleACoFacilitator() async throws {
        try await withCairn { app in
            let (group, facilitator, lead) = try await PeerGroupJourneyTests.startGroup(app)
            let path = "/groups/\(group.id!.uuidString.lowercased())"
            // a second facilitator joins as a member; a clinician joins too
            let colleague = try await app.makePerson([.facilitator], name: "Dr Col League")
            let browser = TestBrowser(app)
            try await browser.signIn(colleague)
            try await browser.get(path)
            #expect(
                try await browser.post(path + "/join", [("accept[]", String(group.agreementVersion))]).status
                    == .seeOther)
            let (clinicianBrowser, clinician) = try await PeerGroupJourneyTests.join(app, group, name: "Dr Cli Nician")
            // before: the colleague is a member, and the group's figures are not theirs
            let before = try await browser.get(path + "/figures").status
            #expect(before == .notFound || before == .forbidden)
            let page = try await facilitator.get(path)
            #expect(page.body.contains("Make Dr Col League a co-facilitator"))
            #expect(!page.body.contains("Make Dr Cli Nician a co-facilitator"))
            // someone without the role is refused
            let refused = try await facilitator.post(path + "/facilitators", [("person", clinician.id.uuidString)])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("Only someone who holds the facilitator role can facilitate a group"))
            let made = try await facilitator.post(path + "/facilitators", [("person", colleague.id.uuidString)])
            #expect(made.location == path + "?notice=facilitator-added")
            let row = try #require(
                try await PeerGroupMember.query(on: app.db).filter(\.$personID == colleague.id).first())
            #expect(row.kind == .facilitator)
            #expect(
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == colleague.email).all()
                    .contains { $0.subject == "You now facilitate a peer group" })
            // the co-facilitator now runs the group: its figures and who can join are theirs too
            #expect(try await browser.get(path).body.contains("You facilitate this group."))
            #expect(try await browser.get(path + "/figures").status == .ok)
            // through the API: idempotent for one who facilitates; 422 for someone who is not a member
            let token = try await CaseAPITests.token(for: lead, on: app)
            let groupID = group.id!.uuidString.lowercased()
            let (again, _, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/groups/\(groupID)/facilitators/\(colleague.id.uuidString.lowercased())",
                token: token)
            #expect(again == .ok)
            let stranger = try await app.makePerson([.facilitator])
            let (notMember, _, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/groups/\(groupID)/facilitators/\(stranger.id.uuidString.lowercased())", token: token
            )
            #expect(notMember == .unprocessableEntity)
            // the wording changes: the co-facilitator is not asked again and still runs the meetings
            let current = try #require(try await PeerGroup.find(group.id, on: app.db))
            try await facilitator.get(path)
            let changed = try await facilitator.post(
                path + "/agreement",
                [
                    ("agreement", "A new wording of the agreement, long enough to be one, for everyone here."),
                    ("version", String(current.agreementVersion)),
                ])
            #expect(changed.status == .seeOther)
            let meeting = try #require(
                try await PeerMeeting.query(on: app.db).filter(\.$groupID == group.requireID()).sort(\.$startsAt)
                    .first())
            let meetingPage = try await browser.get("/meetings/\(meeting.id!.uuidString.lowercased())")
            #expect(meetingPage.status == .ok)
            #expect(meetingPage.body.contains("Move this meeting"))
            // a co-facilitator may step down while another stays; the last facilitator may not
            #expect(try await browser.get(path).body.contains("Step down and leave the group"))
            #expect(try await browser.post(path + "/leave", []).status == .seeOther)
            #expect(
                try await PeerGroupMember.query(on: app.db).filter(\.$personID == colleague.id).first()?.leftAt != nil)
            #expect(try await !facilitator.get(path).body.contains("Step down and leave the group"))
            try await facilitator.post(path + "/leave", [])
            #expect(
                try await PeerGroupMember.query(on: app.db).filter(\.$personID == lead.id).first()?.leftAt == nil)
            // a member cannot make anyone a facilitator
            try await clinicianBrowser.get(path)
            let byMember = try await clinicianBrowser.post(
                path + "/facilitators", [("person", clinician.id.uuidString)])
            #expect(byMember.status == .forbidden || byMember.status == .notFound)
        }
    }
}
