import Testing

@testable import CairnCore

@Suite("Small numbers and percentiles")
struct SmallNumbersTests {
    /// Property: over every count up to 100,000, no published cell is 1–7 and every number is a multiple of 5.
    @Test func disclosureControlNeverPublishesASmallNumberOrAnUnroundedOne() {
        for count in 0...100_000 {
            let cell = SmallNumbers.disclosureControlled(count)
            if cell == "*" {
                #expect((1...7).contains(count))
                continue
            }
            let published = Int(cell)!
            #expect(!(1...7).contains(published))
            #expect(published % 5 == 0)
            #expect(abs(published - count) <= 2)
        }
    }

    @Test func averagesOverSevenOrFewerPeopleAreSuppressed() {
        #expect(SmallNumbers.average([4, 5, 3]) == nil)
        #expect(SmallNumbers.average(Array(repeating: 2.0, count: 7)) == nil)
        #expect(SmallNumbers.average(Array(repeating: 2.0, count: 8)) == 2.0)
    }

    @Test func percentilesUseTheNearestRank() {
        let days = [1, 2, 2, 3, 3, 3, 4, 5, 8, 13]
        #expect(Percentile.median(days) == 3)
        #expect(Percentile.of(90, in: days) == 8)
        #expect(Percentile.of(100, in: days) == 13)
        #expect(Percentile.median([Int]()) == nil)
    }
}

@Suite("Referral references")
struct ReferralReferenceTests {
    @Test func referencesAreShortReadableAndVaried() {
        var seen = Set<String>()
        for _ in 0..<2_000 {
            let reference = ReferralReference.generate()
            #expect(reference.count == 9)
            #expect(!reference.contains(where: { "ILOU".contains($0) }))
            seen.insert(reference)
        }
        #expect(seen.count == 2_000)
    }

    @Test func typedReferencesAreNormalised() {
        #expect(ReferralReference.normalise("7k4q 9mxp") == "7K4Q-9MXP")
        #expect(ReferralReference.normalise("ol23-4567") == "0123-4567")
        #expect(ReferralReference.normalise("7K4Q-9MX") == nil)
        #expect(ReferralReference.normalise("7K4Q-9MX!") == nil)
    }
}
