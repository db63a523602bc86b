import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation

/// A mentoring programme's intake (a cohort): who it is for, its session template, how it matches, and its rules.
package final class MentoringProgramme: Model, @unchecked Sendable {
    package static let schema = "mentoring_programmes"

    package typealias MatchingMode = ProgrammeMatching

    @ID(key: .id) package var id: UUID?
    @Field(key: "organisation_id") package var organisationID: UUID
    @Field(key: "name") package var name: String
    @Field(key: "audience") package var audience: String
    @Field(key: "cohort_starts_on") package var cohortStartsOn: String
    @Field(key: "session_count") package var sessionCount: Int
    @Field(key: "session_minutes") package var sessionMinutes: Int
    @Field(key: "session_mode") package var sessionMode: String
    @Field(key: "window_months") package var windowMonths: Int
    @Enum(key: "matching_mode") package var matchingMode: MatchingMode
    /// `factor=points` pairs, comma separated, e.g. `sameProfession=200,sharedLanguage=100`.
    @Field(key: "weights") package var weightsText: String
    @Field(key: "exclude_same_employer") package var excludeSameEmployer: Bool
    @Field(key: "exclude_same_specialty") package var excludeSameSpecialty: Bool
    /// Clinicians of the organisation may apply from `/mentoring/my`.
    @Field(key: "open_for_applications") package var openForApplications: Bool
    @Field(key: "created_by") package var createdBy: UUID
    @Field(key: "created_at") package var createdAt: Date
    /// Moves on with every change of the settings (migration 0037); a change names the version it was made from.
    @Field(key: "version") package var version: Int

    package init() {}

    package var template: SessionTemplate {
        SessionTemplate(
            count: sessionCount, minutes: sessionMinutes, mode: SessionTemplate.Mode(rawValue: sessionMode) ?? .video,
            windowMonths: windowMonths)
    }

    /// The template turned into due dates from the cohort's start, on the organisation's working days.
    package func plan(_ workingDays: WorkingDays) -> SessionPlan {
        let day = CalendarDay(iso: cohortStartsOn) ?? CalendarDay(1970, 1, 1)
        let start = workingDays.start(of: day) ?? Date(timeIntervalSince1970: 0)
        return SessionPlan.make(template: template, start: start, workingDays: workingDays)
    }

    package var weights: ProgrammeWeights {
        (try? ProgrammeWeights(Self.parseWeights(weightsText) ?? [:])) ?? .standard
    }

    package var rules: ProgrammeRules {
        ProgrammeRules(excludeSameEmployer: excludeSameEmployer, excludeSameSpecialty: excludeSameSpecialty)
    }

    package static func weightsText(_ weights: ProgrammeWeights) -> String {
        ScoreFactor.allCases.map { "\($0.rawValue)=\(weights[$0])" }.joined(separator: ",")
    }

    package static func parseWeights(_ text: String) -> [ScoreFactor: Int]? {
        var points: [ScoreFactor: Int] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let factor = ScoreFactor(rawValue: String(parts[0])), let value = Int(parts[1])
            else { return nil }
            points[factor] = value
        }
        return points
    }
}

extension ProgrammeMatching {
    package var title: String {
        switch self {
        case .optimal: "Best overall fit"
        case .stable: "Stable (no mentee and mentor would both rather have each other)"
        case .manual: "By hand"
        }
    }
}
