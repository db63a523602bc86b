import Crypto
import Foundation

/// The secrets that never live in the database: master keys for envelope encryption and the password pepper.
///
/// Kept in a key file (`CAIRN_KEY_FILE`, default `CAIRN_DATA_DIR/cairn.keys`, mode 0600) created on first start.
/// Back it up apart from the database: without it, encrypted records cannot be read.
public struct KeyRing: Sendable {
    public struct MasterKey: Sendable {
        public var id: String
        public var key: SymmetricKey
    }

    public var pepper: SymmetricKey
    public var keys: [String: MasterKey]
    public var currentKeyID: String
    /// Keys a rotation is moving every sealed value off (`cairn keys rotate`); they still open what they sealed until
    /// the rotation retires them.
    public var retiring: Set<String> = []

    public var current: MasterKey { keys[currentKeyID]! }

    /// A fresh ring with one master key: for a first start and for tests.
    public static func generate() -> KeyRing {
        let key = makeMasterKey()
        return KeyRing(pepper: SymmetricKey(size: .bits256), keys: [key.id: key], currentKeyID: key.id)
    }

    package static func makeMasterKey() -> MasterKey {
        let key = SymmetricKey(size: .bits256)
        let digest = SHA256.hash(data: key.withUnsafeBytes { Data($0) })
        let id = digest.prefix(4).map { String(format: "%02x", $0) }.joined()
        return MasterKey(id: id, key: key)
    }

    /// Adds a new master key and makes it current; records sealed under older keys still open.
    public func rotated() -> KeyRing {
        var ring = self
        let key = Self.makeMasterKey()
        ring.keys[key.id] = key
        ring.currentKeyID = key.id
        return ring
    }

    /// A rotation's start: a new current key, and every other key marked to retire.
    public func startingRotation() -> KeyRing {
        var ring = rotated()
        ring.retiring = Set(keys.keys)
        return ring
    }

    /// A rotation's end: the retiring keys removed (nothing is sealed under them any more).
    public func retiringKeysRemoved() -> KeyRing {
        var ring = self
        for id in retiring { ring.keys[id] = nil }
        ring.retiring = []
        return ring
    }
}

extension KeyRing {
    /// The file's text: `pepper BASE64`, `key ID BASE64` lines and `current ID`.
    public var fileContents: String {
        var lines = [
            "# Cairn key ring: keep secret, back up apart from the database.", "pepper \(Self.base64(pepper))",
        ]
        for id in keys.keys.sorted() { lines.append("key \(id) \(Self.base64(keys[id]!.key))") }
        lines.append("current \(currentKeyID)")
        for id in retiring.sorted() { lines.append("retire \(id)") }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func parse(_ text: String) -> KeyRing? {
        var pepper: SymmetricKey?
        var keys: [String: MasterKey] = [:]
        var current: String?
        var retiring: Set<String> = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ").map(String.init)
            switch (parts.first, parts.count) {
            case ("pepper", 2): pepper = key(parts[1])
            case ("key", 3): if let key = key(parts[2]) { keys[parts[1]] = MasterKey(id: parts[1], key: key) }
            case ("current", 2): current = parts[1]
            case ("retire", 2): retiring.insert(parts[1])
            default: return nil
            }
        }
        guard let pepper, let current, keys[current] != nil, !retiring.contains(current) else { return nil }
        return KeyRing(pepper: pepper, keys: keys, currentKeyID: current, retiring: retiring)
    }

    /// Reads the key file, creating it (0600) when it does not exist yet.
    public static func loadOrCreate(path: String) throws(ConfigurationError) -> (ring: KeyRing, created: Bool) {
        let files = FileManager.default
        if files.fileExists(atPath: path) {
            guard let data = files.contents(atPath: path), let ring = parse(String(decoding: data, as: UTF8.self))
            else { throw ConfigurationError("CAIRN_KEY_FILE", "points to \"\(path)\", which is not a Cairn key file.") }
            if let mode = (try? files.attributesOfItem(atPath: path))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
                throw ConfigurationError(
                    "CAIRN_KEY_FILE", "points to \"\(path)\", which others can read: run chmod 600 on it.")
            }
            return (ring, false)
        }
        let ring = generate()
        try ring.write(to: path)
        return (ring, true)
    }

    /// Replaces the key file in one step (a new file, 0600, renamed over the old), so a reader never sees half of
    /// it and a crash leaves the old file or the new one.
    public func replace(at path: String) throws(ConfigurationError) {
        let temporary = path + ".new-\(UUID().uuidString)"
        let created = FileManager.default.createFile(
            atPath: temporary, contents: Data(fileContents.utf8), attributes: [.posixPermissions: 0o600])
        guard created, rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw ConfigurationError("CAIRN_KEY_FILE", "points to \"\(path)\", which cannot be replaced.")
        }
    }

    public func write(to path: String) throws(ConfigurationError) {
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
        let created = FileManager.default.createFile(
            atPath: path, contents: Data(fileContents.utf8), attributes: [.posixPermissions: 0o600])
        guard created else {
            throw ConfigurationError("CAIRN_KEY_FILE", "points to \"\(path)\", which cannot be written.")
        }
    }

    private static func base64(_ key: SymmetricKey) -> String {
        key.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    private static func key(_ text: String) -> SymmetricKey? {
        guard let data = Data(base64Encoded: text), data.count == 32 else { return nil }
        return SymmetricKey(data: data)
    }
}
