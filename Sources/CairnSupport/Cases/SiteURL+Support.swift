import CairnAccounts
import CairnPlatform
import Foundation

/// The support feature's paths: self-referral, suggestions, triage, cases, the clinician's own support, figures.
extension SiteURL {
    package static let refer = SiteURL(segments: [.constant("refer")])
    package static func referStep(_ step: String?) -> SiteURL {
        SiteURL(segments: [.constant("refer"), .parameter("step", step)])
    }
    package static let referCheck = SiteURL(segments: [.constant("refer"), .constant("check-your-answers")])
    /// Deleting an unfinished request's answers (POST).
    package static let referDiscard = SiteURL(segments: [.constant("refer"), .constant("discard")])
    package static func referSent(_ reference: String?) -> SiteURL {
        SiteURL(segments: [.constant("refer"), .constant("sent"), .parameter("reference", reference)])
    }
    package static let mySupport = SiteURL(segments: [.constant("my-support")])
    package static let triage = SiteURL(segments: [.constant("triage")])
    package static let caseload = SiteURL(segments: [.constant("cases")])
    package static func triageTake(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("triage"), .parameter("caseID", id?.uuidString.lowercased()), .constant("take")])
    }
    package static func triageRequest(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("triage"), .parameter("caseID", id?.uuidString.lowercased())])
    }
    package static func casePlanItem(_ caseID: UUID?, _ itemID: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", caseID?.uuidString.lowercased()), .constant("plan"),
            .parameter("itemID", itemID?.uuidString.lowercased()),
        ])
    }
    package static func supportCase(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased())])
    }
    package static func caseNotes(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("notes")])
    }
    package static func caseTransition(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("transition"),
        ])
    }
    package static func caseMessages(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("messages"),
        ])
    }
    /// Finding a guide or an event to suggest, and adding it to the plan (issue #19 item 6).
    package static func casePlanResources(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("plan-resources"),
        ])
    }
    package static func casePlan(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("plan")])
    }
    package static func myCase(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("my-support"), .parameter("caseID", id?.uuidString.lowercased())])
    }
    package static func myCaseMessages(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("my-support"), .parameter("caseID", id?.uuidString.lowercased()), .constant("messages"),
        ])
    }
    package static func myCaseWithdraw(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("my-support"), .parameter("caseID", id?.uuidString.lowercased()), .constant("withdraw"),
        ])
    }
    package static func myCaseFeedback(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("my-support"), .parameter("caseID", id?.uuidString.lowercased()), .constant("feedback"),
        ])
    }
    package static let supportFigures = SiteURL(segments: [.constant("figures"), .constant("support")])
    package static func caseBreakGlass(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("break-glass"),
        ])
    }
    package static func triageAssign(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("triage"), .parameter("caseID", id?.uuidString.lowercased()), .constant("assign")])
    }
    package static let referSomeone = SiteURL(segments: [.constant("refer-someone")])
    /// The open cases one case manager holds, for the unit lead (`/cases/team/{personID}`).
    package static func caseHolder(_ personID: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .constant("team"), .parameter("personID", personID?.uuidString.lowercased()),
        ])
    }
    package static func caseReallocation(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("reallocation"),
        ])
    }
    package static func caseAssessment(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("assessment"),
        ])
    }
    package static func caseTimeline(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("timeline"),
        ])
    }
    package static func caseEducatorUpdates(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("educator-updates"),
        ])
    }
    package static func myCaseEducatorUpdate(_ caseID: UUID?, _ updateID: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("my-support"), .parameter("caseID", caseID?.uuidString.lowercased()),
            .constant("educator-updates"), .parameter("updateID", updateID?.uuidString.lowercased()),
        ])
    }
    package static let referralsMade = SiteURL(segments: [.constant("refer-someone"), .constant("made")])
    package static func suggestionConfirm(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("my-support"), .constant("suggestions"),
            .parameter("suggestionID", id?.uuidString.lowercased()), .constant("confirm"),
        ])
    }
    package static func suggestionDecline(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("my-support"), .constant("suggestions"),
            .parameter("suggestionID", id?.uuidString.lowercased()), .constant("decline"),
        ])
    }
    package static let supportFiguresCSV = SiteURL(segments: [.constant("figures"), .constant("support.csv")])
    package static func caseMentoring(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("mentoring"),
        ])
    }
}

extension SiteURL {
    /// The unit lead brings the unit's earlier records into Cairn (issue #14 item 3).
    package static let earlierRecords = SiteURL(segments: [.constant("earlier-records")])
}
