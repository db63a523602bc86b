import Foundation
import Testing

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

@Suite("Encryption of support content and the key file")
struct EncryptionTests {
    let binding = EnvelopeCipher.Binding(table: "case_notes", recordID: UUID(), field: "body")

    @Test func aSealedValueOpensWithItsBindingAndHoldsNoPlaintext() throws {
        let cipher = EnvelopeCipher(ring: .generate())
        let sealed = try cipher.seal("Struggling after the inquest; PLAINTEXT-MARKER", for: binding)
        #expect(!sealed.contains("PLAINTEXT-MARKER"))
        #expect(try cipher.open(sealed, for: binding) == "Struggling after the inquest; PLAINTEXT-MARKER")
    }

    @Test func aFlippedByteFailsToOpen() throws {
        let cipher = EnvelopeCipher(ring: .generate())
        let sealed = try cipher.seal("note", for: binding)
        var parts = sealed.split(separator: ".").map(String.init)
        var bytes = Array(Data(base64Encoded: parts[3])!)
        bytes[bytes.count / 2] ^= 0x01
        parts[3] = Data(bytes).base64EncodedString()
        #expect(throws: EnvelopeCipher.Failure.tampered) { try cipher.open(parts.joined(separator: "."), for: binding) }
    }

    @Test func aCiphertextMovedToAnotherRowFailsToOpen() throws {
        let cipher = EnvelopeCipher(ring: .generate())
        let sealed = try cipher.seal("note", for: binding)
        let otherRow = EnvelopeCipher.Binding(table: "case_notes", recordID: UUID(), field: "body")
        #expect(throws: EnvelopeCipher.Failure.tampered) { try cipher.open(sealed, for: otherRow) }
    }

    @Test func recordsStillOpenAfterTheMasterKeyIsRotated() throws {
        let ring = KeyRing.generate()
        let sealed = try EnvelopeCipher(ring: ring).seal("before rotation", for: binding)
        let rotated = ring.rotated()
        #expect(rotated.currentKeyID != ring.currentKeyID)
        #expect(try EnvelopeCipher(ring: rotated).open(sealed, for: binding) == "before rotation")
        let fresh = try EnvelopeCipher(ring: rotated).seal("after", for: binding)
        #expect(fresh.split(separator: ".")[1] == Substring(rotated.currentKeyID))
    }

    @Test func theKeyFileIsCreatedPrivateAndReadBack() throws {
        let path = NSTemporaryDirectory() + "cairn-keys-\(UUID())/cairn.keys"
        let (created, isNew) = try KeyRing.loadOrCreate(path: path)
        #expect(isNew)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let (read, again) = try KeyRing.loadOrCreate(path: path)
        #expect(!again)
        #expect(read.currentKeyID == created.currentKeyID)
        let sealed = try EnvelopeCipher(ring: created).seal("x", for: binding)
        #expect(try EnvelopeCipher(ring: read).open(sealed, for: binding) == "x")
    }

    @Test func aKeyFileOthersCanReadIsRefused() throws {
        let path = NSTemporaryDirectory() + "cairn-keys-\(UUID()).keys"
        try KeyRing.generate().write(to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: ConfigurationError.self) { try KeyRing.loadOrCreate(path: path) }
    }
}

@Suite("Password hashing")
struct PasswordHashingTests {
    @Test func theShippedCostIsTwelveAndStoredHashesCarryIt() async throws {
        #expect(try CairnConfiguration.load(from: [:]).passwordCost == 12)
        try await withCairn(configure: { $0.passwordCost = 12 }) { app in
            let person = try await app.makePerson()
            let stored = try #require(try await Person.find(person.id, on: app.db)?.passwordHash)
            #expect(PasswordHasher.cost(of: stored) == 12)
        }
    }

    @Test func passwordsSharingTheirFirst72BytesDoNotBothVerify() async throws {
        try await withCairn { app in
            let hasher = app.cairn.passwordHasher
            let common = String(repeating: "long passphrase ", count: 5)  // 80 bytes
            let hash = try await hasher.hash(common + "ending one", on: app.threadPool)
            #expect(try await hasher.verify(common + "ending one", against: hash, on: app.threadPool))
            #expect(try await !hasher.verify(common + "ending two", against: hash, on: app.threadPool))
        }
    }

    @Test func thePepperMatters() async throws {
        try await withCairn { app in
            let hash = try await app.cairn.passwordHasher.hash("granite meadow lantern", on: app.threadPool)
            let otherPepper = PasswordHasher(pepper: KeyRing.generate().pepper, cost: 4)
            #expect(try await !otherPepper.verify("granite meadow lantern", against: hash, on: app.threadPool))
        }
    }
}
