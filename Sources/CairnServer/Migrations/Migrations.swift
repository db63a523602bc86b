import CairnAccounts
import CairnMentoring
import CairnPlatform
import CairnSupport
import Fluent

/// Every migration, in the order it runs: the ones that landed before features brought their own, then each
/// feature's (`Feature.migrations`), in the order the app lists the features. Append only: a landed migration is
/// never edited or reordered.
enum CairnMigrations {
    /// The names, in order, for status checks (no migration runs from this list).
    static func names(features: [any Feature] = CairnFeatures.all) -> [String] {
        all(cipher: nil, features: features).map(\.name)
    }

    /// Migrations that seal existing rows need the key ring's cipher.
    static func all(cipher: EnvelopeCipher?, features: [any Feature] = CairnFeatures.all) -> [any Migration] {
        landed(cipher: cipher) + features.flatMap(\.migrations)
    }

    /// The migrations that landed while Cairn was one module, in their order.
    private static func landed(cipher: EnvelopeCipher?) -> [any Migration] {
        [
            CreateOrganisations(),
            CreatePeople(),
            CreateSessions(),
            CreateOutbox(),
            CreateAuditEntries(),
            CreateAPITokens(),
            CreateCases(),
            CreateCaseMessagesAndPlans(),
            CreateEducatorReferrals(),
            UpdateCasesAddAssessment(),
            CreateEducatorUpdates(),
            CreateMentoring(),
            SealFreeText(cipher: cipher),
            UpdatePlanItemsAddVersionAndReview(),
            IndexCaseloadAndTriage(),
        ]
    }
}
