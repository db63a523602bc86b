import CairnCore
import Crypto
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

    /// A file as a person uploaded it: its name as given and its bytes.
    package struct Upload: Sendable {
        package var name: String
        package var data: Data

        package init(name: String, data: Data) {
            self.name = name
            self.data = data
        }

        /// Its kind known by content, or why it is refused (too big, or not a PDF, PNG or JPEG): the one check every
        /// upload meets.
        package func checked() -> Result<UploadedFileKind, UploadRefusal> {
            if data.count > UploadedFileKind.maximumBytes {
                return .failure(.init("The file must be 900 KB or smaller"))
            }
            guard let kind = UploadedFileKind.detect(data) else {
                return .failure(.init("The file must be a PDF, PNG or JPEG"))
            }
            return .success(kind)
        }

        /// The hex SHA-256 kept beside the row, checked when the bytes are read back.
        package var checksum: String { SealedFiles.checksum(data) }
    }

    package struct UploadRefusal: Error, Sendable {
        package var message: String

        init(_ message: String) { self.message = message }
    }

    package static func checksum(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The opened bytes when they match the checksum taken at upload; nil when missing, unopened or changed.
    package func read(for binding: EnvelopeCipher.Binding, checksum: String?) -> Data? {
        guard let data = read(for: binding), Self.checksum(data) == checksum else { return nil }
        return data
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

    /// Removes a record's file (erasure); true when there was one.
    @discardableResult
    package func remove(for binding: EnvelopeCipher.Binding) -> Bool {
        (try? FileManager.default.removeItem(atPath: path(binding))) != nil
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
