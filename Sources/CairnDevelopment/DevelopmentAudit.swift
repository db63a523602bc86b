import CairnPlatform

/// What development planning records in the audit trail. The raw values are the names stored in
/// `audit_entries.action`: never rename a case, add a new one.
package enum DevelopmentAudit: String, AuditAction {
    case practiceCreated = "practice_created"
    case practiceChanged = "practice_changed"
    case practiceMemberAdded = "practice_member_added"
    case workshopRecorded = "practice_workshop_recorded"
    case rankingRecorded = "practice_ranking_recorded"
    case needAdded = "practice_need_added"
    case developmentWritten = "practice_development_written"
    case developmentEvaluated = "practice_development_evaluated"
    case objectiveProposed = "practice_objective_proposed"
    case challengeLogged = "practice_challenge_logged"
    case pdpItemWritten = "pdp_item_written"
    case evidenceAdded = "development_evidence_added"
    case revalidationRecorded = "revalidation_recorded"
    case appraisalRecorded = "appraisal_recorded"
    case evidencePackExported = "evidence_pack_exported"
    case appraisalOverviewViewed = "appraisal_overview_viewed"
    case developmentFiguresViewed = "development_figures_viewed"
}

/// The kinds of record development planning audits.
extension AuditResource {
    package static let practice = AuditResource(rawValue: "practice")
    package static let practiceDevelopment = AuditResource(rawValue: "practice_development")
    package static let practiceWorkshop = AuditResource(rawValue: "practice_workshop")
    package static let pdpItem = AuditResource(rawValue: "pdp_item")
    package static let developmentPortfolio = AuditResource(rawValue: "development_portfolio")
}
