import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Messages, the support plan, closure and feedback: the parts of a case both sides touch.
package struct CaseConversation {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    package var state: CairnState { context.state }
    package var now: Date { state.collaborators.now() }

    package struct MessageView {
        package var sender: String
        package var fromClinician: Bool
        package var sent: Date
        package var body: String
    }

    /// `range`: one page of them, oldest first (the API); all of them otherwise (the pages).
    package func messages(of record: SupportCase, range: Range<Int>? = nil) async throws -> [MessageView] {
        let caseID = try record.requireID()
        var query = CaseMessage.query(on: context.database).filter(\.$caseID == caseID).sort(\.$createdAt)
            .sort(\.$id)
        if let range { query = query.range(range) }
        let messages = try await query.all()
        let names = try await Accounts.displayNames(of: messages.map(\.senderID), on: context.database)
        let views = try messages.map { message in
            MessageView(
                sender: names[message.senderID] ?? "Former colleague",
                fromClinician: message.senderID == record.clinicianID,
                sent: message.createdAt,
                body: try state.cipher.open(
                    message.body,
                    for: .init(table: CaseMessage.schema, recordID: try message.requireID(), field: "body")))
        }
        if !views.isEmpty {
            try await context.audit(
                SupportAudit.caseMessagesRead, resourceType: .supportCase, resourceID: caseID.uuidString,
                subject: record.clinicianID)
        }
        // A case manager shown the messages has read them up to the newest shown (the caseload's unread count).
        if let reader = context.actor?.personID, reader != record.clinicianID,
            let newest = try messages.last?.requireID()
        {
            try await CaseRead.mark(
                caseID: caseID, personID: reader, upToMessage: newest, newID: state.collaborators.newID(),
                on: context.database)
        }
        return views
    }

    package func messageCount(of record: SupportCase) async throws -> Int {
        try await CaseMessage.query(on: context.database).filter(\.$caseID == record.requireID()).count()
    }

    /// Sends a message; the other side gets an email that only says there is one.
    package func send(_ body: String, on record: SupportCase) async throws -> FormErrors {
        var errors = FormErrors()
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { errors.add("message", "Enter your message") }
        if text.count > 10_000 { errors.add("message", "A message must be 10,000 characters or fewer") }
        guard errors.isEmpty else { return errors }
        let actor = try context.requireActor()
        let caseID = try record.requireID()
        let message = CaseMessage()
        message.id = state.collaborators.newID()
        message.caseID = caseID
        message.senderID = actor.personID
        message.body = try state.cipher.seal(
            text, for: .init(table: CaseMessage.schema, recordID: message.id!, field: "body"))
        message.createdAt = now
        let fromClinician = actor.personID == record.clinicianID
        var recipients: [UUID] = [record.clinicianID]
        if fromClinician {
            recipients = try await CaseAssignment.query(on: context.database).filter(\.$caseID == caseID).all().map(
                \.personID)
        }
        let people = try await Person.query(on: context.database).filter(\.$id ~~ recipients).all()
        try await context.database.transaction { database in
            try await message.create(on: database)
            for person in people {
                let link = context.link(
                    fromClinician ? .supportCase(caseID) : .myCase(caseID))
                try await Outbox.enqueue(
                    to: person.email, subject: "You have a new message in Cairn",
                    body:
                        "Hello \(person.displayName),\n\nYou have a new message in Cairn. Sign in to read it:\n\n\(link)\n",
                    now: now, on: database)
            }
            try await context.audit(
                SupportAudit.caseMessageSent, resourceType: .caseMessage, resourceID: message.id?.uuidString,
                subject: record.clinicianID, on: database)
        }
        return errors
    }

    /// The plan form as posted: its field names are `PlanItemField`'s.
    package struct PlanForm: Content {
        package var intervention: String?
        package var status: String?
        package var provider: String?
        package var startsOn: String?
        package var endsOn: String?
        package var reviewOn: String?
        package var cost: String?
        package var version: Int?

        package var draft: PlanItemDraft {
            PlanItemDraft(
                intervention: intervention, status: status, provider: provider, startsOn: startsOn, endsOn: endsOn,
                reviewOn: reviewOn, cost: cost ?? "")
        }
    }

    package func planItems(of record: SupportCase) async throws -> [PlanItem] {
        try await PlanItem.query(on: context.database).filter(\.$caseID == record.requireID()).sort(\.$createdAt).all()
    }

    /// Adds a checked plan item; the problems, each naming its field, when the draft does not check.
    package func addPlanItem(_ draft: PlanItemDraft, to record: SupportCase) async throws -> [PlanItemDraft.Problem] {
        let settings: PlanItemDraft.Settings
        switch draft.validate() {
        case .success(let checked): settings = checked
        case .failure(let refusal): return refusal.problems
        }
        let item = PlanItem()
        item.id = state.collaborators.newID()
        item.caseID = try record.requireID()
        item.createdAt = now
        item.version = 1
        Self.apply(settings, to: item)
        try await item.create(on: context.database)
        try await context.audit(
            SupportAudit.planItemAdded, resourceType: .planItem, resourceID: item.id?.uuidString,
            subject: record.clinicianID)
        return []
    }

    package enum PlanItemChange: Equatable {
        case done
        /// Someone saved a change first: the page must be read again.
        case stale
        case invalid([PlanItemDraft.Problem])
    }

    /// Changes a plan item if the page that asked saw its current version (one conditional update).
    package func changePlanItem(_ item: PlanItem, of record: SupportCase, to draft: PlanItemDraft, seenVersion: Int)
        async throws -> PlanItemChange
    {
        let settings: PlanItemDraft.Settings
        switch draft.validate() {
        case .success(let checked): settings = checked
        case .failure(let refusal): return .invalid(refusal.problems)
        }
        let itemID = try item.requireID()
        let update = (context.database as! any SQLDatabase).update(PlanItem.schema)
        // A guide's or event's item changed to another kind of support no longer points to it.
        if let resource = item.resource, resource.kind.intervention != settings.intervention {
            update.set("resource_kind", to: SQLLiteral.null).set("resource_id", to: SQLLiteral.null)
        }
        let changed =
            try await update
            .set("intervention", to: SQLBind(settings.intervention.rawValue))
            .set("status", to: SQLBind(settings.status.rawValue))
            .set("provider", to: SQLBind(settings.provider))
            .set("starts_on", to: SQLBind(settings.startsOn?.description))
            .set("ends_on", to: SQLBind(settings.endsOn?.description))
            .set("review_on", to: SQLBind(settings.reviewOn?.description))
            .set("cost_pence", to: SQLBind(settings.costPence))
            .set("version", to: SQLBind(seenVersion + 1)).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(itemID)).where("case_id", .equal, SQLBind(try record.requireID()))
            .where("version", .equal, SQLBind(seenVersion))
            .returning("id").all()
        guard !changed.isEmpty else { return .stale }
        try await context.audit(
            SupportAudit.planItemChanged, resourceType: .planItem, resourceID: itemID.uuidString,
            subject: record.clinicianID)
        return .done
    }

    private static func apply(_ settings: PlanItemDraft.Settings, to item: PlanItem) {
        item.intervention = settings.intervention.rawValue
        item.status = settings.status
        item.provider = settings.provider
        item.startsOn = settings.startsOn?.description
        item.endsOn = settings.endsOn?.description
        item.reviewOn = settings.reviewOn?.description
        item.costPence = settings.costPence
    }

    package struct FeedbackForm: Content {
        package var feltSafe: String?
        package var wasUseful: String?
        package var wouldRecommend: String?
        package var comment: String?
    }

    package static let feedbackAlreadyGiven = "You have already given feedback on this support: thank you"

    package func giveFeedback(_ form: FeedbackForm, on record: SupportCase) async throws -> FormErrors {
        var errors = FormErrors()
        let safe = Int(form.feltSafe ?? "").flatMap { (1...5).contains($0) ? $0 : nil }
        let useful = Int(form.wasUseful ?? "").flatMap { (1...5).contains($0) ? $0 : nil }
        let recommend = Int(form.wouldRecommend ?? "").flatMap { (0...10).contains($0) ? $0 : nil }
        if safe == nil { errors.add("feltSafe", "Select how safe you felt to speak openly, from 1 to 5") }
        if useful == nil { errors.add("wasUseful", "Select how useful the support was, from 1 to 5") }
        if recommend == nil { errors.add("wouldRecommend", "Select how likely you are to recommend us, from 0 to 10") }
        if (form.comment ?? "").count > 2_000 { errors.add("comment", "Comments must be 2,000 characters or fewer") }
        let caseID = try record.requireID()
        if try await CaseFeedback.query(on: context.database).filter(\.$caseID == caseID).first() != nil {
            errors.add("feltSafe", Self.feedbackAlreadyGiven)
        }
        guard errors.isEmpty, let safe, let useful, let recommend else { return errors }
        let feedback = CaseFeedback()
        feedback.id = state.collaborators.newID()
        feedback.caseID = caseID
        feedback.answeredAt = now
        feedback.feltSafe = safe
        feedback.wasUseful = useful
        feedback.wouldRecommend = recommend
        feedback.comment = try form.comment?.nonBlank.map {
            try state.cipher.seal($0, for: .init(table: CaseFeedback.schema, recordID: feedback.id!, field: "comment"))
        }
        do {
            try await context.transaction { context in
                try await feedback.create(on: context.database)
                try await context.audit(
                    SupportAudit.caseFeedbackGiven, resourceType: .supportCase, resourceID: caseID.uuidString,
                    subject: record.clinicianID)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // A second answer sent at the same moment (another tab, a retried request): the case has one.
            errors.add("feltSafe", Self.feedbackAlreadyGiven)
        }
        return errors
    }
}
