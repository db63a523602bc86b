import CairnCore
import Fluent
import Foundation
import Vapor

/// Messages, the support plan, closure and feedback: the parts of a case both sides touch.
struct CaseConversation {
    let request: Request

    var state: CairnState { request.application.cairn }
    var now: Date { state.collaborators.now() }

    struct MessageView {
        var sender: String
        var fromClinician: Bool
        var sent: Date
        var body: String
    }

    func messages(of record: SupportCase) async throws -> [MessageView] {
        let caseID = try record.requireID()
        let messages = try await CaseMessage.query(on: request.db).filter(\.$caseID == caseID).sort(\.$createdAt).all()
        let names = try await Accounts.displayNames(of: messages.map(\.senderID), on: request.db)
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
            try await request.audit(
                SupportAudit.caseMessagesRead, resourceType: .supportCase, resourceID: caseID.uuidString,
                subject: record.clinicianID)
        }
        return views
    }

    /// Sends a message; the other side gets an email that only says there is one.
    func send(_ body: String, on record: SupportCase) async throws -> FormErrors {
        var errors = FormErrors()
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { errors.add("message", "Enter your message") }
        if text.count > 10_000 { errors.add("message", "A message must be 10,000 characters or fewer") }
        guard errors.isEmpty else { return errors }
        let actor = try request.requireActor()
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
            recipients = try await CaseAssignment.query(on: request.db).filter(\.$caseID == caseID).all().map(
                \.personID)
        }
        let people = try await Person.query(on: request.db).filter(\.$id ~~ recipients).all()
        try await request.db.transaction { database in
            try await message.create(on: database)
            for person in people {
                let link = OneTimeLinks.absoluteURL(
                    fromClinician ? .supportCase(caseID) : .myCase(caseID), request: request)
                try await Outbox.enqueue(
                    to: person.email, subject: "You have a new message in Cairn",
                    body:
                        "Hello \(person.displayName),\n\nYou have a new message in Cairn. Sign in to read it:\n\n\(link)\n",
                    now: now, on: database)
            }
            try await request.audit(
                SupportAudit.caseMessageSent, resourceType: .caseMessage, resourceID: message.id?.uuidString,
                subject: record.clinicianID, on: database)
        }
        return errors
    }

    struct PlanForm: Content {
        var intervention: String?
        var status: String?
        var provider: String?
        var startsOn: String?
        var endsOn: String?
        var cost: String?
    }

    func planItems(of record: SupportCase) async throws -> [PlanItem] {
        try await PlanItem.query(on: request.db).filter(\.$caseID == record.requireID()).sort(\.$createdAt).all()
    }

    func addPlanItem(_ form: PlanForm, to record: SupportCase) async throws -> FormErrors {
        var errors = FormErrors()
        let intervention = Intervention(rawValue: form.intervention ?? "")
        if intervention == nil { errors.add("intervention", "Select the support to add") }
        let status = PlanItem.Status(rawValue: form.status ?? "proposed")
        if status == nil { errors.add("status", "Select where this support stands") }
        let pence = Self.pence(form.cost ?? "")
        if pence == nil { errors.add("cost", "Enter the cost in pounds, like 120 or 120.50, or leave it empty") }
        for (field, value) in [("startsOn", form.startsOn), ("endsOn", form.endsOn)] {
            if let value = value?.nonBlank, Self.isoDay(value) == nil {
                errors.add(field, "Enter the date as year-month-day, like 2026-12-01")
            }
        }
        if (form.provider ?? "").unicodeScalars.count > 160 {
            errors.add("provider", "Provider must be 160 characters or fewer")
        }
        guard errors.isEmpty, let intervention, let status, let pence else { return errors }
        let item = PlanItem()
        item.caseID = try record.requireID()
        item.intervention = intervention.rawValue
        item.status = status
        item.provider = form.provider?.nonBlank
        item.startsOn = form.startsOn?.nonBlank
        item.endsOn = form.endsOn?.nonBlank
        item.costPence = pence
        item.createdAt = now
        try await item.create(on: request.db)
        try await request.audit(
            SupportAudit.planItemAdded, resourceType: .planItem, resourceID: item.id?.uuidString,
            subject: record.clinicianID)
        return errors
    }

    /// "120", "£120.50", "1,200" → pence; empty is free; anything else is refused.
    static func pence(_ text: String) -> Int? {
        let cleaned = text.replacingOccurrences(of: "£", with: "").replacingOccurrences(of: ",", with: "")
            .trimmingCharacters(in: .whitespaces)
        if cleaned.isEmpty { return 0 }
        guard let value = Decimal(string: cleaned, locale: Locale(identifier: "en_GB")), value >= 0, value < 1_000_000,
            cleaned.allSatisfy({ $0.isNumber || $0 == "." }), cleaned.filter({ $0 == "." }).count <= 1
        else { return nil }
        return NSDecimalNumber(decimal: value * 100).rounding(accordingToBehavior: nil).intValue
    }

    static func isoDay(_ text: String) -> CalendarDay? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (2000...2100).contains(parts[0]), (1...12).contains(parts[1]),
            (1...31).contains(parts[2])
        else {
            return nil
        }
        return CalendarDay(parts[0], parts[1], parts[2])
    }

    struct FeedbackForm: Content {
        var feltSafe: String?
        var wasUseful: String?
        var wouldRecommend: String?
        var comment: String?
    }

    func giveFeedback(_ form: FeedbackForm, on record: SupportCase) async throws -> FormErrors {
        var errors = FormErrors()
        let safe = Int(form.feltSafe ?? "").flatMap { (1...5).contains($0) ? $0 : nil }
        let useful = Int(form.wasUseful ?? "").flatMap { (1...5).contains($0) ? $0 : nil }
        let recommend = Int(form.wouldRecommend ?? "").flatMap { (0...10).contains($0) ? $0 : nil }
        if safe == nil { errors.add("feltSafe", "Select how safe you felt to speak openly, from 1 to 5") }
        if useful == nil { errors.add("wasUseful", "Select how useful the support was, from 1 to 5") }
        if recommend == nil { errors.add("wouldRecommend", "Select how likely you are to recommend us, from 0 to 10") }
        if (form.comment ?? "").count > 2_000 { errors.add("comment", "Comments must be 2,000 characters or fewer") }
        let caseID = try record.requireID()
        if try await CaseFeedback.query(on: request.db).filter(\.$caseID == caseID).first() != nil {
            errors.add("feltSafe", "You have already given feedback on this support: thank you")
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
        try await feedback.create(on: request.db)
        try await request.audit(
            SupportAudit.caseFeedbackGiven, resourceType: .supportCase, resourceID: caseID.uuidString,
            subject: record.clinicianID)
        return errors
    }
}
