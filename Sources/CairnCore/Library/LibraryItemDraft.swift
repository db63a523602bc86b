import Foundation

/// What a library item is.
public enum LibraryKind: String, CaseIterable, Codable, Sendable {
    /// Words written here, in Markdown.
    case article
    /// A page elsewhere.
    case link
    /// A PDF kept here.
    case file

    public var title: String {
        switch self {
        case .article: "Article"
        case .link: "Link to another site"
        case .file: "PDF document"
        }
    }
}

/// Who may read a published item.
public enum LibraryVisibility: String, CaseIterable, Codable, Sendable {
    case `public`
    case members

    public var title: String {
        switch self {
        case .public: "Public: anyone may read it, without an account"
        case .members: "Members: people signed in to this service"
        }
    }
}

/// Where an item is in its life.
public enum LibraryStatus: String, CaseIterable, Codable, Sendable {
    /// Seen by editors only.
    case draft
    case published
    /// Withdrawn: editors still see it; readers do not.
    case withdrawn

    public var title: String {
        switch self {
        case .draft: "Draft"
        case .published: "Published"
        case .withdrawn: "Withdrawn"
        }
    }
}

/// A field of the library item form, by its form name and JSON pointer.
public enum LibraryField: String, CaseIterable, Sendable {
    case kind, title, summary, body, url, file, reasons, professions, visibility, reviewOn

    public var formName: String { rawValue }
    public var jsonPointer: String { "/" + rawValue }
}

/// A library item as an editor types it, before it is checked.
public struct LibraryItemDraft: Sendable, Equatable {
    public var kind: String
    public var title: String
    public var summary: String
    public var body: String
    public var url: String
    public var reasons: [String]
    public var professions: [String]
    public var visibility: String
    public var reviewOn: String

    public init(
        kind: String = LibraryKind.article.rawValue, title: String = "", summary: String = "", body: String = "",
        url: String = "", reasons: [String] = [], professions: [String] = [],
        visibility: String = LibraryVisibility.members.rawValue, reviewOn: String = ""
    ) {
        self.kind = kind
        self.title = title
        self.summary = summary
        self.body = body
        self.url = url
        self.reasons = reasons
        self.professions = professions
        self.visibility = visibility
        self.reviewOn = reviewOn
    }

    public static let maximumBody = 60_000

    public struct Checked: Sendable, Equatable {
        public var kind: LibraryKind
        public var title: String
        public var summary: String
        public var body: String
        public var url: String?
        public var reasons: [ReferralReason]
        public var professions: [Profession]
        public var visibility: LibraryVisibility
        public var reviewOn: CalendarDay
    }

    /// Checks every field; `hasFile` says whether a file item has its PDF (new or kept). The review date is from
    /// tomorrow to three years ahead (guidance is reviewed at least that often).
    public func checked(today: CalendarDay, hasFile: Bool) -> Result<Checked, DraftRefusal<LibraryField>> {
        var problems: [DraftProblem<LibraryField>] = []
        func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let kind = LibraryKind(rawValue: trimmed(kind))
        if kind == nil { problems.append(.init(.kind, "Choose what kind of item it is")) }
        let title = trimmed(title)
        if title.isEmpty { problems.append(.init(.title, "Enter the item's title")) }
        if title.count > 200 { problems.append(.init(.title, "Keep the title to 200 characters or fewer")) }
        let summary = trimmed(summary)
        if summary.isEmpty { problems.append(.init(.summary, "Say in a sentence or two what it is and who it helps")) }
        if summary.count > 600 { problems.append(.init(.summary, "Keep the summary to 600 characters or fewer")) }
        let body = trimmed(body)
        if body.count > Self.maximumBody {
            problems.append(.init(.body, "Keep the article to 60,000 characters or fewer"))
        }
        let url = trimmed(url)
        switch kind {
        case .article:
            if body.isEmpty { problems.append(.init(.body, "Write the article")) }
        case .link:
            if url.isEmpty || url.count > 2_000 || SafeMarkdown.safeAddress(url) == nil
                || !(url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://"))
            {
                problems.append(.init(.url, "Enter the page's address, starting https://"))
            }
        case .file:
            if !hasFile { problems.append(.init(.file, "Choose the PDF to publish")) }
        case nil: break
        }
        let reasons = reasons.compactMap { ReferralReason(rawValue: trimmed($0)) }
        if reasons.count != self.reasons.count { problems.append(.init(.reasons, "Choose reasons from the list")) }
        if reasons.isEmpty, self.reasons.isEmpty {
            problems.append(.init(.reasons, "Choose at least one reason for support it helps with"))
        }
        let professions = professions.compactMap { Profession(rawValue: trimmed($0)) }
        if professions.count != self.professions.count {
            problems.append(.init(.professions, "Choose professions from the list"))
        }
        let visibility = LibraryVisibility(rawValue: trimmed(visibility))
        if visibility == nil { problems.append(.init(.visibility, "Choose who may read it")) }
        let reviewOn = CalendarDay(iso: trimmed(reviewOn))
        if let reviewOn {
            if reviewOn <= today || reviewOn > today.adding(years: 3) {
                problems.append(.conflict(.reviewOn, "Choose a review date from tomorrow to three years ahead"))
            }
        } else {
            problems.append(.init(.reviewOn, "Enter the date to review it by"))
        }
        guard problems.isEmpty, let kind, let visibility, let reviewOn else {
            return .failure(DraftRefusal(problems: problems))
        }
        return .success(
            Checked(
                kind: kind, title: title, summary: summary, body: kind == .article ? body : "",
                url: kind == .link ? url : nil, reasons: ReferralReason.allCases.filter(reasons.contains),
                professions: Profession.allCases.filter(professions.contains), visibility: visibility,
                reviewOn: reviewOn))
    }
}
