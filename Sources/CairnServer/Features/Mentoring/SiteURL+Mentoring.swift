import Foundation

/// The mentoring feature's paths: programmes, the registry, matching, pairs, sessions and calendars.
extension SiteURL {
    static let mentoring = SiteURL(segments: [.constant("mentoring")])
    static let mentoringProgrammes = SiteURL(segments: [.constant("mentoring"), .constant("programmes")])
    static func mentoringProgramme(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id))
    }
    static func mentoringMentors(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("mentors")])
    }
    static func mentoringMentees(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("mentees")])
    }
    static func mentoringMentorPause(_ id: UUID?, _ mentorID: UUID?) -> SiteURL {
        SiteURL(
            segments: programme(id) + [
                .constant("mentors"), .parameter("mentorID", mentorID?.uuidString.lowercased()), .constant("pause"),
            ])
    }
    static func mentoringMatching(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("matching")])
    }
    static func mentoringMatchingChange(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("matching"), .constant("change")])
    }
    static func mentoringMatchingSwap(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("matching"), .constant("swap")])
    }
    static func mentoringMatchingPublish(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("matching"), .constant("publish")])
    }
    static func mentoringDashboard(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("dashboard")])
    }
    static func mentoringDashboardCSV(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("dashboard.csv")])
    }
    static let myMentoring = SiteURL(segments: [.constant("mentoring"), .constant("my")])
    static let myMentoringCalendar = SiteURL(segments: [.constant("mentoring"), .constant("my"), .constant("calendar")])
    static func mentoringSession(_ id: UUID?) -> SiteURL {
        SiteURL(segments: session(id))
    }
    static func mentoringSessionRecord(_ id: UUID?) -> SiteURL {
        SiteURL(segments: session(id) + [.constant("record")])
    }
    static func mentoringSessionFeedback(_ id: UUID?) -> SiteURL {
        SiteURL(segments: session(id) + [.constant("feedback")])
    }
    static func mentoringSessionInvite(_ id: UUID?) -> SiteURL {
        SiteURL(segments: session(id) + [.constant("invite.ics")])
    }
    static func mentoringPairDecline(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("mentoring"), .constant("pairs"), .parameter("pairID", id?.uuidString.lowercased()),
            .constant("decline"),
        ])
    }
    static func calendarFeed(_ token: String?) -> SiteURL {
        SiteURL(segments: [.constant("calendar"), .parameter("feed", token.map { $0 + ".ics" })])
    }
    static func mentoringPairEvaluation(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("mentoring"), .constant("pairs"), .parameter("pairID", id?.uuidString.lowercased()),
            .constant("evaluation"),
        ])
    }
    static func mentoringEvaluationQuestions(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("evaluation-questions")])
    }
    static func mentoringMentorNew(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("mentors"), .constant("new")])
    }
    static func mentoringMenteeNew(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("mentees"), .constant("new")])
    }
    static func mentoringApply(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("apply")])
    }
    static func mentoringPairShare(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("mentoring"), .constant("pairs"), .parameter("pairID", id?.uuidString.lowercased()),
            .constant("share"),
        ])
    }
    static let mentoringShared = SiteURL(segments: [.constant("mentoring"), .constant("shared-with-me")])
    static let mentorRegistry = SiteURL(segments: [.constant("mentoring"), .constant("mentors")])
    static func mentoringNextCohort(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("next-cohort")])
    }
    static func mentoringChoose(_ id: UUID?) -> SiteURL {
        SiteURL(segments: programme(id) + [.constant("choose")])
    }

    private static func programme(_ id: UUID?) -> [Segment] {
        [.constant("mentoring"), .constant("programmes"), .parameter("programmeID", id?.uuidString.lowercased())]
    }

    private static func session(_ id: UUID?) -> [Segment] {
        [.constant("mentoring"), .constant("sessions"), .parameter("sessionID", id?.uuidString.lowercased())]
    }
}
