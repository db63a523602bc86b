import Vapor

/// Serves `Public/` for the static prefixes only, and never a dotfile (SECURITY.md §11).
///
/// Vapor's `FileMiddleware` looks on disk for every request; limiting it to the static prefixes keeps pages and
/// API reads off the file system, and a path with a segment starting with "." answers 404 before any lookup.
public struct StaticFiles: AsyncMiddleware {
    package let files: FileMiddleware

    public init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory)
    }

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard request.method == .GET || request.method == .HEAD, RequestMetrics.isStatic(path) else {
            return try await next.respond(to: request)
        }
        let decoded = path.removingPercentEncoding ?? path
        guard !decoded.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else {
            throw Abort(.notFound)
        }
        return try await files.respond(to: request, chainingTo: next)
    }
}
