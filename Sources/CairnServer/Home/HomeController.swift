import CairnAccounts
import CairnMentoring
import CairnPlatform
import CairnSupport
import Plot
import Vapor

struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.home, action: .viewPublicPage, use: home)
    }

    @Sendable func home(request: Request) async throws -> HTMLPage {
        let context = request.pageContext
        let page = HomePage(organisationName: context.organisationName)
        return HTMLPage(document: PageLayout.document(title: "Home", context: context, content: page.content()))
    }
}
