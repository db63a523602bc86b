import CairnAccounts
import CairnCore
import CairnPlatform
import Plot
import Vapor

/// `/earlier-records`: the unit lead brings the unit's earlier records into Cairn from a CSV file, so the figures
/// show last year from the first day (`PastRecordsService`; the API's `POST /api/v1/earlier-records` does the same).
package struct EarlierRecordsController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.earlierRecords, action: .importPastRecords, use: show)
        routes.on(
            .earlierRecords, .POST, action: .importPastRecords,
            after: .quiet("answers with the page, which says what was imported"), use: importRecords)
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        request.page("Bring in earlier records", EarlierRecordsPage.render(csrf: request.csrfToken))
    }

    @Sendable package func importRecords(request: Request) async throws -> HTMLPage {
        let csv = try request.uploadedText(pastedInto: "records_csv")
        switch try await PastRecordsService(request: request).importRecords(csv) {
        case .success(let report):
            return request.page(
                "Bring in earlier records", EarlierRecordsPage.render(csrf: request.csrfToken, report: report))
        case .failure(let problems):
            return request.page(
                "Error: Bring in earlier records", status: .unprocessableEntity,
                EarlierRecordsPage.render(csrf: request.csrfToken, typed: csv, problems: problems.lines))
        }
    }
}

package enum EarlierRecordsPage {
    static let example = """
        reference,received_on,profession,grade,region,reasons,img,at_risk,state,first_contact_on,ended_on,outcomes,support,cost
        PSU-2025-0113,2025-03-04,doctor,gpst2,scotland,exam_difficulty;wellbeing,yes,no,closed,2025-03-06,2025-07-30,goals_met;progression,coaching;exam_support,450
        PSU-2025-0114,2025-03-05,nurse,,,career_planning,no,no,withdrawn,,2025-03-20,,,
        """

    package static func render(
        csrf: String, typed: String = "", problems: [CSVTable.Problem] = [], report: PastRecordsService.Report? = nil
    ) -> Node<HTML.BodyContext> {
        var errors = FormErrors()
        if let first = problems.first {
            errors.add(
                "records_csv",
                "Nothing was imported. Line \(first.line): \(first.message)"
                    + (problems.count > 1 ? " (and \(problems.count - 1) more below)" : ""))
        }
        return .group(
            Forms.errorSummary(errors),
            .h1(.text("Bring in earlier records")),
            .unwrap(report) { report in
                .div(
                    .class("notice"), .attr("role", "status"),
                    .p(
                        .text(
                            "\(report.imported) record\(report.imported == 1 ? "" : "s") imported"
                                + (report.alreadyThere.isEmpty
                                    ? "."
                                    : "; \(report.alreadyThere.count) already here, left as they were.")),
                        .text(" "), .a(.attr("href", SiteURL.supportFigures.path), .text("See the figures")))
                )
            },
            .p(
                .text(
                    "Bring the unit's past requests into Cairn, so its figures show last year from the first day. "
                        + "Only requests that have ended (closed, declined or withdrawn) and only what the figures "
                        + "count: no names, contact details or words, which stay in the earlier system.")),
            .p(
                .text("The first line names the columns: "), .code(.text(PastRecord.columns.joined(separator: ","))),
                .text(
                    ". Reference, received_on, profession, reasons, state and ended_on are needed; dates are like "
                        + "2025-03-14; separate several reasons, outcomes or kinds of support with semicolons; the "
                        + "cost is in pounds. Every line must be right, or nothing is imported. A reference already "
                        + "here is left as it is, so sending a file twice imports nothing twice.")),
            .el("details", .class("details"), .el("summary", .text("An example")), .pre(.code(.text(example)))),
            .unwrap(problems.isEmpty ? nil : problems) { problems in
                .ul(.class("error-message"), .forEach(problems.prefix(50)) { .li(.text($0.description)) })
            },
            Forms.form(
                action: SiteURL.earlierRecords.path, csrf: csrf, multipart: true,
                Forms.csvFile(id: "records_file"),
                Forms.textArea(
                    name: "records_csv", label: "Earlier records as CSV", value: typed,
                    error: problems.isEmpty ? nil : "Nothing was imported. Put the lines above right.", rows: 10),
                Forms.submit("Bring them in")
            )
        )
    }
}
