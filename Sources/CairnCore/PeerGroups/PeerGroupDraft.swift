public import Foundation

/// A field of a new peer group, by its form name and its JSON pointer.
public enum PeerGroupField: String, CaseIterable, Sendable {
    case name, audience, capacity, place, agreement, ordinal, weekday, startTime, minutes, firstDay, joining

    public var formName: String { rawValue }
    public var jsonPointer: String { "/" + rawValue }
}

/// A new peer group as typed or sent, before it is checked (issue #12's typed drafts).
public struct PeerGroupDraft: Sendable, Equatable {
    public var name: String
    public var audience: String
    public var capacity: String
    public var place: String
    public var agreement: String
    public var ordinal: String
    public var weekday: String
    public var startTime: String
    public var minutes: String
    public var firstDay: String
    /// Who may join: "open" (anyone in the organisation who accepts the agreement) or "invitation" (those a
    /// facilitator invites or lets in).
    public var joining: String = "open"

    public init(
        name: String = "", audience: String = "", capacity: String = "10", place: String = "",
        agreement: String = PeerGroupDraft.standardAgreement, ordinal: String = "1", weekday: String = "2",
        startTime: String = "12:30", minutes: String = "60", firstDay: String = ""
    ) {
        self.name = name
        self.audience = audience
        self.capacity = capacity
        self.place = place
        self.agreement = agreement
        self.ordinal = ordinal
        self.weekday = weekday
        self.startTime = startTime
        self.minutes = minutes
        self.firstDay = firstDay
    }

    /// Reads the page's fields by their form names.
    public static func fromForm(_ value: (String) -> String?) -> PeerGroupDraft {
        var draft = PeerGroupDraft()
        draft.name = value("name") ?? ""
        draft.audience = value("audience") ?? ""
        draft.capacity = value("capacity") ?? ""
        draft.place = value("place") ?? ""
        draft.agreement = value("agreement") ?? ""
        draft.ordinal = value("ordinal") ?? ""
        draft.weekday = value("weekday") ?? ""
        draft.startTime = value("startTime") ?? ""
        draft.minutes = value("minutes") ?? ""
        draft.firstDay = value("firstDay") ?? ""
        draft.joining = value("joining") ?? "open"
        return draft
    }

    /// The wording a group starts with; the facilitator may change it.
    public static let standardAgreement = """
        What is said in the group stays in the group. I will not repeat what others bring, or say who brought it. \
        I will not name patients or give details that could identify them. I will listen without judging, and I \
        may choose not to speak. If something raises a concern about safety, the facilitator may need to act on it \
        and will say so.
        """

    /// A group that checked: what the service stores.
    public struct Checked: Sendable, Equatable {
        public var name: String
        public var audience: String
        public var capacity: Int
        public var place: String
        public var agreement: String
        public var rule: MeetingRule
        public var firstDay: CalendarDay
        public var byInvitation: Bool
    }

    /// How far back a group may plan meetings from: a group already meeting can record its recent meetings.
    public static let earliestPastDays = 90

    /// The checked group, or every problem with its field; `today` (when given) keeps the first day within
    /// `earliestPastDays` of it.
    public func checked(today: CalendarDay? = nil) -> Result<Checked, DraftRefusal<PeerGroupField>> {
        var problems: [DraftProblem<PeerGroupField>] = []
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let audience = audience.trimmingCharacters(in: .whitespacesAndNewlines)
        let place = place.trimmingCharacters(in: .whitespacesAndNewlines)
        let agreement = agreement.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { problems.append(.init(.name, "Enter the group's name")) }
        if name.count > 120 { problems.append(.init(.name, "Keep the name to 120 characters or fewer")) }
        if audience.count > 500 { problems.append(.init(.audience, "Keep who it is for to 500 characters or fewer")) }
        if place.isEmpty { problems.append(.init(.place, "Enter where the group meets: a room or a video link")) }
        if place.count > 300 { problems.append(.init(.place, "Keep the place to 300 characters or fewer")) }
        if agreement.count < 40 {
            problems.append(
                .init(.agreement, "Write the confidentiality agreement members accept (40 characters or more)"))
        }
        if agreement.count > 4_000 {
            problems.append(.init(.agreement, "Keep the agreement to 4,000 characters or fewer"))
        }
        let capacity = Int(capacity.trimmingCharacters(in: .whitespaces))
        if capacity == nil || !(2...40).contains(capacity!) {
            problems.append(.init(.capacity, "Enter how many fit, between 2 and 40"))
        }
        let start = MeetingRule.minute(ofClock: startTime)
        if start == nil { problems.append(.init(.startTime, "Enter a time like 12:30")) }
        let rule = MeetingRule(
            ordinal: Int(ordinal) ?? 0, weekday: Int(weekday) ?? 0, startMinute: start ?? 0,
            minutes: Int(minutes.trimmingCharacters(in: .whitespaces)) ?? 0)
        for (key, message) in rule.problems.sorted(by: { $0.key < $1.key }) where key != "startTime" || start != nil {
            problems.append(.init(PeerGroupField(rawValue: key) ?? .ordinal, message))
        }
        let firstDay = CalendarDay(iso: firstDay.trimmingCharacters(in: .whitespaces))
        if firstDay == nil { problems.append(.init(.firstDay, "Enter the date of the first meeting")) }
        if let firstDay, let today, firstDay < today.adding(days: -Self.earliestPastDays) {
            problems.append(.init(.firstDay, "Plan meetings from a date in the last three months, or later"))
        }
        if joining != "open" && joining != "invitation" {
            problems.append(.init(.joining, "Choose who can join"))
        }
        guard problems.isEmpty, let capacity, let firstDay else { return .failure(DraftRefusal(problems: problems)) }
        return .success(
            Checked(
                name: name, audience: audience, capacity: capacity, place: place, agreement: agreement, rule: rule,
                firstDay: firstDay, byInvitation: joining == "invitation"))
    }
}
