import Plot
import Vapor

/// Where one page sits in a list counted in SQL: the page asked for, kept within 1…pageCount, and the rows to skip.
/// Every paged list works its pages out here, so none divides by hand.
package struct Paging: Sendable, Equatable {
    package let total: Int
    package let pageSize: Int
    package let page: Int

    package init(total: Int, pageSize: Int, requested: Int) {
        self.total = max(0, total)
        self.pageSize = max(1, pageSize)
        let pageCount = max(1, (self.total + self.pageSize - 1) / self.pageSize)
        self.page = min(max(1, requested), pageCount)
    }

    package var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }
    package var offset: Int { (page - 1) * pageSize }

    /// The highest page number the API accepts (`openapi.yaml`'s `page` parameters say so).
    package static let highestRequestable = 100_000

    /// The page an API client asked for: absent is the first; outside 1…100,000 is a 400, as the contract says.
    package static func requested(byClient page: Int?) throws -> Int {
        guard let page else { return 1 }
        guard (1...highestRequestable).contains(page) else {
            throw Abort(.badRequest, reason: "page must be between 1 and \(highestRequestable).")
        }
        return page
    }
}

/// The links between a list's pages: "<lead>Page 2 of 27. Previous · Next". Nothing at all for a list of one page
/// without a lead.
package enum Pager {
    package static func render(
        _ paging: Paging, lead: String? = nil, previous: String = "Previous", next: String = "Next",
        link: (Int) -> String
    ) -> Node<HTML.BodyContext> {
        let (page, pages) = (paging.page, paging.pageCount)
        guard pages > 1 || lead != nil else { return .empty }
        return .nav(
            .class("pager"), .attr("aria-label", "Pages"),
            .p(
                .unwrap(lead) { .text($0) },
                .if(pages > 1, .text("Page \(page) of \(pages). ")),
                .if(page > 1, .a(.attr("href", link(page - 1)), .text(previous))),
                .if(page > 1 && page < pages, .text(" · ")),
                .if(page < pages, .a(.attr("href", link(page + 1)), .text(next)))))
    }
}
