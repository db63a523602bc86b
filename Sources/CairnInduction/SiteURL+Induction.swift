import CairnPlatform
import Foundation

/// The induction feature's paths: inductions and their items, templates, and the registration pathway.
extension SiteURL {
    package static let inductions = SiteURL(segments: [.constant("induction")])
    package static let newInduction = SiteURL(segments: [.constant("induction"), .constant("new")])
    package static func induction(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("induction"), .parameter("inductionID", id?.uuidString.lowercased())])
    }
    package static func inductionItem(_ induction: UUID?, _ item: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("induction"), .parameter("inductionID", induction?.uuidString.lowercased()), .constant("items"),
            .parameter("itemID", item?.uuidString.lowercased()),
        ])
    }
    package static func inductionItemComplete(_ induction: UUID?, _ item: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("induction"), .parameter("inductionID", induction?.uuidString.lowercased()), .constant("items"),
            .parameter("itemID", item?.uuidString.lowercased()), .constant("complete"),
        ])
    }
    package static func inductionEvidenceFile(_ induction: UUID?, _ item: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("induction"), .parameter("inductionID", induction?.uuidString.lowercased()), .constant("items"),
            .parameter("itemID", item?.uuidString.lowercased()), .constant("evidence-file"),
        ])
    }
    package static func inductionItemSignOff(_ induction: UUID?, _ item: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("induction"), .parameter("inductionID", induction?.uuidString.lowercased()), .constant("items"),
            .parameter("itemID", item?.uuidString.lowercased()), .constant("sign-off"),
        ])
    }
    package static func inductionPathway(_ induction: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("induction"), .parameter("inductionID", induction?.uuidString.lowercased()),
            .constant("registration-pathway"),
        ])
    }
    package static let inductionFigures = SiteURL(segments: [.constant("induction"), .constant("figures")])
    package static let inductionFiguresCSV = SiteURL(segments: [.constant("induction"), .constant("figures.csv")])
    package static let roleDescriptions = SiteURL(segments: [.constant("induction"), .constant("roles")])
    package static func roleDescription(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("induction"), .constant("roles"), .parameter("descriptionID", id?.uuidString.lowercased()),
        ])
    }
    package static func roleAcknowledgement(_ induction: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("induction"), .parameter("inductionID", induction?.uuidString.lowercased()),
            .constant("role-acknowledgement"),
        ])
    }
    package static let inductionTemplates = SiteURL(segments: [.constant("induction"), .constant("templates")])
    package static func inductionTemplate(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("induction"), .constant("templates"), .parameter("templateID", id?.uuidString.lowercased()),
        ])
    }
    package static func inductionTemplateItems(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("induction"), .constant("templates"), .parameter("templateID", id?.uuidString.lowercased()),
            .constant("items"),
        ])
    }
    package static func inductionTemplateItemRemove(_ id: UUID?, _ entry: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("induction"), .constant("templates"), .parameter("templateID", id?.uuidString.lowercased()),
            .constant("items"), .parameter("entryID", entry?.uuidString.lowercased()), .constant("remove"),
        ])
    }
    package static let registrationPathway = SiteURL(segments: [.constant("registration-pathway")])
    package static let registrationPathwayEntries = SiteURL(segments: [
        .constant("registration-pathway"), .constant("entries"),
    ])
    package static let registrationPathwaySharing = SiteURL(segments: [
        .constant("registration-pathway"), .constant("sharing"),
    ])
    package static func supervision(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("supervision"), .parameter("supervisionID", id?.uuidString.lowercased())])
    }
    package static func supervisionRecord(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("supervision"), .parameter("supervisionID", id?.uuidString.lowercased()), .constant("record"),
        ])
    }
    package static func supervisionActions(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("supervision"), .parameter("supervisionID", id?.uuidString.lowercased()), .constant("actions"),
        ])
    }
    package static func supervisionActionDone(_ id: UUID?, _ action: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("supervision"), .parameter("supervisionID", id?.uuidString.lowercased()), .constant("actions"),
            .parameter("actionID", action?.uuidString.lowercased()), .constant("done"),
        ])
    }
    package static func supervisionPrivateNote(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("supervision"), .parameter("supervisionID", id?.uuidString.lowercased()),
            .constant("private-note"),
        ])
    }
    package static func supervisionMove(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("supervision"), .parameter("supervisionID", id?.uuidString.lowercased()), .constant("move"),
        ])
    }
    package static func supervisionCancel(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("supervision"), .parameter("supervisionID", id?.uuidString.lowercased()), .constant("cancel"),
        ])
    }
    package static func inductionTemplateItem(_ id: UUID?, _ entry: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("induction"), .constant("templates"), .parameter("templateID", id?.uuidString.lowercased()),
            .constant("items"), .parameter("entryID", entry?.uuidString.lowercased()),
        ])
    }
    package static func inductionTemplateSchedule(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("induction"), .constant("templates"), .parameter("templateID", id?.uuidString.lowercased()),
            .constant("schedule"),
        ])
    }
    package static func supervisionInvite(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("supervision"), .parameter("supervisionID", id?.uuidString.lowercased()), .constant("invite.ics"),
        ])
    }
}
