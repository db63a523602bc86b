import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/events`: the list, an event's page, booking, and the organisers' forms (issue #19 items 1, 2 and 7).
package struct EventController: RouteCollection {
    typealias Body = Node<HTML.BodyContext>

    package func boot(routes: any RoutesBuilder) throws {
        let event = EventAccess.loader()
        routes.on(.events, action: .viewLearningEvents, use: list)
        routes.on(
            .events, .POST, action: .runLearningEvents,
            after: .says(
                "event-created", "The event is saved as a draft: only its organisers see it until you publish it."),
            use: create)
        routes.on(.newEvent, action: .runLearningEvents, use: newEvent)
        routes.on(.event(nil), action: .viewLearningEvents, record: event, use: show)
        routes.on(.eventInvite(nil), action: .viewLearningEvents, record: event, use: EventCalendar.invite)
        routes.on(.eventEdit(nil), action: .runLearningEvents, record: event, use: edit)
        routes.on(
            .eventEdit(nil), .POST, action: .runLearningEvents, record: event,
            after: .says("event-changed", "The changes are saved."), use: change)
        routes.on(
            .eventPublish(nil), .POST, action: .runLearningEvents, record: event,
            after: .says("event-published", "The event is published."), use: publish)
        routes.on(.eventCancel(nil), action: .runLearningEvents, record: event, use: confirmCancel)
        routes.on(
            .eventCancel(nil), .POST, action: .runLearningEvents, record: event,
            after: .says("event-cancelled", "The event is cancelled, and everyone with a place has been told."),
            use: cancel)
        routes.on(
            .eventOrganisers(nil), .POST, action: .runLearningEvents, record: event,
            after: .says("event-organiser", "They are an organiser of this event."), use: addOrganiser)
        routes.on(
            .eventBooking(nil), .POST, action: .bookLearningEvents, record: event,
            after: .confirms([Self.booked, Self.waitingForPlace]), use: book)
        routes.on(
            .eventBookingCancel(nil), .POST, action: .bookLearningEvents, record: event,
            after: .says("given-up", "Your place is given up. Thank you for letting someone else have it."),
            use: cancelBooking)
    }

    static let booked = Notice("event-booked", "You have a place. It is in your calendar feed.")
    static let waitingForPlace = Notice(
        "waiting-for-place",
        "The event is full: you are on the waiting list, and we will email you if a place comes free.")

    // MARK: The list

    @Sendable func list(request: Request) async throws -> HTMLPage {
        let service = EventService(context: ServiceContext(request))
        let period: EventService.Period =
            (try? request.query.get(String.self, at: "period")) == "past" ? .past : .upcoming
        let page = (try? request.query.get(Int.self, at: "page")) ?? 1
        let (events, paging) = try await service.list(period: period, page: page)
        let mine = try await service.myBookings()
        let zone = request.application.cairn.configuration.timeZone
        let mayRun = Policy.decide(request.actor, .runLearningEvents) == .allow
        // An organiser's year, pooled: shown with the past events only.
        let pooled = mayRun && period == .past ? try await service.pooledFeedback() : nil
        let base = SiteURL.events.path + (period == .past ? "?period=past&" : "?")
        return request.page(
            "Learning events",
            .group(
                .h1(.text("Learning events")),
                .p(
                    .text(
                        "Workshops and courses for clinicians and for the unit's own staff: communication, exams, "
                            + "returning to practice, resilience, induction to UK practice. Book a place, and after "
                            + "the event you get a certificate of attendance with its CPD hours.")),
                .if(mayRun, .p(.a(.class("button"), .attr("href", SiteURL.newEvent.path), .text("Create an event")))),
                .if(
                    !mine.isEmpty,
                    EventPages.table(
                        "Your places",
                        columns: ["Event", "When", "Your place"],
                        rows: mine.map { row in
                            [
                                .a(.attr("href", SiteURL.event(row.event.id).path), .text(row.event.title)),
                                .text(EventPages.when(row.event.startsAt, row.event.endsAt, zone: zone)),
                                .text(row.booking.status.title),
                            ]
                        })),
                .nav(
                    .attr("aria-label", "Which events"),
                    .ul(
                        .class("inline-list"),
                        .li(
                            period == .upcoming
                                ? .strong(.text("Coming up"))
                                : .a(.attr("href", SiteURL.events.path), .text("Coming up"))),
                        .li(
                            period == .past
                                ? .strong(.text("Past events"))
                                : .a(.attr("href", SiteURL.events.path + "?period=past"), .text("Past events"))))),
                events.isEmpty
                    ? .p(.text(period == .upcoming ? "No events are coming up." : "No past events."))
                    : EventPages.table(
                        (period == .upcoming ? "Coming up" : "Past events") + " (\(paging.total))",
                        columns: ["Event", "When", "How", "For", "Places"],
                        rows: events.map { event in
                            [
                                .group(
                                    .a(.attr("href", SiteURL.event(event.id).path), .text(event.title)),
                                    .if(
                                        event.status != .published,
                                        .group(.text(" "), .strong(.class("tag"), .text(event.status.title))))),
                                .text(EventPages.when(event.startsAt, event.endsAt, zone: zone)),
                                .text(event.format.title),
                                .text(event.audienceText),
                                .text(
                                    event.status == .cancelled
                                        ? "Cancelled"
                                        : event.taken >= event.capacity
                                            ? "Full: waiting list" : "\(event.capacity - event.taken) left"),
                            ]
                        }),
                Pager.render(paging) { base + "page=\($0)" },
                .unwrap(pooled) { pooled in
                    .section(
                        .h2(.text("Feedback on your events in the last 12 months")),
                        .p(
                            .text(
                                "\(pooled.events) of your events started in the last 12 months; \(pooled.eventsShown) "
                                    + "of them have figures (five answers or more, in whole groups of five). Only "
                                    + "those are pooled here, so no event's hidden answers can be worked out.")),
                        EventPages.feedbackFigures(pooled.summary))
                }))
    }

    // MARK: Creating and changing

    struct EventForm: Content {
        var title: String?
        var description: String?
        var professions: [String]?
        var grades: [String]?
        var staffOnly: [String]?
        var visibility: String?
        var format: String?
        var place: String?
        var videoLink: String?
        var capacity: String?
        var bookingOpens: String?
        var bookingCloses: String?
        var cpdHours: String?
        var session1Date: String?
        var session1Start: String?
        var session1End: String?
        var session2Date: String?
        var session2Start: String?
        var session2End: String?
        var session3Date: String?
        var session3Start: String?
        var session3End: String?
        var session4Date: String?
        var session4Start: String?
        var session4End: String?
        var version: Int?

        var draft: EventDraft {
            let rows: [(String?, String?, String?)] = [
                (session1Date, session1Start, session1End), (session2Date, session2Start, session2End),
                (session3Date, session3Start, session3End), (session4Date, session4Start, session4End),
            ]
            return EventDraft(
                title: title ?? "", description: description ?? "", professions: professions ?? [],
                grades: grades ?? [], staffOnly: staffOnly?.contains("yes") == true, visibility: visibility ?? "",
                format: format ?? "", place: place ?? "", videoLink: videoLink ?? "", capacity: capacity ?? "",
                bookingOpens: .day(bookingOpens ?? ""), bookingCloses: .day(bookingCloses ?? ""),
                cpdHours: cpdHours ?? "",
                sessions: rows.map { .typed(date: $0.0 ?? "", start: $0.1 ?? "", end: $0.2 ?? "") })
        }
    }

    /// The draft an event's form starts from: what it holds now, in the page's terms.
    static func draft(of event: LearningEvent, sessions: [LearningEventSession], zone: TimeZone) -> EventDraft {
        let closesDefault = sessions.first.map { $0.startsAt == event.bookingClosesAt } ?? true
        return EventDraft(
            title: event.title, description: event.description, professions: event.professions.map(\.rawValue),
            grades: event.grades.map(\.rawValue), staffOnly: event.staffOnly, visibility: event.visibility.rawValue,
            format: event.format.rawValue, place: event.place ?? "", videoLink: event.videoLink ?? "",
            capacity: String(event.capacity),
            bookingOpens: .day(DisplayTime.isoDay(event.bookingOpensAt, in: zone)),
            bookingCloses: closesDefault
                ? .day("") : .day(DisplayTime.isoDay(event.bookingClosesAt.addingTimeInterval(-1), in: zone)),
            cpdHours: event.cpdMinutes == 0
                ? "" : EventPages.hours(event.cpdMinutes).split(separator: " ")[0].description,
            sessions: sessions.map {
                .typed(
                    date: DisplayTime.isoDay($0.startsAt, in: zone), start: DisplayTime.clock($0.startsAt, in: zone),
                    end: DisplayTime.clock($0.endsAt, in: zone))
            })
    }

    private func formPage(
        _ request: Request, heading: String, action: SiteURL, draft: EventDraft, errors: FormErrors, version: Int?,
        back: SiteURL
    ) -> HTMLPage {
        func moment(_ value: EventDraft.Moment) -> String {
            if case .day(let text) = value { return text }
            return ""
        }
        let rows = (0..<EventDraft.pageSessionRows).map { row -> Body in
            var date = ""
            var start = ""
            var end = ""
            if row < draft.sessions.count, case .typed(let d, let s, let e) = draft.sessions[row] {
                (date, start, end) = (d, s, e)
            }
            let names = (EventField.sessionDate(row), EventField.sessionStart(row), EventField.sessionEnd(row))
            return .el(
                "fieldset", .class("fieldset"),
                .el(
                    "legend", .class("fieldset__legend"),
                    .text(row == 0 ? "First session" : "Session \(row + 1) (if any)")),
                .div(
                    .class("date-row"),
                    Forms.date(name: names.0.formName, label: "Date", value: date, error: errors[names.0.formName]),
                    Forms.text(
                        .init(
                            name: names.1.formName, label: "Starts", value: start, hint: "For example, 09:30",
                            error: errors[names.1.formName], width: "5")),
                    Forms.text(
                        .init(
                            name: names.2.formName, label: "Ends", value: end, hint: "For example, 12:30",
                            error: errors[names.2.formName], width: "5"))))
        }
        return request.page(
            Forms.title(heading, errors: errors), status: errors.pageStatus,
            .group(
                EventPages.back("Back", back),
                Forms.errorSummary(errors),
                .h1(.text(heading)),
                Forms.form(
                    action: action.path, csrf: request.csrfToken,
                    .unwrap(version) { EventPages.hidden("version", String($0)) },
                    Forms.text(.init(name: "title", label: "Title", value: draft.title, error: errors["title"])),
                    Forms.textArea(
                        name: "description", label: "Description", value: draft.description,
                        hint: "What it covers and who it is for. Markdown: **bold**, *italic*, lists with -, "
                            + "links as [words](https://…). Other markup is shown as typed.",
                        error: errors["description"], rows: 10),
                    Forms.radios(
                        name: "format", legend: "How it is held",
                        choices: EventFormat.allCases.map { .init(value: $0.rawValue, label: $0.title) },
                        selected: draft.format, error: errors["format"]),
                    Forms.text(
                        .init(
                            name: "place", label: "Place", value: draft.place,
                            hint: "The room and address, for events held in person", error: errors["place"])),
                    Forms.text(
                        .init(
                            name: "videoLink", label: "Video meeting address", value: draft.videoLink,
                            hint: "The https:// address, shown only to people with a place",
                            error: errors["videoLink"], spellcheck: false)),
                    .group(rows),
                    Forms.text(
                        .init(
                            name: "capacity", label: "Places", value: draft.capacity, error: errors["capacity"],
                            width: "4", inputMode: "numeric")),
                    Forms.text(
                        .init(
                            name: "cpdHours", label: "CPD hours (optional)", value: draft.cpdHours,
                            hint: "In quarter hours, like 1.5: shown on certificates of attendance",
                            error: errors["cpdHours"], width: "4", inputMode: "decimal")),
                    Forms.date(
                        name: "bookingOpens", label: "Booking opens (optional)", value: moment(draft.bookingOpens),
                        hint: "Left empty, booking opens when the event is published. For example, 27 3 2027",
                        error: errors["bookingOpens"]),
                    Forms.date(
                        name: "bookingCloses", label: "Booking closes (optional)", value: moment(draft.bookingCloses),
                        hint: "The last day to book; left empty, booking closes when the event starts",
                        error: errors["bookingCloses"]),
                    Forms.radios(
                        name: "visibility", legend: "Who may see it",
                        choices: EventVisibility.allCases.map { .init(value: $0.rawValue, label: $0.title) },
                        selected: draft.visibility, error: errors["visibility"]),
                    Forms.checkboxes(
                        name: "staffOnly", legend: "Unit staff only",
                        choices: [.init(value: "yes", label: "Only the unit's own staff may see and book it")],
                        checked: draft.staffOnly ? ["yes"] : [], error: errors["staffOnly"]),
                    Forms.checkboxes(
                        name: "professions", legend: "For these professions (optional)",
                        choices: Profession.allCases.map { .init(value: $0.rawValue, label: $0.title) },
                        checked: Set(draft.professions), hint: "None chosen: for everyone",
                        error: errors["professions"]),
                    .el(
                        "details", .class("details"), .if(errors["grades"] != nil, .attr("open", "open")),
                        .el("summary", .text("For these grades (optional)")),
                        Forms.checkboxes(
                            name: "grades", legend: "Grades",
                            choices: Grade.allCases.map { .init(value: $0.rawValue, label: $0.title) },
                            checked: Set(draft.grades), error: errors["grades"])),
                    Forms.submit(version == nil ? "Save as a draft" : "Save the changes"))))
    }

    @Sendable func newEvent(request: Request) async throws -> HTMLPage {
        formPage(
            request, heading: "Create an event", action: .events, draft: EventDraft(), errors: FormErrors(),
            version: nil, back: .events)
    }

    @Sendable func create(request: Request) async throws -> Response {
        let form = try request.content.decode(EventForm.self)
        let draft = form.draft
        switch try await EventService(context: ServiceContext(request)).create(draft) {
        case .failure(let errors):
            return try await formPage(
                request, heading: "Create an event", action: .events, draft: draft, errors: errors, version: nil,
                back: .events
            ).encodeResponse(for: request)
        case .success(let event):
            return request.redirect(to: SiteURL.event(event.id).path)
        }
    }

    @Sendable func edit(request: Request) async throws -> HTMLPage {
        let view = try request.authorisedRecord(EventAccess.View.self)
        let sessions = try await EventService(context: ServiceContext(request)).sessions(of: view.event)
        return formPage(
            request, heading: "Change the event", action: .eventEdit(view.event.id),
            draft: Self.draft(
                of: view.event, sessions: sessions, zone: request.application.cairn.configuration.timeZone),
            errors: FormErrors(), version: view.event.version, back: .event(view.event.id))
    }

    @Sendable func change(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(EventAccess.View.self)
        let form = try request.content.decode(EventForm.self)
        let draft = form.draft
        switch try await EventService(context: ServiceContext(request)).change(view.event, draft, version: form.version)
        {
        case .failure(let errors):
            return try await formPage(
                request, heading: "Change the event", action: .eventEdit(view.event.id), draft: draft, errors: errors,
                version: form.version ?? view.event.version, back: .event(view.event.id)
            ).encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.event(view.event.id).path)
        }
    }

    private struct VersionForm: Content {
        var version: Int?
    }

    @Sendable func publish(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(EventAccess.View.self)
        let form = try request.content.decode(VersionForm.self)
        switch try await EventService(context: ServiceContext(request)).publish(view.event, version: form.version) {
        case .failure(let errors):
            return try await eventPage(request, view: view, errors: errors).encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.event(view.event.id).path)
        }
    }

    @Sendable func confirmCancel(request: Request) async throws -> HTMLPage {
        let view = try request.authorisedRecord(EventAccess.View.self)
        let counts = try await EventService(context: ServiceContext(request)).counts(of: view.event)
        let told = counts.booked + counts.waiting
        return request.page(
            "Cancel \(view.event.title)",
            .group(
                EventPages.back("Back to the event", .event(view.event.id)),
                .h1(.text("Cancel \(view.event.title)?")),
                .div(
                    .class("notice notice--important"),
                    .p(
                        .text(
                            told == 0
                                ? "Nobody has a place yet. The event will show as cancelled and nobody can book it."
                                : "\(told) \(told == 1 ? "person" : "people") with a place or on the waiting list "
                                    + "will be emailed that it is cancelled. This cannot be undone."))),
                Forms.form(
                    action: SiteURL.eventCancel(view.event.id).path, csrf: request.csrfToken,
                    EventPages.hidden("version", String(view.event.version)),
                    Forms.submit("Cancel the event"))))
    }

    @Sendable func cancel(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(EventAccess.View.self)
        let form = try request.content.decode(VersionForm.self)
        switch try await EventService(context: ServiceContext(request)).cancel(view.event, version: form.version) {
        case .failure(let errors):
            return try await eventPage(request, view: view, errors: errors).encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.event(view.event.id).path)
        }
    }

    private struct OrganiserForm: Content {
        var organiserEmail: String?
    }

    @Sendable func addOrganiser(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(EventAccess.View.self)
        let form = try request.content.decode(OrganiserForm.self)
        switch try await EventService(context: ServiceContext(request)).addOrganiser(
            to: view.event, email: form.organiserEmail ?? "")
        {
        case .failure(let errors):
            return try await eventPage(
                request, view: view, errors: errors, organiserEmail: form.organiserEmail ?? ""
            )
            .encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.event(view.event.id).path)
        }
    }

    // MARK: Booking

    @Sendable func book(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(EventAccess.View.self)
        switch try await EventService(context: ServiceContext(request)).book(view.event) {
        case .refused(let reason):
            var errors = FormErrors()
            errors.addConflict("booking", reason)
            return try await eventPage(request, view: view, errors: errors).encodeResponse(for: request)
        case .waiting: return request.redirect(to: SiteURL.event(view.event.id).path, notice: Self.waitingForPlace)
        case .booked, .unchanged, .cancelled:
            return request.redirect(to: SiteURL.event(view.event.id).path, notice: Self.booked)
        }
    }

    @Sendable func cancelBooking(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(EventAccess.View.self)
        switch try await EventService(context: ServiceContext(request)).cancelBooking(view.event) {
        case .refused(let reason):
            var errors = FormErrors()
            errors.addConflict("booking", reason)
            return try await eventPage(request, view: view, errors: errors).encodeResponse(for: request)
        default: return request.redirect(to: SiteURL.event(view.event.id).path)
        }
    }

    // MARK: The event's page

    @Sendable func show(request: Request) async throws -> HTMLPage {
        let view = try request.authorisedRecord(EventAccess.View.self)
        return try await eventPage(request, view: view, errors: FormErrors())
    }

    private func eventPage(
        _ request: Request, view: EventAccess.View, errors: FormErrors, organiserEmail: String = ""
    ) async throws -> HTMLPage {
        let event = view.event
        let service = EventService(context: ServiceContext(request))
        let zone = request.application.cairn.configuration.timeZone
        let sessions = try await service.sessions(of: event)
        let mine = try await service.myBooking(at: event)
        let counts = try await service.counts(of: event)
        let organisers = try await service.organiserNames(of: event)
        let now = request.application.cairn.collaborators.now()
        let organises = Policy.decide(request.actor, .runLearningEvents, on: .record(view.standing)) == .allow
        let booked = mine.booking?.status == .booked
        let window = event.window(at: now)
        let mayFollowUp = view.standing.attended
        let mayGiveFeedback = mayFollowUp ? try await service.mayGiveFeedback(event) : false
        let mayBook =
            request.actor != nil
            && Policy.decide(request.actor, .bookLearningEvents, on: .record(view.standing)) == .allow
        let bookingPanel: Body
        if request.actor == nil {
            bookingPanel = .p(
                .a(
                    .attr("href", SiteURL.signIn.path + "?next=" + SignInRedirect.encode(SiteURL.event(event.id).path)),
                    .text("Sign in to book a place")), .text(" (booking needs an account, for your certificate)."))
        } else if booked {
            bookingPanel = .group(
                .p(.strong(.text("You have a place."))),
                .if(
                    event.status == .published && event.startsAt > now,
                    Forms.form(
                        action: SiteURL.eventBookingCancel(event.id).path, csrf: request.csrfToken,
                        Forms.submit("Give up your place", secondary: true))))
        } else if mine.booking?.status == .waiting {
            bookingPanel = .group(
                .p(.strong(.text("You are number \(mine.position ?? 1) on the waiting list."))),
                .p(.text("If a place comes free it is yours, and we will email you.")),
                Forms.form(
                    action: SiteURL.eventBookingCancel(event.id).path, csrf: request.csrfToken,
                    Forms.submit("Leave the waiting list", secondary: true)))
        } else if let refusal = window.refusal {
            if case .notYetOpen(let opens) = window {
                bookingPanel = .p(.text("Booking opens on \(DisplayTime.day(opens, in: zone))."))
            } else {
                bookingPanel = .p(.text(refusal + "."))
            }
        } else if mayBook {
            let full = event.taken >= event.capacity || counts.waiting > 0
            bookingPanel = Forms.form(
                action: SiteURL.eventBooking(event.id).path, csrf: request.csrfToken,
                Forms.submit(full ? "Join the waiting list" : "Book a place"))
        } else {
            bookingPanel = .empty
        }
        let showsLink = booked || organises
        var whereParts: [Body] = []
        if let place = event.place, !place.isEmpty { whereParts.append(.text(place)) }
        if event.format.needsLink {
            if !whereParts.isEmpty { whereParts.append(.text("; ")) }
            whereParts.append(
                showsLink && event.videoLink != nil
                    ? .safeLink(event.videoLink ?? "") : .text("a video link, given to people with a place"))
        }
        return request.page(
            Forms.title(event.title, errors: errors), status: errors.pageStatus,
            .group(
                EventPages.back("All events", .events),
                Forms.errorSummary(errors),
                .h1(.text(event.title)),
                .if(
                    event.status == .draft,
                    .div(.class("notice notice--important"), .p(.text("Draft: only its organisers see this event.")))),
                .if(
                    event.status == .cancelled,
                    .div(.class("notice notice--important"), .p(.text("This event was cancelled.")))),
                .div(.class("prose"), .markdown(SafeMarkdown.render(event.description))),
                .el(
                    "dl", .class("summary-list"),
                    EventPages.row(
                        sessions.count == 1 ? "When" : "Sessions",
                        sessions.count == 1
                            ? .text(EventPages.when(sessions[0].startsAt, sessions[0].endsAt, zone: zone))
                            : .ul(
                                .forEach(sessions) { .li(.text(EventPages.when($0.startsAt, $0.endsAt, zone: zone))) })),
                    EventPages.row("How", .text(event.format.title)),
                    .if(!whereParts.isEmpty, EventPages.row("Where", .group(whereParts))),
                    EventPages.row("For", .text(event.audienceText)),
                    EventPages.row(
                        "Places",
                        .text(
                            event.status == .cancelled ? "Cancelled" : EventPages.places(event, waiting: counts.waiting)
                        )),
                    .if(event.cpdMinutes > 0, EventPages.row("CPD", .text(EventPages.hours(event.cpdMinutes)))),
                    EventPages.row("Organisers", .text(organisers.joined(separator: ", ")))),
                .h2(.text("Your place")),
                .div(
                    .attr("id", Forms.fieldID("booking")),
                    bookingPanel),
                .if(
                    booked || organises,
                    .p(
                        .a(
                            .attr("href", SiteURL.eventInvite(event.id).path),
                            .text("Add the sessions to your calendar (.ics)")))),
                .if(
                    mayFollowUp,
                    .group(
                        .h2(.text("After the event")),
                        .ul(
                            .li(
                                .a(
                                    .attr("href", SiteURL.eventCertificate(event.id).path),
                                    .text("Your certificate of attendance"))),
                            .if(
                                mayGiveFeedback,
                                .li(
                                    .a(
                                        .attr("href", SiteURL.eventFeedback(event.id).path),
                                        .text("Tell us how it went (two questions)"))))))),
                .if(
                    organises,
                    organiserTools(
                        request, event: event, counts: counts, errors: errors, organiserEmail: organiserEmail))))
    }

    private func organiserTools(
        _ request: Request, event: LearningEvent, counts: EventService.Counts, errors: FormErrors,
        organiserEmail: String
    ) -> Body {
        .group(
            .h2(.text("For organisers")),
            .p(
                .text(
                    "\(counts.booked) booked, \(counts.waiting) on the waiting list, \(counts.attended) attended.")),
            .ul(
                .class("inline-list"),
                .if(
                    event.status != .cancelled,
                    .li(.a(.attr("href", SiteURL.eventEdit(event.id).path), .text("Change the event")))),
                .li(.a(.attr("href", SiteURL.eventAttendance(event.id).path), .text("Attendance and feedback"))),
                .if(
                    event.status != .cancelled,
                    .li(.a(.attr("href", SiteURL.eventCancel(event.id).path), .text("Cancel the event"))))),
            .if(
                event.status == .draft,
                Forms.form(
                    action: SiteURL.eventPublish(event.id).path, csrf: request.csrfToken,
                    .div(.attr("id", Forms.fieldID("status"))),
                    EventPages.hidden("version", String(event.version)),
                    Forms.submit("Publish the event"))),
            Forms.form(
                action: SiteURL.eventOrganisers(event.id).path, csrf: request.csrfToken,
                Forms.text(
                    .init(
                        name: "organiserEmail", label: "Add an organiser", value: organiserEmail, type: "email",
                        hint: "The email address of a facilitator or programme lead here",
                        error: errors["organiserEmail"], spellcheck: false)),
                Forms.submit("Add them", secondary: true)))
    }
}
