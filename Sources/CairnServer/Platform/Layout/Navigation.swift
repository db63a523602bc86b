import CairnCore
import Vapor

/// The main navigation, by what the actor may do: it grows as features land (case work, mentoring, reports).
enum Navigation {
    static func items(for request: Request) -> [NavigationItem] {
        var items = [NavigationItem(label: "Home", path: SiteURL.home.path)]
        guard let actor = request.actor, actor.isFullySignedIn else {
            items.append(NavigationItem(label: "Sign in", path: SiteURL.signIn.path))
            return items
        }
        if Policy.decide(actor, .viewOwnSupport) == .allow {
            items.append(NavigationItem(label: "Your support", path: SiteURL.mySupport.path))
        }
        if Policy.decide(actor, .viewOwnMentoring) == .allow {
            items.append(NavigationItem(label: "Mentoring", path: SiteURL.myMentoring.path))
        }
        if Policy.decide(actor, .viewSharedMentoring) == .allow {
            items.append(NavigationItem(label: "Mentoring shared with you", path: SiteURL.mentoringShared.path))
        }
        if Policy.decide(actor, .runMentoringProgrammes) == .allow {
            items.append(NavigationItem(label: "Programmes", path: SiteURL.mentoring.path))
        }
        if Policy.decide(actor, .suggestSupport) == .allow {
            items.append(NavigationItem(label: "Suggest support", path: SiteURL.referSomeone.path))
        }
        if Policy.decide(actor, .viewTriageQueue) == .allow {
            items.append(NavigationItem(label: "Triage", path: SiteURL.triage.path))
        }
        if Policy.decide(actor, .viewTeamFigures) == .allow {
            items.append(NavigationItem(label: "Figures", path: SiteURL.supportFigures.path))
        }
        if Policy.decide(actor, .findPeople) == .allow {
            items.append(NavigationItem(label: "People", path: SiteURL.adminPeople.path))
        }
        items.append(NavigationItem(label: "Your account", path: SiteURL.account.path))
        return items
    }
}
