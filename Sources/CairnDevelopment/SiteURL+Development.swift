import CairnPlatform
import Foundation

/// The development feature's paths: practices and their plans, one's own development, the appraisal overview.
extension SiteURL {
    private static func practiceSegments(_ id: UUID?) -> [Segment] {
        [.constant("practices"), .parameter("practiceID", id?.uuidString.lowercased())]
    }

    package static let practices = SiteURL(segments: [.constant("practices")])
    package static let developmentFigures = SiteURL(segments: [.constant("practices"), .constant("figures")])
    package static let developmentFiguresCSV = SiteURL(segments: [.constant("practices"), .constant("figures.csv")])
    package static func practicePlan(_ id: UUID?) -> SiteURL {
        SiteURL(segments: practiceSegments(id) + [.constant("plan")])
    }
    package static func practiceDetails(_ id: UUID?) -> SiteURL {
        SiteURL(segments: practiceSegments(id) + [.constant("details")])
    }
    package static func practiceMembers(_ id: UUID?) -> SiteURL {
        SiteURL(segments: practiceSegments(id) + [.constant("members")])
    }
    package static func practiceNeeds(_ id: UUID?) -> SiteURL {
        SiteURL(segments: practiceSegments(id) + [.constant("needs")])
    }
    package static func practiceWorkshops(_ id: UUID?) -> SiteURL {
        SiteURL(segments: practiceSegments(id) + [.constant("workshops")])
    }
    package static func practiceWorkshop(_ id: UUID?, _ workshop: UUID?) -> SiteURL {
        SiteURL(
            segments: practiceSegments(id) + [
                .constant("workshops"), .parameter("workshopID", workshop?.uuidString.lowercased()),
            ])
    }
    package static func practiceWorkshopRankings(_ id: UUID?, _ workshop: UUID?) -> SiteURL {
        SiteURL(
            segments: practiceSegments(id) + [
                .constant("workshops"), .parameter("workshopID", workshop?.uuidString.lowercased()),
                .constant("rankings"),
            ])
    }
    package static func practiceDevelopments(_ id: UUID?) -> SiteURL {
        SiteURL(segments: practiceSegments(id) + [.constant("developments")])
    }
    package static func practiceDevelopment(_ id: UUID?, _ development: UUID?) -> SiteURL {
        SiteURL(
            segments: practiceSegments(id) + [
                .constant("developments"), .parameter("developmentID", development?.uuidString.lowercased()),
            ])
    }
    package static func practiceDevelopmentEvaluation(_ id: UUID?, _ development: UUID?) -> SiteURL {
        SiteURL(
            segments: practiceSegments(id) + [
                .constant("developments"), .parameter("developmentID", development?.uuidString.lowercased()),
                .constant("evaluation"),
            ])
    }
    package static func practiceDevelopmentObjectives(_ id: UUID?, _ development: UUID?) -> SiteURL {
        SiteURL(
            segments: practiceSegments(id) + [
                .constant("developments"), .parameter("developmentID", development?.uuidString.lowercased()),
                .constant("objectives"),
            ])
    }
    package static func practiceChallenges(_ id: UUID?) -> SiteURL {
        SiteURL(segments: practiceSegments(id) + [.constant("challenges")])
    }

    package static let myDevelopment = SiteURL(segments: [.constant("my-development")])
    package static let myDevelopmentItems = SiteURL(segments: [.constant("my-development"), .constant("items")])
    package static func myDevelopmentItem(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("my-development"), .constant("items"), .parameter("itemID", id?.uuidString.lowercased()),
        ])
    }
    package static let myDevelopmentEvidence = SiteURL(segments: [.constant("my-development"), .constant("evidence")])
    package static func myDevelopmentEvidenceFile(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("my-development"), .constant("evidence"), .parameter("evidenceID", id?.uuidString.lowercased()),
            .constant("file"),
        ])
    }
    package static let myDevelopmentRevalidation = SiteURL(segments: [
        .constant("my-development"), .constant("revalidation"),
    ])
    package static let myDevelopmentAppraisals = SiteURL(segments: [
        .constant("my-development"), .constant("appraisals"),
    ])
    package static let evidencePackHTML = SiteURL(segments: [.constant("my-development"), .constant("export.html")])
    package static let evidencePackMarkdown = SiteURL(segments: [.constant("my-development"), .constant("export.md")])
    package static let evidencePackJSON = SiteURL(segments: [.constant("my-development"), .constant("export.json")])
    package static let appraisalOverview = SiteURL(segments: [.constant("appraisal-overview")])
}
