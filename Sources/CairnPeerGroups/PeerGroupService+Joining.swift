import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// Who may join a group (issue #16 item 1): invitations from its facilitators, requests to join a group that is by
/// invitation, and the facilitators' answers. Joining itself (`join`) accepts the agreement; a group by invitation
/// lets in only those invited or let in.
extension PeerGroupService {
    static let byInvitationOnly =
        "This group is by invitation: ask to join, and the facilitators will reply by email"

    /// The actor's invitation or request for a group, if any.
    package func invitation(to group: PeerGroup, for personID: UUID? = nil) async throws -> PeerGroupInvitation? {
        let person = try personID ?? context.requireActor().personID
        return try await PeerGroupInvitation.query(on: context.database).filter(\.$groupID == group.requireID())
            .filter(\.$personID == person).first()
    }

    /// Invites someone of the organisation who may take part in peer groups, by their address: they are emailed a
    /// link to the group, where they read the agreement and join. Inviting again reopens an invitation.
    package func invite(to group: PeerGroup, email: String) async throws -> Result<PeerGroupInvitation, FormErrors> {
        let actor = try context.requireActor()
        var errors = FormErrors()
        let address = email.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Accounts.isPlausibleEmail(address) else {
            errors.add("email", "Enter an email address, like name@example.nhs.uk")
            return .failure(errors)
        }
        let groupID = try group.requireID()
        guard let person = try await Accounts.person(email: address, on: context.database),
            person.status == .active || person.status == .invited,
            let personID = person.id,
            !(try await Accounts.roles(of: personID, in: group.organisationID, on: context.database))
                .isDisjoint(with: [.clinician, .facilitator])
        else {
            errors.add("email", "No one in your organisation who can join peer groups has that address")
            return .failure(errors)
        }
        if try await PeerGroupMember.query(on: context.database).filter(\.$groupID == groupID)
            .filter(\.$personID == personID).filter(\.$leftAt == nil).first() != nil
        {
            errors.add("email", "\(person.displayName) is already in the group")
            return .failure(errors)
        }
        let invitation = try await context.transaction { context -> PeerGroupInvitation in
            let row =
                try await PeerGroupInvitation.query(on: context.database).filter(\.$groupID == groupID)
                .filter(\.$personID == personID).first() ?? PeerGroupInvitation()
            if row.id == nil {
                row.id = context.newID()
                row.groupID = groupID
                row.personID = personID
            }
            row.kind = .invited
            row.status = .open
            row.createdBy = actor.personID
            row.createdAt = context.now
            row.decidedAt = nil
            try await row.save(on: context.database)
            try await Outbox.enqueue(
                to: person.email, subject: "You are invited to a peer group",
                body: """
                    You are invited to join \(group.name), a peer support group: \(group.rule.summary).

                    Read its confidentiality agreement and join here:
                    \(context.state.link(.group(groupID)))
                    """, now: context.now, on: context.database)
            try await context.audit(
                PeerGroupsAudit.peerGroupInvited, resourceType: .peerGroup, resourceID: groupID.uuidString,
                subject: personID)
            return row
        }
        return .success(invitation)
    }

    /// Asks to join a group that is by invitation; its facilitators are emailed. Asking again while waiting changes
    /// nothing; asking after a "no" asks again.
    package func askToJoin(_ group: PeerGroup) async throws -> Result<PeerGroupInvitation, FormErrors> {
        let actor = try context.requireActor()
        var errors = FormErrors()
        let groupID = try group.requireID()
        if try await PeerGroupMember.query(on: context.database).filter(\.$groupID == groupID)
            .filter(\.$personID == actor.personID).filter(\.$leftAt == nil).first() != nil
        {
            errors.addConflict("ask", "You are already in this group")
            return .failure(errors)
        }
        guard group.joining == .invitation else {
            errors.addConflict("ask", "Anyone here can join this group: accept its agreement to join")
            return .failure(errors)
        }
        if let existing = try await invitation(to: group), existing.status == .open || existing.status == .letIn {
            return .success(existing)
        }
        let row = try await context.transaction { context -> PeerGroupInvitation in
            let row =
                try await PeerGroupInvitation.query(on: context.database).filter(\.$groupID == groupID)
                .filter(\.$personID == actor.personID).first() ?? PeerGroupInvitation()
            if row.id == nil {
                row.id = context.newID()
                row.groupID = groupID
                row.personID = actor.personID
            }
            row.kind = .asked
            row.status = .open
            row.createdBy = actor.personID
            row.createdAt = context.now
            row.decidedAt = nil
            try await row.save(on: context.database)
            let facilitators = try await PeerGroupMember.query(on: context.database).filter(\.$groupID == groupID)
                .filter(\.$kind == .facilitator).filter(\.$leftAt == nil).all(\.$personID)
            for person in try await Person.query(on: context.database).filter(\.$id ~~ facilitators).all() {
                try await Outbox.enqueue(
                    to: person.email, subject: "Someone asks to join your peer group",
                    body: """
                        Someone has asked to join \(group.name). Answer on the group's page:
                        \(context.state.link(.group(groupID)))
                        """, now: context.now, on: context.database)
            }
            try await context.audit(
                PeerGroupsAudit.peerGroupJoinAsked, resourceType: .peerGroup, resourceID: groupID.uuidString,
                subject: actor.personID)
            return row
        }
        return .success(row)
    }

    /// A facilitator's answer to a request to join: let in (they may now join by accepting the agreement) or not.
    /// Answered once: a second answer, or one to a request that is no longer waiting, is a conflict.
    package func answer(_ requestID: UUID, in group: PeerGroup, letIn: Bool) async throws
        -> Result<PeerGroupInvitation, FormErrors>
    {
        var errors = FormErrors()
        let groupID = try group.requireID()
        guard
            let request = try await PeerGroupInvitation.query(on: context.database).filter(\.$id == requestID)
                .filter(\.$groupID == groupID).filter(\.$kind == .asked).first()
        else {
            errors.add("request", "That request is not one of this group's")
            return .failure(errors)
        }
        let status: PeerGroupInvitation.Status = letIn ? .letIn : .declined
        let answered = try await versioned("request", "That request has already been answered") { context in
            let sql = context.database as! any SQLDatabase
            let rows = try await sql.update(PeerGroupInvitation.schema).set("status", to: SQLBind(status.rawValue))
                .set("decided_at", to: SQLBind(context.now)).where("id", .equal, SQLBind(requestID))
                .where("status", .equal, SQLBind(PeerGroupInvitation.Status.open.rawValue)).returning("id").all()
            guard !rows.isEmpty else { return false }
            if let person = try await Person.find(request.personID, on: context.database) {
                try await Outbox.enqueue(
                    to: person.email,
                    subject: letIn ? "You can join the peer group" : "About your request to join a peer group",
                    body: letIn
                        ? """
                        Your request to join \(group.name) is accepted. Read the confidentiality agreement and join:
                        \(context.state.link(.group(groupID)))
                        """
                        : """
                        Thank you for asking to join \(group.name). The group cannot take you in this time; the \
                        facilitators may suggest another group.
                        """, now: context.now, on: context.database)
            }
            try await context.audit(
                PeerGroupsAudit.peerGroupJoinAnswered, resourceType: .peerGroup, resourceID: groupID.uuidString,
                subject: request.personID)
            return true
        }
        if case .failure(let errors) = answered { return .failure(errors) }
        guard let saved = try await PeerGroupInvitation.find(requestID, on: context.database) else {
            return .failure(errors)
        }
        return .success(saved)
    }

    /// Who may join from now on: open to the organisation, or by invitation. Members stay members.
    package func setJoining(_ group: PeerGroup, to joining: PeerGroup.Joining) async throws {
        let groupID = try group.requireID()
        guard group.joining != joining else { return }
        try await context.transaction { context in
            try await (context.database as! any SQLDatabase).update(PeerGroup.schema)
                .set("joining", to: SQLBind(joining.rawValue)).where("id", .equal, SQLBind(groupID)).run()
            try await context.audit(
                PeerGroupsAudit.peerGroupJoiningChanged, resourceType: .peerGroup, resourceID: groupID.uuidString)
        }
    }

    /// A group's invitations and requests with names, waiting ones first, then newest: a page at a time.
    package struct InvitationRow: Sendable {
        package var invitation: PeerGroupInvitation
        package var name: String
    }

    package func invitations(of group: PeerGroup, page: Int, size: Int = 25) async throws
        -> (rows: [InvitationRow], paging: Paging)
    {
        let groupID = try group.requireID()
        let query = PeerGroupInvitation.query(on: context.database).filter(\.$groupID == groupID)
            .filter(\.$status != .joined)
        let paging = Paging(total: try await query.copy().count(), pageSize: size, requested: page)
        // Waiting ones first (two ranges over one order), then the answered and the invitations not taken up.
        let waiting = try await query.copy().filter(\.$status == .open).count()
        var rows: [PeerGroupInvitation] = []
        let range = paging.offset..<(paging.offset + size)
        if range.lowerBound < waiting {
            rows += try await query.copy().filter(\.$status == .open).sort(\.$createdAt, .descending).sort(\.$id)
                .range(range.lowerBound..<min(range.upperBound, waiting)).all()
        }
        if range.upperBound > waiting {
            let from = max(range.lowerBound - waiting, 0)
            rows += try await query.copy().filter(\.$status != .open).sort(\.$createdAt, .descending).sort(\.$id)
                .range(from..<(range.upperBound - waiting)).all()
        }
        let names = try await Accounts.displayNames(of: rows.map(\.personID), on: context.database)
        return (rows.map { InvitationRow(invitation: $0, name: names[$0.personID] ?? "Someone") }, paging)
    }
}

extension PeerGroupService {
    /// A group has facilitators (issue #16 item 1): one of them makes a current member who holds the facilitator
    /// role a co-facilitator, who then runs the group with them (attendance, records, invitations, figures).
    package func makeFacilitator(_ personID: UUID, of group: PeerGroup) async throws -> Result<Void, FormErrors> {
        var errors = FormErrors()
        let groupID = try group.requireID()
        guard
            let member = try await PeerGroupMember.query(on: context.database).filter(\.$groupID == groupID)
                .filter(\.$personID == personID).filter(\.$leftAt == nil).first()
        else {
            errors.add("facilitator", "Choose a member of the group")
            return .failure(errors)
        }
        if member.kind == .facilitator { return .success(()) }
        guard
            try await Accounts.roles(of: personID, in: group.organisationID, on: context.database)
                .contains(.facilitator)
        else {
            errors.add("facilitator", "Only someone who holds the facilitator role can facilitate a group")
            return .failure(errors)
        }
        try await context.transaction { context in
            try await (context.database as! any SQLDatabase).update(PeerGroupMember.schema)
                .set("kind", to: SQLBind(PeerGroupMember.Kind.facilitator.rawValue))
                .where("id", .equal, SQLBind(try member.requireID())).run()
            if let person = try await Person.find(personID, on: context.database) {
                try await Outbox.enqueue(
                    to: person.email, subject: "You now facilitate a peer group",
                    body: """
                        You are now a facilitator of \(group.name), with its other facilitators:
                        \(context.state.link(.group(groupID)))
                        """, now: context.now, on: context.database)
            }
            try await context.audit(
                PeerGroupsAudit.peerGroupFacilitatorAdded, resourceType: .peerGroup, resourceID: groupID.uuidString,
                subject: personID)
        }
        return .success(())
    }

    /// Of these members, those who hold the facilitator role and do not facilitate the group yet (one query).
    package func membersWhoMayFacilitate(_ members: [PeerGroupMember], in group: PeerGroup) async throws -> Set<UUID> {
        let candidates = members.filter { $0.kind == .member }.map(\.personID)
        guard !candidates.isEmpty else { return [] }
        let holders = try await RoleGrant.query(on: context.database).filter(\.$person.$id ~~ candidates)
            .filter(\.$organisationID == group.organisationID).filter(\.$roleName == Role.facilitator.rawValue)
            .all()
        return Set(holders.map(\.$person.id))
    }
}
