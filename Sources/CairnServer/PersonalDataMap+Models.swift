/// Every model Cairn stores, in one list: the walk for subject access export and erasure starts here, and
/// `PersonalDataTests` fails for a model missing from it.
extension PersonalDataMap {
    static let models: [any DeclaresPersonalData.Type] = [
        // Platform and accounts
        SignInSession.self, SignInThrottle.self, OneTimeLink.self, APIToken.self, AuditEntry.self, OutboxMessage.self,
        Person.self, RoleGrant.self, RecoveryCode.self, Organisation.self,
        // Support
        SupportCase.self, CaseAssignment.self, CaseEvent.self, CaseNote.self, ReferralDraft.self, CaseMessage.self,
        PlanItem.self, CaseFeedback.self, EducatorReferral.self, EducatorUpdate.self,
        // Mentoring
        MentoringProgramme.self, Mentor.self, MentorTraining.self, ProgrammeMentor.self, Mentee.self,
        MatchingRun.self, MatchProposal.self, MentoringPair.self, MentoringSession.self, SessionFeedback.self,
        CalendarFeed.self, EvaluationQuestionnaire.self, EvaluationResponse.self,
    ]
}
