import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Learning events through the API (`openapi.yaml`, tag Events): the same service, rules and gate as the pages.
extension APIHandler {
    private static func refusal(_ errors: FormErrors) -> any Error {
        errors.refusal(jsonPointer: EventField.jsonPointer(forFormName:)) ?? Abort(.badRequest)
    }

    package func listEvents(_ input: Operations.ListEvents.Input) async throws -> Operations.ListEvents.Output {
        let request = try APIRequest.require()
        let period: EventService.Period = input.query.period == .past ? .past : .upcoming
        let (events, paging) = try await EventService(context: ServiceContext(request)).list(
            period: period, page: try Paging.requested(byClient: input.query.page))
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: paging.total, page: paging.page, pageCount: paging.pageCount,
                        events: try events.map { event in
                            .init(
                                id: try event.requireID().uuidString.lowercased(), title: event.title,
                                format: event.format.rawValue, status: .init(rawValue: event.status.rawValue)!,
                                visibility: event.visibility.rawValue, staffOnly: event.staffOnly,
                                startsAt: event.startsAt, endsAt: event.endsAt, capacity: event.capacity,
                                placesLeft: max(0, event.capacity - event.taken))
                        }))))
    }

    private static func draft(
        title: String, description: String, format: String, place: String?, videoLink: String?, capacity: Int,
        cpdHours: Double?, professions: [String]?, grades: [String]?, staffOnly: Bool?, visibility: String,
        opens: Date?, closes: Date?, sessions: [Components.Schemas.EventSession]
    ) -> EventDraft {
        EventDraft(
            title: title, description: description, professions: professions ?? [], grades: grades ?? [],
            staffOnly: staffOnly ?? false, visibility: visibility, format: format, place: place ?? "",
            videoLink: videoLink ?? "", capacity: String(capacity),
            bookingOpens: opens.map { .instant($0) } ?? .unset, bookingCloses: closes.map { .instant($0) } ?? .unset,
            cpdHours: cpdHours.map { String($0) } ?? "",
            sessions: sessions.map { .instants(start: $0.startsAt, end: $0.endsAt) })
    }

    package func createEvent(_ input: Operations.CreateEvent.Input) async throws -> Operations.CreateEvent.Output {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = Self.draft(
            title: body.title, description: body.description, format: body.format.rawValue, place: body.place,
            videoLink: body.videoLink, capacity: body.capacity, cpdHours: body.cpdHours,
            professions: body.professions?.map(\.rawValue), grades: body.grades?.map(\.rawValue),
            staffOnly: body.staffOnly, visibility: body.visibility.rawValue, opens: body.bookingOpensAt,
            closes: body.bookingClosesAt, sessions: body.sessions)
        let service = EventService(context: ServiceContext(request))
        switch try await service.create(draft) {
        case .failure(let errors): throw Self.refusal(errors)
        case .success(let event):
            let standing = try await EventAccess.standing(of: request.actor, to: event, on: request.db)
            return .created(.init(body: .json(try await Self.event(event, standing: standing, service: service))))
        }
    }

    package func getEvent(_ input: Operations.GetEvent.Input) async throws -> Operations.GetEvent.Output {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(EventAccess.View.self)
        let service = EventService(context: ServiceContext(request))
        return .ok(.init(body: .json(try await Self.event(view.event, standing: view.standing, service: service))))
    }

    package func changeEvent(_ input: Operations.ChangeEvent.Input) async throws -> Operations.ChangeEvent.Output {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(EventAccess.View.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = Self.draft(
            title: body.title, description: body.description, format: body.format.rawValue, place: body.place,
            videoLink: body.videoLink, capacity: body.capacity, cpdHours: body.cpdHours,
            professions: body.professions?.map(\.rawValue), grades: body.grades?.map(\.rawValue),
            staffOnly: body.staffOnly, visibility: body.visibility.rawValue, opens: body.bookingOpensAt,
            closes: body.bookingClosesAt, sessions: body.sessions)
        let service = EventService(context: ServiceContext(request))
        if case .failure(let errors) = try await service.change(view.event, draft, version: body.version) {
            throw Self.refusal(errors)
        }
        return .ok(.init(body: .json(try await Self.reloaded(view, service: service, request: request))))
    }

    package func changeEventStatus(_ input: Operations.ChangeEventStatus.Input) async throws
        -> Operations.ChangeEventStatus.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(EventAccess.View.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = EventService(context: ServiceContext(request))
        let outcome =
            body.status == .published
            ? try await service.publish(view.event, version: body.version)
            : try await service.cancel(view.event, version: body.version)
        if case .failure(let errors) = outcome { throw Self.refusal(errors) }
        return .ok(.init(body: .json(try await Self.reloaded(view, service: service, request: request))))
    }

    package func addEventOrganiser(_ input: Operations.AddEventOrganiser.Input) async throws
        -> Operations.AddEventOrganiser.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(EventAccess.View.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = EventService(context: ServiceContext(request))
        if case .failure(let errors) = try await service.addOrganiser(to: view.event, email: body.email) {
            throw errors.refusal(jsonPointer: { $0 == "organiserEmail" ? "/email" : "/" + $0 }) ?? Abort(.badRequest)
        }
        return .ok(.init(body: .json(try await Self.reloaded(view, service: service, request: request))))
    }

    private static func reloaded(_ view: EventAccess.View, service: EventService, request: Request) async throws
        -> Components.Schemas.Event
    {
        guard let event = try await LearningEvent.find(view.event.id, on: request.db) else { throw Abort(.notFound) }
        return try await Self.event(event, standing: view.standing, service: service)
    }

    static func event(_ event: LearningEvent, standing: Policy.EventStanding, service: EventService) async throws
        -> Components.Schemas.Event
    {
        let sessions = try await service.sessions(of: event)
        let counts = try await service.counts(of: event)
        let mine = try await service.myBooking(at: event)
        let booked = mine.booking?.status == .booked
        let organises = Policy.decide(service.context.actor, .runLearningEvents, on: .record(standing)) == .allow
        return Components.Schemas.Event(
            id: try event.requireID().uuidString.lowercased(), title: event.title, description: event.description,
            format: event.format.rawValue, place: event.place,
            videoLink: booked || organises ? event.videoLink : nil,
            status: .init(rawValue: event.status.rawValue)!, visibility: event.visibility.rawValue,
            staffOnly: event.staffOnly, professions: event.professions.map(\.rawValue),
            grades: event.grades.map(\.rawValue), capacity: event.capacity,
            placesLeft: max(0, event.capacity - event.taken), waiting: counts.waiting,
            cpdHours: Double(event.cpdMinutes) / 60, bookingOpensAt: event.bookingOpensAt,
            bookingClosesAt: event.bookingClosesAt, bookingOpen: event.window(at: service.context.now) == .open,
            sessions: sessions.map { .init(startsAt: $0.startsAt, endsAt: $0.endsAt) },
            myPlace: mine.booking.map { booking in
                .init(
                    status: .init(rawValue: booking.status.rawValue)!, position: mine.position,
                    attended: booking.attended)
            }, organiser: organises, version: event.version)
    }

    // MARK: Booking

    private static func outcome(_ outcome: EventService.PlaceOutcome, service: EventService, event: LearningEvent)
        async throws -> Components.Schemas.BookingOutcome
    {
        switch outcome {
        case .refused(let reason): throw Abort(.conflict, reason: reason + ".")
        case .booked: return .init(status: .booked)
        case .waiting(let position): return .init(status: .waiting, position: position)
        case .cancelled: return .init(status: .cancelled)
        case .unchanged:
            let mine = try await service.myBooking(at: event)
            guard let booking = mine.booking else {
                throw Abort(.conflict, reason: "You have no place at this event to give up.")
            }
            return .init(status: .init(rawValue: booking.status.rawValue)!, position: mine.position)
        }
    }

    package func bookEvent(_ input: Operations.BookEvent.Input) async throws -> Operations.BookEvent.Output {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(EventAccess.View.self)
        let service = EventService(context: ServiceContext(request))
        let result = try await service.book(view.event)
        return .ok(.init(body: .json(try await Self.outcome(result, service: service, event: view.event))))
    }

    package func cancelEventBooking(_ input: Operations.CancelEventBooking.Input) async throws
        -> Operations.CancelEventBooking.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(EventAccess.View.self)
        let service = EventService(context: ServiceContext(request))
        let result = try await service.cancelBooking(view.event)
        return .ok(.init(body: .json(try await Self.outcome(result, service: service, event: view.event))))
    }

    // MARK: Attendance, feedback, certificate

    private static func attendance(_ event: LearningEvent, service: EventService) async throws
        -> Components.Schemas.EventAttendance
    {
        let rows = try await service.attendance(of: event)
        return .init(
            version: event.version,
            people: rows.map { row in
                .init(
                    personId: row.booking.personID.uuidString.lowercased(), name: row.name, email: row.email,
                    status: row.booking.status.rawValue, attended: row.booking.attended)
            })
    }

    package func getEventAttendance(_ input: Operations.GetEventAttendance.Input) async throws
        -> Operations.GetEventAttendance.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(EventAccess.View.self)
        return .ok(
            .init(
                body: .json(
                    try await Self.attendance(view.event, service: EventService(context: ServiceContext(request))))))
    }

    package func recordEventAttendance(_ input: Operations.RecordEventAttendance.Input) async throws
        -> Operations.RecordEventAttendance.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(EventAccess.View.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = EventService(context: ServiceContext(request))
        let ids = Set(body.attendedIds.compactMap(UUID.init(uuidString:)))
        guard ids.count == Set(body.attendedIds.map { $0.lowercased() }).count else {
            var problems = FormErrors()
            problems.add("/attendedIds", "Give each id as a UUID, like 3f2b8e1c-0d4a-4b6e-9c1f-2a7d5e8b9c0d")
            throw ValidationFailure(problems)
        }
        if case .failure(let errors) = try await service.recordAttendance(
            view.event, attended: ids, version: body.version)
        {
            throw errors.refusal(jsonPointer: { $0 == "attended" ? "/attendedIds" : "/\($0)" }) ?? Abort(.badRequest)
        }
        guard let event = try await LearningEvent.find(view.event.id, on: request.db) else { throw Abort(.notFound) }
        return .ok(.init(body: .json(try await Self.attendance(event, service: service))))
    }

    package func importEventAttendance(_ input: Operations.ImportEventAttendance.Input) async throws
        -> Operations.ImportEventAttendance.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(EventAccess.View.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        // The contract's limit first (a body that breaks it is a 400 whatever the event's state).
        if body.csv.unicodeScalars.count > 80_000 {
            throw Abort(.badRequest, reason: "csv must be 80,000 characters or fewer; import longer lists in parts.")
        }
        let service = EventService(context: ServiceContext(request))
        // Before the event or when it did not go ahead, the event's state refuses (409), not the file.
        if let refusal = service.attendanceRefusal(view.event) { throw Abort(.conflict, reason: refusal) }
        let report = try await service.importAttendance(view.event, csv: body.csv)
        guard report.problems.isEmpty else {
            // Every line's problem, each under `/csv` (form errors keep one message per field).
            throw ValidationFailure(
                report.problems.map { DraftProblem($0.line, "Line \($0.line): \($0.message)") },
                jsonPointer: { _ in "/csv" })
        }
        return .ok(.init(body: .json(.init(marked: report.marked, unmarked: report.unmarked, walkIns: report.walkIns))))
    }

    package func getPooledEventFeedback(_ input: Operations.GetPooledEventFeedback.Input) async throws
        -> Operations.GetPooledEventFeedback.Output
    {
        let request = try APIRequest.require()
        let pooled = try await EventService(context: ServiceContext(request)).pooledFeedback()
        func shown<T>(_ figure: EventFeedbackSummary.Figure<T>) -> T? {
            if case .shown(let value) = figure { return value }
            return nil
        }
        let summary = pooled.summary
        return .ok(
            .init(
                body: .json(
                    .init(
                        events: pooled.events, eventsShown: pooled.eventsShown,
                        suppressed: shown(summary.responses) == nil, responses: shown(summary.responses),
                        meanRating: shown(summary.meanRating), meanUsefulness: shown(summary.meanUsefulness),
                        foundUsefulPercent: shown(summary.foundUsefulPercent)))))
    }

    package func getEventFeedback(_ input: Operations.GetEventFeedback.Input) async throws
        -> Operations.GetEventFeedback.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(EventAccess.View.self)
        let (summary, comments) = try await EventService(context: ServiceContext(request)).feedbackSummary(
            of: view.event)
        func shown<T>(_ figure: EventFeedbackSummary.Figure<T>) -> T? {
            if case .shown(let value) = figure { return value }
            return nil
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        suppressed: shown(summary.responses) == nil, responses: shown(summary.responses),
                        meanRating: shown(summary.meanRating), meanUsefulness: shown(summary.meanUsefulness),
                        foundUsefulPercent: shown(summary.foundUsefulPercent), commentsShown: summary.commentsShown,
                        comments: comments))))
    }

    package func giveEventFeedback(_ input: Operations.GiveEventFeedback.Input) async throws
        -> Operations.GiveEventFeedback.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(EventAccess.View.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = EventFeedbackDraft(
            rating: String(body.rating), usefulness: String(body.usefulness), comment: body.comment ?? "")
        if case .failure(let errors) = try await EventService(context: ServiceContext(request)).giveFeedback(
            view.event, draft)
        {
            throw Self.refusal(errors)
        }
        return .noContent(.init())
    }

    package func getEventCertificate(_ input: Operations.GetEventCertificate.Input) async throws
        -> Operations.GetEventCertificate.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(EventAccess.View.self)
        let certificate = try await EventService(context: ServiceContext(request)).certificate(for: view.event)
        return .ok(
            .init(
                body: .json(
                    .init(
                        name: certificate.name, title: certificate.title, organisation: certificate.organisation,
                        days: certificate.days.map(\.description), cpdHours: Double(certificate.cpdMinutes) / 60,
                        format: certificate.format.rawValue, issuedOn: certificate.issuedOn.description))))
    }
}
