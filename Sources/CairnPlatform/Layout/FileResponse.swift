import Vapor

extension Response {
    /// A text file for a person to save (a CSV export, a calendar invitation, a reflection) or for a calendar app
    /// to read (a feed, `filename` nil): its media type, its name when it is a download, and never kept by a shared
    /// cache, since every such file is someone's data. The one way Cairn answers with a file.
    package static func file(_ text: String, type: String, filename: String?) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        if let filename {
            headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        }
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    /// An uploaded file, given back as a download only (never shown in the page), its type as checked on upload.
    package static func file(_ data: Data, type: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    package static let csv = "text/csv; charset=utf-8"
    package static let calendar = "text/calendar; charset=utf-8"
}

extension SealedFiles.Upload {
    /// The file a form's file input sent; nil when none was chosen (a browser sends an empty part then).
    package init?(_ file: File?) {
        guard let file, file.data.readableBytes > 0 else { return nil }
        self.init(name: file.filename, data: Data(buffer: file.data))
    }
}
