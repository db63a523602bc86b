import CairnPlatform
import Foundation

/// The peer-groups feature's paths: groups, their meetings, and one's own reflections.
extension SiteURL {
    package static let groups = SiteURL(segments: [.constant("groups")])
    package static let newGroup = SiteURL(segments: [.constant("groups"), .constant("new")])
    package static func group(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("groups"), .parameter("groupID", id?.uuidString.lowercased())])
    }
    package static func groupJoin(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("groups"), .parameter("groupID", id?.uuidString.lowercased()), .constant("join")])
    }
    package static func groupFigures(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("groups"), .parameter("groupID", id?.uuidString.lowercased()), .constant("figures"),
        ])
    }
    package static func groupAgreement(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("groups"), .parameter("groupID", id?.uuidString.lowercased()), .constant("agreement"),
        ])
    }
    package static func groupLeave(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("groups"), .parameter("groupID", id?.uuidString.lowercased()), .constant("leave")])
    }
    package static func groupFacilitators(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("groups"), .parameter("groupID", id?.uuidString.lowercased()), .constant("facilitators"),
        ])
    }
    package static func groupAsk(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("groups"), .parameter("groupID", id?.uuidString.lowercased()), .constant("ask")])
    }
    package static func groupInvitations(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("groups"), .parameter("groupID", id?.uuidString.lowercased()), .constant("invitations"),
        ])
    }
    package static func groupJoining(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("groups"), .parameter("groupID", id?.uuidString.lowercased()), .constant("joining"),
        ])
    }
    package static func groupRequest(_ id: UUID?, request: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("groups"), .parameter("groupID", id?.uuidString.lowercased()), .constant("requests"),
            .parameter("requestID", request?.uuidString.lowercased()),
        ])
    }
    package static func meeting(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("meetings"), .parameter("meetingID", id?.uuidString.lowercased())])
    }
    package static func meetingPlace(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("meetings"), .parameter("meetingID", id?.uuidString.lowercased()), .constant("place"),
        ])
    }
    package static func meetingAttendance(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("meetings"), .parameter("meetingID", id?.uuidString.lowercased()), .constant("attendance"),
        ])
    }
    package static func meetingRecord(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("meetings"), .parameter("meetingID", id?.uuidString.lowercased()), .constant("record"),
        ])
    }
    package static func meetingInvite(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("meetings"), .parameter("meetingID", id?.uuidString.lowercased()), .constant("invite.ics"),
        ])
    }
    package static func meetingCancel(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("meetings"), .parameter("meetingID", id?.uuidString.lowercased()), .constant("cancel"),
        ])
    }
    package static func meetingMove(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("meetings"), .parameter("meetingID", id?.uuidString.lowercased()), .constant("move"),
        ])
    }
    package static func meetingPresenter(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("meetings"), .parameter("meetingID", id?.uuidString.lowercased()), .constant("presenter"),
        ])
    }
    package static func meetingSwaps(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("meetings"), .parameter("meetingID", id?.uuidString.lowercased()), .constant("swaps"),
        ])
    }
    package static func meetingSwap(_ id: UUID?, swap: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("meetings"), .parameter("meetingID", id?.uuidString.lowercased()), .constant("swaps"),
            .parameter("swapID", swap?.uuidString.lowercased()),
        ])
    }
    package static let reflections = SiteURL(segments: [.constant("reflections")])
    package static let reflectionTemplates = SiteURL(segments: [.constant("reflections"), .constant("models")])
    package static let newReflection = SiteURL(segments: [.constant("reflections"), .constant("new")])
    package static func reflection(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [.constant("reflections"), .parameter("reflectionID", id?.uuidString.lowercased())])
    }
    package static func reflectionExport(_ id: UUID?, format: String? = nil) -> SiteURL {
        SiteURL(segments: [
            .constant("reflections"), .parameter("reflectionID", id?.uuidString.lowercased()), .constant("export"),
        ])
    }
}
