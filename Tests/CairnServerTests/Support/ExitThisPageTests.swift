import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Issue #13 item 8: asking for support and one's own support offer "Exit this page" (the routes are marked once,
/// as a group); other pages do not.
@Suite("Exit this page on support pages")
struct ExitThisPageTests {
    @Test func supportPagesOfferItAndOthersDoNot() async throws {
        try await withCairn { app in
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson([.clinician]))
            let link = #"<a class="button exit-this-page__button" href="https://www.bbc.co.uk/weather""#
            let script = #"<script src="/js/exit-this-page.js" defer="defer"></script>"#
            for path in ["/refer", "/my-support"] {
                let page = try await clinician.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.body.contains(link), "\(path)")
                #expect(page.body.contains(script), "\(path)")
            }
            for path in ["/account", "/events", "/library"] {
                #expect(!(try await clinician.get(path).body.contains("exit-this-page")), "\(path)")
            }
            let manager = TestBrowser(app)
            try await manager.signIn(try await app.makePerson([.caseManager]))
            #expect(!(try await manager.get("/triage").body.contains("exit-this-page")))
        }
    }
}
