/// Figures that protect individuals: small counts are never published as they are. Counts in Cairn's own reports go
/// on a `CountSheet`, which hides 1–4 and whatever would give one away; there is no helper here that hides a count
/// on its own, so no report can suppress cell by cell (issue #21 item 5).
public enum SmallNumbers {
    /// NHS statistical disclosure control, for figures leaving the support team (SECURITY.md §25): 0 stays 0,
    /// 1–7 become "*", every other count is rounded to the nearest 5 (halves up).
    public static func disclosureControlled(_ count: Int) -> String {
        switch count {
        case ...0: "0"
        case 1...7: "*"
        default: String(((count + 2) / 5) * 5)
        }
    }

    /// An average over 1–7 people is suppressed under the same rule.
    public static func average(_ values: [Double]) -> Double? {
        guard values.count > 7 else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }
}

/// Percentiles by the nearest-rank method: always a value that occurred, which is what a team can act on.
public enum Percentile {
    public static func of<T: Comparable>(_ percent: Double, in values: [T]) -> T? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    public static func median<T: Comparable>(_ values: [T]) -> T? { of(50, in: values) }
}
