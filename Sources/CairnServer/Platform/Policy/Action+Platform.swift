/// The platform's own actions: public pages and the operations probes.
extension Action {
    static let viewPublicPage = Action("view_public_page", for: .anyone)
    static let checkOperations = Action("check_operations", for: .anyone)

    static let platformActions: [Action] = [.viewPublicPage, .checkOperations]
}
