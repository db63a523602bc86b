import Crypto
import Foundation

/// Encrypts support content at rest (SECURITY.md §20): AES-256-GCM with a random data key per record, the data
/// key wrapped by the current master key, the key id stored with the ciphertext, and the record's table, id and
/// field bound as associated data, so a ciphertext copied to another row does not open.
public struct EnvelopeCipher: Sendable {
    public let ring: KeyRing

    public init(ring: KeyRing) {
        self.ring = ring
    }

    /// Where a sealed value belongs; sealed and opened with the same binding or not at all.
    public struct Binding: Sendable {
        public var table: String
        public var recordID: UUID
        public var field: String

        public init(table: String, recordID: UUID, field: String) {
            self.table = table
            self.recordID = recordID
            self.field = field
        }

        package var associatedData: Data { Data("\(table)/\(recordID.uuidString.lowercased())/\(field)".utf8) }
    }

    public enum Failure: Error, Equatable {
        case malformed
        case unknownKey(String)
        case tampered
    }

    /// `v1.KEYID.WRAPPED.SEALED` with both parts base64: one text column per encrypted field.
    public func seal(_ plaintext: String, for binding: Binding) throws -> String {
        let master = ring.current
        let dataKey = SymmetricKey(size: .bits256)
        let sealed = try AES.GCM.seal(Data(plaintext.utf8), using: dataKey, authenticating: binding.associatedData)
        let wrapped = try AES.GCM.seal(
            dataKey.withUnsafeBytes { Data($0) }, using: master.key, authenticating: binding.associatedData)
        guard let sealedBytes = sealed.combined, let wrappedBytes = wrapped.combined else { throw Failure.malformed }
        return ["v1", master.id, wrappedBytes.base64EncodedString(), sealedBytes.base64EncodedString()]
            .joined(separator: ".")
    }

    public func open(_ envelope: String, for binding: Binding) throws(Failure) -> String {
        let parts = envelope.split(separator: ".").map(String.init)
        guard parts.count == 4, parts[0] == "v1", let wrapped = Data(base64Encoded: parts[2]),
            let sealed = Data(base64Encoded: parts[3])
        else { throw .malformed }
        guard let master = ring.keys[parts[1]] else { throw .unknownKey(parts[1]) }
        do {
            let keyBytes = try AES.GCM.open(
                AES.GCM.SealedBox(combined: wrapped), using: master.key, authenticating: binding.associatedData)
            let plaintext = try AES.GCM.open(
                AES.GCM.SealedBox(combined: sealed), using: SymmetricKey(data: keyBytes),
                authenticating: binding.associatedData)
            return String(decoding: plaintext, as: UTF8.self)
        } catch {
            throw .tampered
        }
    }
}
