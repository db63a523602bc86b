import Vapor

extension Request {
    /// A CSV a page sends: the chosen file (a multipart form's `file`) when there is one, or else the text pasted into
    /// `field`; read as UTF-8 with a spreadsheet's byte-order mark dropped. A file that is not UTF-8 is a 422.
    package func uploadedText(pastedInto field: String) throws -> String {
        if headers.contentType?.subType == "form-data", let file = try? content.get(File.self, at: "file"),
            file.data.readableBytes > 0
        {
            guard let text = String(bytes: Array(file.data.readableBytesView), encoding: .utf8) else {
                throw Abort(.unprocessableEntity, reason: "The file is not text saved as UTF-8.")
            }
            return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        }
        return try content.get(String?.self, at: field) ?? ""
    }
}
