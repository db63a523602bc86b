import Crypto
import Foundation
import Vapor

/// bcrypt over an HMAC-SHA-384 pre-hash with a server-side pepper (SECURITY.md §1).
///
/// bcrypt reads only 72 bytes; the pre-hash (64 base64 characters) makes every byte of a long passphrase count,
/// and the pepper (from the key file, never in the database) makes a stolen database alone useless for guessing.
package struct PasswordHasher: Sendable {
    package var pepper: SymmetricKey
    package var cost: Int

    package func preHash(_ password: String) -> String {
        Data(HMAC<SHA384>.authenticationCode(for: Data(password.utf8), using: pepper)).base64EncodedString()
    }

    /// Runs on the thread pool: a cost-12 hash takes a few hundred milliseconds of CPU.
    package func hash(_ password: String, on pool: NIOThreadPool) async throws -> String {
        let input = preHash(password)
        let cost = cost
        return try await pool.runIfActive { try Bcrypt.hash(input, cost: cost) }
    }

    package func verify(_ password: String, against hash: String, on pool: NIOThreadPool) async throws -> Bool {
        let input = preHash(password)
        return try await pool.runIfActive { try Bcrypt.verify(input, created: hash) }
    }

    /// Verifies against a fixed hash of the same cost, so an unknown email costs as much time as a wrong password.
    package func verifyDummy(_ password: String, on pool: NIOThreadPool) async throws {
        _ = try await verify(password, against: dummyHash, on: pool)
    }

    private var dummyHash: String {
        // A bcrypt hash of a random value at this cost, computed once per process and cost.
        DummyHashes.hash(cost: cost)
    }

    /// The cost a stored hash was made with (`$2b$12$…` → 12).
    package static func cost(of hash: String) -> Int? {
        let parts = hash.split(separator: "$")
        guard parts.count >= 3 else { return nil }
        return Int(parts[1])
    }
}

private enum DummyHashes {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var byCost: [Int: String] = [:]

    package static func hash(cost: Int) -> String {
        lock.withLock {
            if let existing = byCost[cost] { return existing }
            let made = (try? Bcrypt.hash(Secrets.token(), cost: cost)) ?? ""
            byCost[cost] = made
            return made
        }
    }
}
