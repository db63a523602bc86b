import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// `/cases/:id/timeline`: who did what and when on the case (`CaseTimeline`).
extension CaseController {
    @Sendable package func timeline(request: Request) async throws -> HTMLPage {
        let record = try request.authorisedRecord(SupportCase.self)
        let caseID = try record.requireID()
        let page = (try? request.query.get(Int.self, at: "page")) ?? 1
        let timeline = try await CaseTimeline(context: ServiceContext(request)).page(of: caseID, page: page)
        try await request.audit(
            SupportAudit.caseTimelineRead, resourceType: .supportCase, resourceID: caseID.uuidString,
            subject: record.clinicianID)
        return request.page(
            "Timeline – case \(record.reference)",
            CaseTimelinePage(
                caseID: caseID, reference: record.reference, timeline: timeline,
                zone: request.application.cairn.configuration.timeZone
            ).render())
    }
}
