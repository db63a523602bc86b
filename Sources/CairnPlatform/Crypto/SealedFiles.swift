import Foundation

/// Files people upload, kept outside the database and sealed at rest with the same cipher as sealed fields: each
/// file is bound to its record's table, id and field, so a file copied to another record's name does not open.
/// Stored as `<data directory>/files/<record id>`; the database row keeps the checksum of what was uploaded.
package struct SealedFiles: Sendable {
    package let directory: String
    package let cipher: EnvelopeCipher

    package init(dataDirectory: String, cipher: EnvelopeCipher) {
        self.directory = (dataDirectory as NSString).appendingPathComponent("files")
        self.cipher = cipher
    }

    private func path(_ binding: EnvelopeCipher.Binding) -> String {
        (directory as NSString).appendingPathComponent(binding.recordID.uuidString.lowercased())
    }

    /// Seals and writes the bytes (atomically); throws when the disk refuses.
    package func write(_ data: Data, for binding: EnvelopeCipher.Binding) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let sealed = try cipher.seal(data.base64EncodedString(), for: binding)
        try Data(sealed.utf8).write(to: URL(fileURLWithPath: path(binding)), options: [.atomic])
    }

    /// The opened bytes, or nil when the file is missing or does not open.
    package func read(for binding: EnvelopeCipher.Binding) -> Data? {
        guard let stored = FileManager.default.contents(atPath: path(binding)),
            let opened = try? cipher.open(String(decoding: stored, as: UTF8.self), for: binding)
        else { return nil }
        return Data(base64Encoded: opened)
    }

    /// The bytes on disk as stored (for tests that check nothing readable is kept).
    package func stored(for binding: EnvelopeCipher.Binding) -> Data? {
        FileManager.default.contents(atPath: path(binding))
    }
}

extension CairnState {
    /// Where uploaded files live, sealed.
    package var files: SealedFiles { SealedFiles(dataDirectory: configuration.dataDirectory, cipher: cipher) }
}
