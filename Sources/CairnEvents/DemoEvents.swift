import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// `cairn demo`'s learning events: filled in below.
enum DemoEvents {
    static func load(_ app: Application) async throws -> [String] { [] }
}
