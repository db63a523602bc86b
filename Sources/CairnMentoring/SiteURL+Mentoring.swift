import CairnAccounts
import CairnPlatform
import Foundation

/// The mentoring feature's paths: programmes, the registry, matching, pairs, sessions and calendars.
extension SiteURL {
    package static let mentoring = SiteURL(segments: [.constant("mentoring")])
    package static let mentoringProgrammes = SiteURL(segments: [.constant("mentoring"), .constant("programmes")])
    package static func mentoringProgramme(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id))
    }
    package static func mentoringProgrammeSettings(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("settings")])
    }
    package static func mentoringMentors(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("mentors")])
    }
    package static func mentoringMentees(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("mentees")])
    }
    package static func mentoringMentorPause(_ id: UUID?, _ mentorID: UUID?) -> SiteURL {
        SiteURL(
            segments: programme(id) + [
                .constant("mentors"), .parameter("mentorID", mentorID?.uuidString.lowercased()), .constant("pause"),
            ])
    }
    package static func mentoringMatching(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("matching")])
    }
    package static func mentoringMatchingChange(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("matching"), .constant("change")])
    }
    package static func mentoringMatchingSwap(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("matching"), .constant("swap")])
    }
    package static func mentoringMatchingPublish(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("matching"), .constant("publish")])
    }
    package static func mentoringPastPairs(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("past-pairs")])
    }
    package static func mentoringDashboard(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("dashboard")])
    }
    package static func mentoringDashboardCSV(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("dashboard.csv")])
    }
    package static let myMentoring = SiteURL(segments: [.constant("mentoring"), .constant("my")])
    package static let myMentoringCalendar = SiteURL(segments: [
        .constant("mentoring"), .constant("my"), .constant("calendar"),
    ])
    package static func mentoringSession(_ id: UUID?) -> SiteURL {
        SiteURL(segments: session(id))
    }
    package static func mentoringSessionRecord(_ id: UUID?) -> SiteURL {
        SiteURL(segments: session(id) + [.constant("record")])
    }
    package static func mentoringSessionFeedback(_ id: UUID?) -> SiteURL {
        SiteURL(segments: session(id) + [.constant("feedback")])
    }
    package static func mentoringSessionInvite(_ id: UUID?) -> SiteURL {
        SiteURL(segments: session(id) + [.constant("invite.ics")])
    }
    package static func mentoringPairDecline(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("mentoring"), .constant("pairs"), .parameter("pairID", id?.uuidString.lowercased()),
            .constant("decline"),
        ])
    }
    package static func calendarFeed(_ token: String?) -> SiteURL {
        SiteURL(segments: [.constant("calendar"), .parameter("feed", token.map { $0 + ".ics" })])
    }
    package static func mentoringPairEvaluation(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("mentoring"), .constant("pairs"), .parameter("pairID", id?.uuidString.lowercased()),
            .constant("evaluation"),
        ])
    }
    package static func mentoringEvaluationQuestions(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("evaluation-questions")])
    }
    package static func mentoringMentorNew(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("mentors"), .constant("new")])
    }
    package static func mentoringMenteeNew(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("mentees"), .constant("new")])
    }
    package static func mentoringApply(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("apply")])
    }
    package static func mentoringPairShare(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("mentoring"), .constant("pairs"), .parameter("pairID", id?.uuidString.lowercased()),
            .constant("share"),
        ])
    }
    package static let mentoringShared = SiteURL(segments: [.constant("mentoring"), .constant("shared-with-me")])
    package static let mentorRegistry = SiteURL(segments: [.constant("mentoring"), .constant("mentors")])
    package static func mentoringNextCohort(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("next-cohort")])
    }
    package static func mentoringChoose(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("choose")])
    }

    private static func programme(_ id: UUID?) -> [Segment] {
        [.constant("mentoring"), .constant("programmes"), .parameter("programmeID", id?.uuidString.lowercased())]
    }

    private static func session(_ id: UUID?) -> [Segment] {
        [.constant("mentoring"), .constant("sessions"), .parameter("sessionID", id?.uuidString.lowercased())]
    }
}
