import CairnPlatform
import Foundation

/// The library's paths.
extension SiteURL {
    private static func itemPath(_ id: UUID?, _ rest: String...) -> SiteURL {
        SiteURL(
            segments: [.constant("library"), .parameter("libraryItemID", id?.uuidString.lowercased())]
                + rest.map { .constant($0) })
    }

    package static let library = SiteURL(segments: [.constant("library")])
    package static let librarySearch = SiteURL(segments: [.constant("library"), .constant("search")])
    package static let newLibraryItem = SiteURL(segments: [.constant("library"), .constant("new")])
    package static func libraryItem(_ id: UUID?) -> SiteURL { itemPath(id) }
    package static func libraryItemEdit(_ id: UUID?) -> SiteURL { itemPath(id, "edit") }
    package static func libraryItemStatus(_ id: UUID?) -> SiteURL { itemPath(id, "status") }
    package static func libraryItemFile(_ id: UUID?) -> SiteURL { itemPath(id, "file") }
}
