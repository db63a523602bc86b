/// A tiny seeded generator (SplitMix64): the same seed gives the same sequence on every machine, which the
/// standard library's generator does not promise. Demo data, benchmarks and property tests all use it.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `range`; the modulo bias is negligible for the small ranges this is used with.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// A whole number from 0 up to, not including, `bound`.
    public mutating func below(_ bound: Int) -> Int { int(in: 0...(bound - 1)) }

    /// A number in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// One of `choices`, each as likely as its weight.
    public mutating func weighted<T>(_ choices: [(T, Int)]) -> T {
        var pick = below(choices.reduce(0) { $0 + $1.1 })
        for (value, weight) in choices {
            if pick < weight { return value }
            pick -= weight
        }
        return choices[0].0
    }
}
