import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// After an event: attendance (marked or imported) and the feedback figures for organisers; the certificate and
/// the feedback form for attendees (issue #19 items 3 and 4).
package struct EventFollowUpController: RouteCollection {
    typealias Body = Node<HTML.BodyContext>

    package func boot(routes: any RoutesBuilder) throws {
        let event = EventAccess.loader()
        routes.on(.eventAttendance(nil), action: .runLearningEvents, record: event, use: attendance)
        routes.on(
            .eventAttendance(nil), .POST, action: .runLearningEvents, record: event,
            after: .says("event-attendance", "Attendance is saved: those who attended can now get their certificate."),
            use: recordAttendance)
        routes.on(
            .eventAttendanceImport(nil), .POST, action: .runLearningEvents, record: event,
            after: .quiet("answers with the page, which says what was imported"), use: importAttendance)
        routes.on(.eventCertificate(nil), action: .followUpLearningEvents, record: event, use: certificate)
        routes.on(.eventFeedback(nil), action: .followUpLearningEvents, record: event, use: feedbackForm)
        routes.on(
            .eventFeedback(nil), .POST, action: .followUpLearningEvents, record: event,
            after: .says("event-feedback", "Thank you for your feedback."), use: giveFeedback)
    }

    // MARK: Attendance

    @Sendable func attendance(request: Request) async throws -> HTMLPage {
        try await attendancePage(request, errors: FormErrors(), report: nil, checked: nil)
    }

    private func attendancePage(
        _ request: Request, errors: FormErrors, report: EventService.ImportReport?,
        checked: Set<String>?
    ) async throws -> HTMLPage {
        let view = try request.authorisedRecord(EventAccess.View.self)
        let event = view.event
        let service = EventService(context: ServiceContext(request))
        let rows = try await service.attendance(of: event)
        let refusal = service.attendanceRefusal(event)
        let (summary, comments) = try await service.feedbackSummary(of: event)
        let ticked = checked ?? Set(rows.filter(\.booking.attended).map { $0.booking.personID.uuidString })
        return request.page(
            Forms.title("Attendance: \(event.title)", errors: errors), status: errors.pageStatus,
            .group(
                EventPages.back("Back to the event", .event(event.id)),
                Forms.errorSummary(errors),
                .h1(.text("Attendance and feedback")),
                .p(.text(event.title)),
                .unwrap(refusal) { .div(.class("notice"), .p(.text($0 + "."))) },
                .if(
                    refusal == nil,
                    .group(
                        rows.isEmpty
                            ? .p(.text("Nobody has a place. Import attendance below to record walk-ins."))
                            : Forms.form(
                                action: SiteURL.eventAttendance(event.id).path, csrf: request.csrfToken,
                                EventPages.hidden("version", String(event.version)),
                                Forms.checkboxes(
                                    name: "attended", legend: "Who attended (\(rows.count) with a place)",
                                    choices: rows.map {
                                        .init(value: $0.booking.personID.uuidString, label: $0.name, hint: $0.email)
                                    }, checked: ticked, error: errors["attended"]),
                                Forms.submit("Save attendance")),
                        .h2(.text("Import attendance")),
                        .p(
                            .text(
                                "A CSV file whose first line names the columns email and attended (yes or no; yes "
                                    + "when left out). Someone who came without a place is added. Every line is "
                                    + "checked first: nothing changes unless all of them are right.")),
                        .unwrap(report) { report in
                            report.problems.isEmpty
                                ? .div(
                                    .class("notice"), .attr("role", "status"),
                                    .p(
                                        .text(
                                            "Imported: \(report.marked) attended (\(report.walkIns) without a place), "
                                                + "\(report.unmarked) did not.")))
                                : .div(
                                    .class("error-summary"), .attr("role", "alert"),
                                    .h2(.class("error-summary__title"), .text("Nothing was imported")),
                                    .ul(.forEach(report.problems.prefix(50)) { .li(.text($0.description)) }))
                        },
                        Forms.form(
                            action: SiteURL.eventAttendanceImport(event.id).path, csrf: request.csrfToken,
                            multipart: true,
                            Forms.file(
                                name: "attendanceFile", label: "CSV file", hint: "Up to 2,000 lines",
                                error: errors["attendanceFile"]),
                            Forms.submit("Import", secondary: true)))),
                .h2(.text("Feedback")),
                .p(
                    .text(
                        "Figures count answers in whole groups of five (one new answer never shows on its own), and "
                            + "comments appear once five of those answers have one; never with names.")),
                EventPages.feedbackFigures(summary),
                .if(
                    summary.commentsShown,
                    .group(
                        .h3(.text("Comments")),
                        .ul(.forEach(comments) { .li(.text($0)) })))))
    }

    private struct AttendanceForm: Content {
        var attended: [String]?
        var version: Int?
    }

    @Sendable func recordAttendance(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(EventAccess.View.self)
        let form = try request.content.decode(AttendanceForm.self)
        let ids = (form.attended ?? []).compactMap(UUID.init(uuidString:))
        var errors = FormErrors()
        if ids.count != (form.attended ?? []).count {
            errors.add("attended", "Choose attendees from the list")
        } else if case .failure(let refused) = try await EventService(context: ServiceContext(request))
            .recordAttendance(view.event, attended: Set(ids), version: form.version)
        {
            errors = refused
        }
        guard errors.isEmpty else {
            return try await attendancePage(
                request, errors: errors, report: nil, checked: Set(form.attended ?? [])
            ).encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.eventAttendance(view.event.id).path)
    }

    private struct ImportForm: Content {
        var attendanceFile: File?
    }

    @Sendable func importAttendance(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(EventAccess.View.self)
        let form = try request.content.decode(ImportForm.self)
        var errors = FormErrors()
        guard let file = form.attendanceFile, file.data.readableBytes > 0,
            let text = String(data: Data(buffer: file.data), encoding: .utf8)
        else {
            errors.add("attendanceFile", "Choose a CSV file (saved as UTF-8 text)")
            return try await attendancePage(request, errors: errors, report: nil, checked: nil)
                .encodeResponse(for: request)
        }
        let report = try await EventService(context: ServiceContext(request)).importAttendance(view.event, csv: text)
        let page = try await attendancePage(request, errors: FormErrors(), report: report, checked: nil)
        let response = try await page.encodeResponse(for: request)
        if !report.problems.isEmpty { response.status = .unprocessableEntity }
        return response
    }

    // MARK: Certificate

    @Sendable func certificate(request: Request) async throws -> HTMLPage {
        let view = try request.authorisedRecord(EventAccess.View.self)
        let certificate = try await EventService(context: ServiceContext(request)).certificate(for: view.event)
        let days = certificate.days.map(\.longText)
        let daysText =
            days.count <= 1
            ? (days.first ?? "") : days.dropLast().joined(separator: ", ") + " and " + (days.last ?? "")
        return request.page(
            "Certificate of attendance",
            .group(
                .p(
                    .class("no-print"),
                    .a(
                        .class("back-link"), .attr("href", SiteURL.event(view.event.id).path),
                        .text("Back to the event"))),
                .p(
                    .class("no-print hint"),
                    .text("Print this page, or save it as a PDF from your browser's print dialogue.")),
                .div(
                    .class("certificate"),
                    .h1(.text("Certificate of attendance")),
                    .p(.text("This certifies that")),
                    .p(.class("certificate__name"), .text(certificate.name)),
                    .p(.text("attended")),
                    .p(.class("certificate__title"), .text(certificate.title)),
                    .p(.text("on \(daysText) (\(certificate.format.title.lowercased())).")),
                    .if(
                        certificate.cpdMinutes > 0,
                        .p(.text("Continuing professional development: \(EventPages.hours(certificate.cpdMinutes))."))),
                    .p(.text("\(certificate.organisation). Issued on \(certificate.issuedOn.longText).")))))
    }

    // MARK: Feedback

    @Sendable func feedbackForm(request: Request) async throws -> HTMLPage {
        try await feedbackPage(request, draft: EventFeedbackDraft(), errors: FormErrors())
    }

    private func feedbackPage(_ request: Request, draft: EventFeedbackDraft, errors: FormErrors) async throws
        -> HTMLPage
    {
        let view = try request.authorisedRecord(EventAccess.View.self)
        let mayGive = try await EventService(context: ServiceContext(request)).mayGiveFeedback(view.event)
        let scale = (1...5).map { Forms.Choice(value: String($0), label: String($0)) }
        return request.page(
            Forms.title("Feedback: \(view.event.title)", errors: errors), status: errors.pageStatus,
            .group(
                EventPages.back("Back to the event", .event(view.event.id)),
                Forms.errorSummary(errors),
                .h1(.text("How was \(view.event.title)?")),
                mayGive || !errors.isEmpty
                    ? Forms.form(
                        action: SiteURL.eventFeedback(view.event.id).path, csrf: request.csrfToken,
                        .p(
                            .text(
                                "Your answers are kept without your name or the time. Organisers see figures only "
                                    + "for whole groups of five answers, and comments once five people have written one."
                            )),
                        Forms.radios(
                            name: "rating", legend: "Overall, how good was it? (1 poor, 5 excellent)", choices: scale,
                            selected: draft.rating, error: errors["rating"]),
                        Forms.radios(
                            name: "usefulness", legend: "How useful was it for your work? (1 not at all, 5 very)",
                            choices: scale, selected: draft.usefulness, error: errors["usefulness"]),
                        Forms.textArea(
                            name: "comment", label: "Anything else? (optional)", value: draft.comment,
                            hint: "Please leave out names and anything that identifies a patient",
                            error: errors["comment"], rows: 4),
                        Forms.submit("Send feedback"))
                    : .p(.text("You have given feedback on this event. Thank you."))))
    }

    private struct FeedbackForm: Content {
        var rating: String?
        var usefulness: String?
        var comment: String?
    }

    @Sendable func giveFeedback(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(EventAccess.View.self)
        let form = try request.content.decode(FeedbackForm.self)
        let draft = EventFeedbackDraft(
            rating: form.rating ?? "", usefulness: form.usefulness ?? "", comment: form.comment ?? "")
        switch try await EventService(context: ServiceContext(request)).giveFeedback(view.event, draft) {
        case .failure(let errors):
            return try await feedbackPage(request, draft: draft, errors: errors).encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.event(view.event.id).path)
        }
    }
}
