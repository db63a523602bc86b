import Fluent

/// Every migration, in the order it runs. Append only: a landed migration is never edited or reordered.
enum CairnMigrations {
    static let all: [any Migration] = [
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
    ]
}
