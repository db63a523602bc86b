/// Where clinicians work: England's NHS regions by education office, and the three other nations' bodies
/// (DOMAIN.md §7).
public enum Region: String, CaseIterable, Codable, Sendable {
    case london
    case kentSurreySussex = "kent_surrey_sussex"
    case thamesValley = "thames_valley"
    case wessex
    case severn
    case peninsula
    case eastMidlands = "east_midlands"
    case westMidlands = "west_midlands"
    case eastOfEngland = "east_of_england"
    case northEastNorthCumbria = "north_east_north_cumbria"
    case yorkshireHumber = "yorkshire_humber"
    case northWest = "north_west"
    case scotland
    case wales
    case northernIreland = "northern_ireland"

    public var title: String {
        switch self {
        case .london: "London"
        case .kentSurreySussex: "Kent, Surrey and Sussex"
        case .thamesValley: "Thames Valley"
        case .wessex: "Wessex"
        case .severn: "Severn"
        case .peninsula: "Peninsula"
        case .eastMidlands: "East Midlands"
        case .westMidlands: "West Midlands"
        case .eastOfEngland: "East of England"
        case .northEastNorthCumbria: "North East and North Cumbria"
        case .yorkshireHumber: "Yorkshire and the Humber"
        case .northWest: "North West"
        case .scotland: "Scotland (NHS Education for Scotland)"
        case .wales: "Wales (Health Education and Improvement Wales)"
        case .northernIreland: "Northern Ireland (NIMDTA)"
        }
    }
}
