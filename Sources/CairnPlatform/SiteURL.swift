import Foundation
import Vapor

/// A path of the site, typed: it registers a route and builds the links to it, so a link cannot point nowhere and
/// a renamed path changes in one place. Each feature declares its own paths in its folder
/// (`extension SiteURL { static func supportCase(_ id: UUID?) -> SiteURL … }`); two features declaring the same
/// name do not compile.
///
/// A path with a parameter registers its pattern when the value is nil (`.adminPerson(nil)` →
/// `/admin/people/:personID`) and builds a link when it has one.
package struct SiteURL: Equatable, Sendable {
    package enum Segment: Equatable, Sendable {
        case constant(String)
        case parameter(String, String?)
    }

    package let segments: [Segment]

    package init(segments: [Segment]) {
        self.segments = segments
    }

    /// The path a link uses; parameters are percent-encoded.
    package var path: String {
        let parts = segments.map { segment -> String in
            switch segment {
            case .constant(let text): text
            case .parameter(let name, let value):
                value?.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? ":\(name)"
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The pattern a route is registered with.
    package var pathComponents: [PathComponent] {
        segments.map { segment in
            switch segment {
            case .constant(let text): .constant(text)
            case .parameter(let name, _): .parameter(name)
            }
        }
    }
}
