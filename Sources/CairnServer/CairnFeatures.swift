import CairnAccounts
import CairnDevelopment
import CairnEvents
import CairnInduction
import CairnLibrary
import CairnMentoring
import CairnPeerGroups
import CairnPlatform
import CairnSupport

/// Every feature of Cairn, listed once. Adding a feature: its folder, and one line here.
enum CairnFeatures {
    static let all: [any Feature] = [
        PlatformFeature(),
        AccountsFeature(),
        AdministrationFeature(),
        SupportFeature(),
        MentoringFeature(),
        PeerGroupsFeature(),
        InductionFeature(),
        DevelopmentFeature(),
        EventsFeature(),
        LibraryFeature(),
        DataProtectionFeature(),
    ]
}
