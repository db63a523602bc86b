import CairnAPI
import CairnCore
import CairnPlatform
import Vapor

/// A programme's mentors and mentees through the API, with their ids (issue #14: a client had to read the page to find
/// a mentor's id), paged in SQL; and pausing a mentor, as the programme page does.
extension APIHandler {
    static let rosterPageSize = 100

    package func listProgrammeMentors(_ input: Operations.ListProgrammeMentors.Input) async throws
        -> Operations.ListProgrammeMentors.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        let page = input.query.page ?? 1
        let found = try await ProgrammeService(request: request).mentorPage(
            of: programme, page: page, pageSize: Self.rosterPageSize)
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: found.total, page: page,
                        pageCount: max(1, (found.total + Self.rosterPageSize - 1) / Self.rosterPageSize),
                        mentors: found.rows.map { row in
                            .init(
                                id: row.id.uuidString.lowercased(), name: row.name, profession: row.profession,
                                languages: row.languages, employer: row.employer, capacity: row.capacity,
                                load: row.load, trainedUntil: row.trainedUntil?.description, paused: row.paused)
                        }))))
    }

    package func listProgrammeMentees(_ input: Operations.ListProgrammeMentees.Input) async throws
        -> Operations.ListProgrammeMentees.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        let page = input.query.page ?? 1
        let found = try await ProgrammeService(request: request).menteePage(
            of: programme, page: page, pageSize: Self.rosterPageSize)
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: found.total, page: page,
                        pageCount: max(1, (found.total + Self.rosterPageSize - 1) / Self.rosterPageSize),
                        mentees: found.rows.map { listing in
                            .init(
                                id: listing.row.id.uuidString.lowercased(), name: listing.row.name,
                                profession: listing.row.profession, languages: listing.row.languages,
                                employer: listing.row.employer, mentorId: listing.mentorID?.uuidString.lowercased(),
                                mentorName: listing.row.mentorName)
                        }))))
    }

    package func setMentorPaused(_ input: Operations.SetMentorPaused.Input) async throws
        -> Operations.SetMentorPaused.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try await ProgrammeService(request: request).setPaused(
            UUID(uuidString: input.path.mentorId), paused: body.paused, in: programme)
        return .noContent(.init())
    }
}
