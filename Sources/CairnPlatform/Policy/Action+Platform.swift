/// The platform's own actions: public pages and the operations probes.
extension Action {
    package static let viewPublicPage = Action("view_public_page", for: .anyone)
    package static let checkOperations = Action("check_operations", for: .anyone)

    package static let platformActions: [Action] = [.viewPublicPage, .checkOperations]
}
