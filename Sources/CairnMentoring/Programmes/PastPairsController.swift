import CairnAccounts
import CairnCore
import CairnPlatform
import Plot
import Vapor

/// `/mentoring/programmes/:id/past-pairs`: the programme lead brings a programme's earlier pairs into Cairn from a
/// CSV file, so its dashboard shows its past cohorts (`ProgrammeService.importPastPairs`; the API's
/// `POST /api/v1/mentoring/programmes/{id}/past-pairs` does the same).
package struct PastPairsController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let byProgramme = MentoringAccess.programmeLoader()
        routes.on(.mentoringPastPairs(nil), action: .runMentoringProgrammes, record: byProgramme, use: show)
        routes.on(
            .mentoringPastPairs(nil), .POST, action: .runMentoringProgrammes, record: byProgramme,
            after: .quiet("answers with the page, which says what was imported"), use: importPairs)
    }

    static let title = "Bring in earlier pairs"

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        return request.page(Self.title, PastPairsPage.render(programme, csrf: request.csrfToken))
    }

    @Sendable package func importPairs(request: Request) async throws -> HTMLPage {
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        let csv = try request.uploadedText(pastedInto: "pairs_csv")
        switch try await ProgrammeService(request: request).importPastPairs(csv, into: programme) {
        case .success(let report):
            return request.page(Self.title, PastPairsPage.render(programme, csrf: request.csrfToken, report: report))
        case .failure(let problems):
            return request.page(
                "Error: " + Self.title, status: .unprocessableEntity,
                PastPairsPage.render(programme, csrf: request.csrfToken, typed: csv, problems: problems.lines))
        }
    }
}

package enum PastPairsPage {
    static let example = """
        reference,mentee_email,mentor_email,paired_on,held_on,ended_on
        NES-2025-001,amira@example.org,james@example.org,2025-01-15,2025-02-03;2025-03-10;2025-04-07;2025-05-12,
        NES-2025-002,chen@example.org,helen@example.org,2025-01-15,2025-02-05,2025-03-01
        """

    package static func render(
        _ programme: MentoringProgramme, csrf: String, typed: String = "", problems: [CSVTable.Problem] = [],
        report: ProgrammeService.PastPairsReport? = nil
    ) -> Node<HTML.BodyContext> {
        var errors = FormErrors()
        if let first = problems.first {
            errors.add(
                "pairs_csv",
                "Nothing was imported. Line \(first.line): \(first.message)"
                    + (problems.count > 1 ? " (and \(problems.count - 1) more below)" : ""))
        }
        return .group(
            Forms.errorSummary(errors),
            .p(
                .a(
                    .class("back-link"), .attr("href", SiteURL.mentoringProgramme(programme.id).path),
                    .text(programme.name))),
            .h1(.text(PastPairsController.title)),
            .unwrap(report) { report in
                .div(
                    .class("notice"), .attr("role", "status"),
                    .p(
                        .text(
                            "\(report.imported) pair\(report.imported == 1 ? "" : "s") imported"
                                + (report.alreadyThere.isEmpty
                                    ? "."
                                    : "; \(report.alreadyThere.count) already here, left as they were.")),
                        .text(" "),
                        .a(.attr("href", SiteURL.mentoringDashboard(programme.id).path), .text("See the dashboard"))))
            },
            .p(
                .text(
                    "Bring this programme's earlier pairs into Cairn, so its dashboard shows its past cohorts from "
                        + "the first day: who was paired with whom and when, the days their sessions were held, and "
                        + "the day a pair ended early. Add the mentors and mentees first (their CSV on the programme's "
                        + "page). No one is told: these pairs are history.")),
            .p(
                .text("The first line names the columns: "), .code(.text(PastPair.columns.joined(separator: ","))),
                .text(
                    ". Reference, the two emails and paired_on are needed; dates are like 2025-03-14; separate the "
                        + "days sessions were held with semicolons (at most \(programme.sessionCount)); leave "
                        + "ended_on empty for a pair that ran its course. Every line must be right, or nothing is "
                        + "imported. A reference already here is left as it is, so sending a file twice imports "
                        + "nothing twice.")),
            .el("details", .class("details"), .el("summary", .text("An example")), .pre(.code(.text(example)))),
            .unwrap(problems.isEmpty ? nil : problems) { problems in
                .ul(.class("error-message"), .forEach(problems.prefix(50)) { .li(.text($0.description)) })
            },
            Forms.form(
                action: SiteURL.mentoringPastPairs(programme.id).path, csrf: csrf, multipart: true,
                Forms.csvFile(id: "pairs_file"),
                Forms.textArea(
                    name: "pairs_csv", label: "Earlier pairs as CSV", value: typed,
                    error: problems.isEmpty ? nil : "Nothing was imported. Put the lines above right.", rows: 10),
                Forms.submit("Bring them in"))
        )
    }
}
