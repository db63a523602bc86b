import Foundation

/// The support feature's paths: self-referral, suggestions, triage, cases, the clinician's own support, figures.
extension SiteURL {
    static let refer = SiteURL(segments: [.constant("refer")])
    static func referStep(_ step: String?) -> SiteURL {
        SiteURL(segments: [.constant("refer"), .parameter("step", step)])
    }
    static let referCheck = SiteURL(segments: [.constant("refer"), .constant("check-your-answers")])
    static func referSent(_ reference: String?) -> SiteURL {
        SiteURL(segments: [.constant("refer"), .constant("sent"), .parameter("reference", reference)])
    }
    static let mySupport = SiteURL(segments: [.constant("my-support")])
    static let triage = SiteURL(segments: [.constant("triage")])
    static let caseload = SiteURL(segments: [.constant("cases")])
    static func triageTake(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("triage"), .parameter("caseID", id?.uuidString.lowercased()), .constant("take")])
    }
    static func triageRequest(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("triage"), .parameter("caseID", id?.uuidString.lowercased())])
    }
    static func casePlanItem(_ caseID: UUID?, _ itemID: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", caseID?.uuidString.lowercased()), .constant("plan"),
            .parameter("itemID", itemID?.uuidString.lowercased()),
        ])
    }
    static func supportCase(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased())])
    }
    static func caseNotes(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("notes")])
    }
    static func caseTransition(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("transition"),
        ])
    }
    static func caseMessages(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("messages"),
        ])
    }
    static func casePlan(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("plan")])
    }
    static func myCase(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("my-support"), .parameter("caseID", id?.uuidString.lowercased())])
    }
    static func myCaseMessages(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("my-support"), .parameter("caseID", id?.uuidString.lowercased()), .constant("messages"),
        ])
    }
    static func myCaseWithdraw(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("my-support"), .parameter("caseID", id?.uuidString.lowercased()), .constant("withdraw"),
        ])
    }
    static func myCaseFeedback(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("my-support"), .parameter("caseID", id?.uuidString.lowercased()), .constant("feedback"),
        ])
    }
    static let supportFigures = SiteURL(segments: [.constant("figures"), .constant("support")])
    static func caseBreakGlass(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("break-glass"),
        ])
    }
    static func triageAssign(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("triage"), .parameter("caseID", id?.uuidString.lowercased()), .constant("assign")])
    }
    static let referSomeone = SiteURL(segments: [.constant("refer-someone")])
    static func caseAssessment(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("assessment"),
        ])
    }
    static func caseEducatorUpdates(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("educator-updates"),
        ])
    }
    static func myCaseEducatorUpdate(_ caseID: UUID?, _ updateID: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("my-support"), .parameter("caseID", caseID?.uuidString.lowercased()),
            .constant("educator-updates"), .parameter("updateID", updateID?.uuidString.lowercased()),
        ])
    }
    static let referralsMade = SiteURL(segments: [.constant("refer-someone"), .constant("made")])
    static func suggestionConfirm(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("my-support"), .constant("suggestions"),
            .parameter("suggestionID", id?.uuidString.lowercased()), .constant("confirm"),
        ])
    }
    static func suggestionDecline(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("my-support"), .constant("suggestions"),
            .parameter("suggestionID", id?.uuidString.lowercased()), .constant("decline"),
        ])
    }
    static let supportFiguresCSV = SiteURL(segments: [.constant("figures"), .constant("support.csv")])
    static func caseMentoring(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("mentoring"),
        ])
    }
}
