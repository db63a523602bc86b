import Foundation

/// The kinds of file a person may upload as evidence, known by their first bytes, never by the name or the type
/// the browser claims (issue #17 item 2; SECURITY.md: type checked by content).
public enum UploadedFileKind: String, CaseIterable, Codable, Sendable {
    case pdf
    case png
    case jpeg

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }

    public var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .png: "png"
        case .jpeg: "jpg"
        }
    }

    /// The kind the bytes are, or nil when they are none of them.
    public static func detect(_ bytes: some Collection<UInt8>) -> UploadedFileKind? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }

    /// The most an evidence file may hold: the whole request, form fields with it, stays within the 1 MB every
    /// request is limited to.
    public static let maximumBytes = 900 * 1024

    /// A name safe to show and to offer as a download: letters, digits, spaces, dots, dashes and underscores, at
    /// most 100 characters, with the kind's own extension.
    public static func safeName(_ name: String, kind: UploadedFileKind) -> String {
        let allowed = name.unicodeScalars.filter {
            ($0.properties.isAlphabetic || ("0"..."9").contains($0) || " ._-".unicodeScalars.contains($0))
                && $0.isASCII
        }
        var stem = String(String.UnicodeScalarView(allowed)).trimmingCharacters(in: .whitespaces)
        if let dot = stem.lastIndex(of: ".") { stem = String(stem[..<dot]) }
        stem = String(stem.prefix(90)).trimmingCharacters(in: CharacterSet(charactersIn: " ._-"))
        return (stem.isEmpty ? "evidence" : stem) + "." + kind.fileExtension
    }
}
