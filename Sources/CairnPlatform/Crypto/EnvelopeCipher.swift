import Crypto
import Foundation

/// Encrypts support content at rest (SECURITY.md §20): AES-256-GCM with a random data key per record, the data
/// key wrapped by the current master key, the key id stored with the ciphertext, and the record's table, id and
/// field bound as associated data, so a ciphertext copied to another row does not open.
///
/// With a key file, the cipher follows a key rotation while the process runs (`cairn keys rotate`): sealing looks
/// at the file at most once a second and takes up a new current key, and opening a value under a key it does not
/// know reads the file again first.
public struct EnvelopeCipher: Sendable {
    private let store: RingStore

    /// The ring as the cipher has it now.
    public var ring: KeyRing { store.ring() }

    public init(ring: KeyRing, keyFile: String? = nil) {
        store = RingStore(ring: ring, keyFile: keyFile)
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
        let master = store.ring(refreshing: true).current
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
        guard let master = store.ring().keys[parts[1]] ?? store.reloaded().keys[parts[1]] else {
            throw .unknownKey(parts[1])
        }
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

/// The key ring a cipher uses, re-read from its key file when the file changes (a rotation). The pepper never
/// changes: a file with another pepper is not taken up.
final class RingStore: @unchecked Sendable {
    private let lock = NSLock()
    private var current: KeyRing
    private let keyFile: String?
    private var checkedAt = Date.distantPast
    private var modifiedAt: Date?

    init(ring: KeyRing, keyFile: String?) {
        current = ring
        self.keyFile = keyFile
        if let keyFile {
            modifiedAt = (try? FileManager.default.attributesOfItem(atPath: keyFile))?[.modificationDate] as? Date
        }
    }

    /// The ring; with `refreshing`, first the key file is looked at if it has not been for a second.
    func ring(refreshing: Bool = false) -> KeyRing {
        lock.withLock {
            if refreshing, keyFile != nil, Date().timeIntervalSince(checkedAt) >= 1 { readIfChanged(force: false) }
            return current
        }
    }

    /// The ring after reading the key file again (an unknown key id: a rotation may have added it).
    func reloaded() -> KeyRing {
        lock.withLock {
            readIfChanged(force: true)
            return current
        }
    }

    private func readIfChanged(force: Bool) {
        checkedAt = Date()
        guard let keyFile else { return }
        let modified = (try? FileManager.default.attributesOfItem(atPath: keyFile))?[.modificationDate] as? Date
        guard force || modified != modifiedAt else { return }
        modifiedAt = modified
        guard let data = FileManager.default.contents(atPath: keyFile),
            let ring = KeyRing.parse(String(decoding: data, as: UTF8.self)),
            ring.pepper.withUnsafeBytes({ Data($0) }) == current.pepper.withUnsafeBytes({ Data($0) })
        else { return }
        current = ring
    }
}
