import CairnAccounts
import CairnMentoring
import CairnPlatform
import CairnSupport
import Fluent

/// Every migration, in the order it runs. Append only: a landed migration is never edited or reordered.
enum CairnMigrations {
    /// The names, in order, for status checks (no migration runs from this list).
    static var names: [String] { all(cipher: nil).map(\.name) }

    /// Migrations that seal existing rows need the key ring's cipher.
    static func all(cipher: EnvelopeCipher?) -> [any Migration] {
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
