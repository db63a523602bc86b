import Foundation
import Vapor

/// Every path of the site, as one typed enum: it registers the routes and builds the links, so a link cannot
/// point nowhere and a renamed path changes in one place.
///
/// A case with a parameter registers its pattern when the value is nil (`.person(nil)` → `/admin/people/:personID`)
/// and builds a link when it has one.
enum SiteURL: Equatable, Sendable {
    case home
    case healthz
    case readyz
    case metrics
    case openAPISpec

    case signIn
    case signOut
    case secondFactor
    case register
    case registered
    case verifyEmail(String?)
    case forgotPassword
    case resetPassword(String?)
    case acceptInvitation(String?)

    case account
    case accountPassword
    case accountSecondFactor
    case accountSessionEnd(UUID?)
    case accountTokens
    case accountTokenRevoke(UUID?)

    case adminPeople
    case adminInvite
    case adminPerson(UUID?)
    case adminPersonRoles(UUID?)
    case adminPersonStatus(UUID?)

    case refer
    case referStep(String?)
    case referCheck
    case referSent(String?)
    case mySupport

    case triage
    case caseload
    case triageTake(UUID?)
    case triageRequest(UUID?)
    case casePlanItem(UUID?, UUID?)
    case supportCase(UUID?)
    case caseNotes(UUID?)
    case caseTransition(UUID?)
    case caseMessages(UUID?)
    case casePlan(UUID?)
    case myCase(UUID?)
    case myCaseMessages(UUID?)
    case myCaseWithdraw(UUID?)
    case myCaseFeedback(UUID?)
    case supportFigures
    case caseBreakGlass(UUID?)
    case triageAssign(UUID?)
    case referSomeone
    case caseAssessment(UUID?)
    case caseEducatorUpdates(UUID?)
    case myCaseEducatorUpdate(UUID?, UUID?)
    case referralsMade
    case suggestionConfirm(UUID?)
    case suggestionDecline(UUID?)
    case supportFiguresCSV

    case mentoring
    case mentoringProgrammes
    case mentoringProgramme(UUID?)
    case mentoringMentors(UUID?)
    case mentoringMentees(UUID?)
    case mentoringMentorPause(UUID?, UUID?)
    case mentoringMatching(UUID?)
    case mentoringMatchingChange(UUID?)
    case mentoringMatchingSwap(UUID?)
    case mentoringMatchingPublish(UUID?)
    case mentoringDashboard(UUID?)
    case mentoringDashboardCSV(UUID?)
    case myMentoring
    case myMentoringCalendar
    case mentoringSession(UUID?)
    case mentoringSessionRecord(UUID?)
    case mentoringSessionFeedback(UUID?)
    case mentoringSessionInvite(UUID?)
    case mentoringPairDecline(UUID?)
    case calendarFeed(String?)
    case mentoringPairEvaluation(UUID?)
    case mentoringEvaluationQuestions(UUID?)
    case mentoringMentorNew(UUID?)
    case mentoringMenteeNew(UUID?)
    case mentoringApply(UUID?)
    case caseMentoring(UUID?)
    case mentoringPairShare(UUID?)
    case mentoringShared
    case mentorRegistry
    case mentoringNextCohort(UUID?)
    case mentoringChoose(UUID?)

    private enum Segment {
        case constant(String)
        case parameter(String, String?)
    }

    private var segments: [Segment] {
        switch self {
        case .home: []
        case .healthz: [.constant("healthz")]
        case .readyz: [.constant("readyz")]
        case .metrics: [.constant("metrics")]
        case .openAPISpec: [.constant("api"), .constant("openapi.yaml")]
        case .signIn: [.constant("sign-in")]
        case .signOut: [.constant("sign-out")]
        case .secondFactor: [.constant("sign-in"), .constant("second-factor")]
        case .register: [.constant("register")]
        case .registered: [.constant("register"), .constant("check-your-email")]
        case .verifyEmail(let token): [.constant("verify-email"), .parameter("token", token)]
        case .forgotPassword: [.constant("forgot-password")]
        case .resetPassword(let token): [.constant("reset-password"), .parameter("token", token)]
        case .acceptInvitation(let token): [.constant("invitation"), .parameter("token", token)]
        case .account: [.constant("account")]
        case .accountPassword: [.constant("account"), .constant("password")]
        case .accountSecondFactor: [.constant("account"), .constant("second-factor")]
        case .accountSessionEnd(let id):
            [
                .constant("account"), .constant("sessions"), .parameter("sessionID", id?.uuidString.lowercased()),
                .constant("end"),
            ]
        case .accountTokens: [.constant("account"), .constant("tokens")]
        case .accountTokenRevoke(let id):
            [
                .constant("account"), .constant("tokens"), .parameter("tokenID", id?.uuidString.lowercased()),
                .constant("revoke"),
            ]
        case .adminPeople: [.constant("admin"), .constant("people")]
        case .adminInvite: [.constant("admin"), .constant("people"), .constant("invite")]
        case .adminPerson(let id):
            [.constant("admin"), .constant("people"), .parameter("personID", id?.uuidString.lowercased())]
        case .adminPersonRoles(let id):
            [
                .constant("admin"), .constant("people"), .parameter("personID", id?.uuidString.lowercased()),
                .constant("roles"),
            ]
        case .adminPersonStatus(let id):
            [
                .constant("admin"), .constant("people"), .parameter("personID", id?.uuidString.lowercased()),
                .constant("status"),
            ]
        case .refer: [.constant("refer")]
        case .referStep(let step): [.constant("refer"), .parameter("step", step)]
        case .referCheck: [.constant("refer"), .constant("check-your-answers")]
        case .referSent(let reference): [.constant("refer"), .constant("sent"), .parameter("reference", reference)]
        case .mySupport: [.constant("my-support")]
        case .triage: [.constant("triage")]
        case .caseload: [.constant("cases")]
        case .triageRequest(let id): [.constant("triage"), .parameter("caseID", id?.uuidString.lowercased())]
        case .casePlanItem(let caseID, let itemID):
            [
                .constant("cases"), .parameter("caseID", caseID?.uuidString.lowercased()), .constant("plan"),
                .parameter("itemID", itemID?.uuidString.lowercased()),
            ]
        case .triageTake(let id):
            [.constant("triage"), .parameter("caseID", id?.uuidString.lowercased()), .constant("take")]
        case .supportCase(let id): [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased())]
        case .caseNotes(let id):
            [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("notes")]
        case .caseTransition(let id):
            [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("transition")]
        case .caseMessages(let id):
            [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("messages")]
        case .casePlan(let id):
            [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("plan")]
        case .myCase(let id): [.constant("my-support"), .parameter("caseID", id?.uuidString.lowercased())]
        case .myCaseMessages(let id):
            [.constant("my-support"), .parameter("caseID", id?.uuidString.lowercased()), .constant("messages")]
        case .myCaseWithdraw(let id):
            [.constant("my-support"), .parameter("caseID", id?.uuidString.lowercased()), .constant("withdraw")]
        case .myCaseFeedback(let id):
            [.constant("my-support"), .parameter("caseID", id?.uuidString.lowercased()), .constant("feedback")]
        case .supportFigures: [.constant("figures"), .constant("support")]
        case .caseBreakGlass(let id):
            [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("break-glass")]
        case .triageAssign(let id):
            [.constant("triage"), .parameter("caseID", id?.uuidString.lowercased()), .constant("assign")]
        case .referSomeone: [.constant("refer-someone")]
        case .caseAssessment(let id):
            [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("assessment")]
        case .caseEducatorUpdates(let id):
            [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("educator-updates")]
        case .myCaseEducatorUpdate(let caseID, let updateID):
            [
                .constant("my-support"), .parameter("caseID", caseID?.uuidString.lowercased()),
                .constant("educator-updates"), .parameter("updateID", updateID?.uuidString.lowercased()),
            ]
        case .referralsMade: [.constant("refer-someone"), .constant("made")]
        case .suggestionConfirm(let id):
            [
                .constant("my-support"), .constant("suggestions"),
                .parameter("suggestionID", id?.uuidString.lowercased()), .constant("confirm"),
            ]
        case .suggestionDecline(let id):
            [
                .constant("my-support"), .constant("suggestions"),
                .parameter("suggestionID", id?.uuidString.lowercased()), .constant("decline"),
            ]
        case .supportFiguresCSV: [.constant("figures"), .constant("support.csv")]
        case .mentoring: [.constant("mentoring")]
        case .mentoringProgrammes: [.constant("mentoring"), .constant("programmes")]
        case .mentoringProgramme(let id): Self.programme(id)
        case .mentoringMentors(let id): Self.programme(id) + [.constant("mentors")]
        case .mentoringMentees(let id): Self.programme(id) + [.constant("mentees")]
        case .mentoringMentorPause(let id, let mentorID):
            Self.programme(id) + [
                .constant("mentors"), .parameter("mentorID", mentorID?.uuidString.lowercased()), .constant("pause"),
            ]
        case .mentoringMatching(let id): Self.programme(id) + [.constant("matching")]
        case .mentoringMatchingChange(let id): Self.programme(id) + [.constant("matching"), .constant("change")]
        case .mentoringMatchingSwap(let id): Self.programme(id) + [.constant("matching"), .constant("swap")]
        case .mentoringMatchingPublish(let id): Self.programme(id) + [.constant("matching"), .constant("publish")]
        case .mentoringDashboard(let id): Self.programme(id) + [.constant("dashboard")]
        case .mentoringDashboardCSV(let id): Self.programme(id) + [.constant("dashboard.csv")]
        case .myMentoring: [.constant("mentoring"), .constant("my")]
        case .myMentoringCalendar: [.constant("mentoring"), .constant("my"), .constant("calendar")]
        case .mentoringSession(let id): Self.session(id)
        case .mentoringSessionRecord(let id): Self.session(id) + [.constant("record")]
        case .mentoringSessionFeedback(let id): Self.session(id) + [.constant("feedback")]
        case .mentoringSessionInvite(let id): Self.session(id) + [.constant("invite.ics")]
        case .mentoringPairDecline(let id):
            [
                .constant("mentoring"), .constant("pairs"), .parameter("pairID", id?.uuidString.lowercased()),
                .constant("decline"),
            ]
        case .calendarFeed(let token): [.constant("calendar"), .parameter("feed", token.map { $0 + ".ics" })]
        case .mentoringPairEvaluation(let id):
            [
                .constant("mentoring"), .constant("pairs"), .parameter("pairID", id?.uuidString.lowercased()),
                .constant("evaluation"),
            ]
        case .mentoringEvaluationQuestions(let id): Self.programme(id) + [.constant("evaluation-questions")]
        case .mentoringMentorNew(let id): Self.programme(id) + [.constant("mentors"), .constant("new")]
        case .mentoringMenteeNew(let id): Self.programme(id) + [.constant("mentees"), .constant("new")]
        case .mentoringApply(let id): Self.programme(id) + [.constant("apply")]
        case .mentoringPairShare(let id):
            [
                .constant("mentoring"), .constant("pairs"), .parameter("pairID", id?.uuidString.lowercased()),
                .constant("share"),
            ]
        case .mentoringShared: [.constant("mentoring"), .constant("shared-with-me")]
        case .mentorRegistry: [.constant("mentoring"), .constant("mentors")]
        case .mentoringNextCohort(let id): Self.programme(id) + [.constant("next-cohort")]
        case .mentoringChoose(let id): Self.programme(id) + [.constant("choose")]
        case .caseMentoring(let id):
            [.constant("cases"), .parameter("caseID", id?.uuidString.lowercased()), .constant("mentoring")]
        }
    }

    private static func programme(_ id: UUID?) -> [Segment] {
        [.constant("mentoring"), .constant("programmes"), .parameter("programmeID", id?.uuidString.lowercased())]
    }

    private static func session(_ id: UUID?) -> [Segment] {
        [.constant("mentoring"), .constant("sessions"), .parameter("sessionID", id?.uuidString.lowercased())]
    }

    /// The path a link uses; parameters are percent-encoded.
    var path: String {
        let parts = segments.map { segment -> String in
            switch segment {
            case .constant(let text): text
            case .parameter(let name, let value):
                value?.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? ":\(name)"
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The pattern a route is registered with.
    var pathComponents: [PathComponent] {
        segments.map { segment in
            switch segment {
            case .constant(let text): .constant(text)
            case .parameter(let name, _): .parameter(name)
            }
        }
    }
}
