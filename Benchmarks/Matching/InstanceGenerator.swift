import CairnCore

/// Seeded instances for the benchmark, written in the `cairn-matching/1` format so that the anchors
/// (OR-Tools, `matching`, the Python reference) read exactly the same data.
///
/// Scores mimic a programme's: part mentor quality (0–400, so some mentors are wanted by many),
/// part fit of the pair (0–600). Capacities are 1–4, about as many places as mentees, so every
/// place is contested.
struct InstanceGenerator {
    enum Kind: String, CaseIterable {
        /// Optimal mode, `pairsPerMentee` on average (80–160 when 120).
        case optimal
        /// Optimal mode with 1–4 allowed mentors a mentee: "most matched" and "best score" differ.
        case sparse
        /// Stable mode: mentees list 20–50 mentors; mentors rank those who listed them (dropping about
        /// one in ten as unacceptable) and a few who did not.
        case stable
        /// A pilot-sized instance with both pairs and preferences.
        case pilot
    }

    let kind: Kind
    let mentees: Int
    let mentors: Int
    let pairsPerMentee: Int
    var random: SplitMix64

    mutating func json() -> [UInt8] {
        var out = "{\"format\":\"cairn-matching/1\",\n\"mentees\":["
        out += (0..<mentees).map { "{\"id\":\"e\($0)\"}" }.joined(separator: ",")
        out += "],\n\"mentors\":["
        out += (0..<mentors).map { "{\"id\":\"m\($0)\",\"capacity\":\(random.int(in: 1...4))}" }.joined(separator: ",")
        out += "]"
        let quality = (0..<mentors).map { _ in random.int(in: 0...400) }
        switch kind {
        case .optimal: out += pairs(degree: max(1, pairsPerMentee * 2 / 3)...(pairsPerMentee * 4 / 3), quality)
        case .sparse: out += pairs(degree: 1...4, quality)
        case .stable: out += preferences(length: 20...50, quality)
        case .pilot:
            out += pairs(degree: 3...8, quality)
            out += preferences(length: 3...8, quality)
        }
        out += "}\n"
        return Array(out.utf8)
    }

    private mutating func chooseMentors(_ count: Int) -> [Int] {
        var chosen: Set<Int> = []
        var order: [Int] = []
        while order.count < min(count, mentors) {
            let mentor = random.int(in: 0...(mentors - 1))
            if chosen.insert(mentor).inserted { order.append(mentor) }
        }
        return order
    }

    private mutating func pairs(degree: ClosedRange<Int>, _ quality: [Int]) -> String {
        var lines: [String] = []
        for mentee in 0..<mentees {
            for mentor in chooseMentors(random.int(in: degree)) {
                let score = quality[mentor] + random.int(in: 0...600)
                lines.append("{\"mentee\":\"e\(mentee)\",\"mentor\":\"m\(mentor)\",\"score\":\(score)}")
            }
        }
        return ",\n\"pairs\":[\n" + lines.joined(separator: ",\n") + "]"
    }

    private mutating func preferences(length: ClosedRange<Int>, _ quality: [Int]) -> String {
        var menteeLists: [String] = []
        var suitors = [[(key: Int, mentee: Int)]](repeating: [], count: mentors)
        for mentee in 0..<mentees {
            let listed = chooseMentors(random.int(in: length)).map { ($0, quality[$0] + random.int(in: 0...600)) }
            let ranked = listed.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map(\.0)
            menteeLists.append("\"e\(mentee)\":[" + ranked.map { "\"m\($0)\"" }.joined(separator: ",") + "]")
            for mentor in ranked where random.int(in: 0...9) > 0 {
                suitors[mentor].append((random.int(in: 0...1_000_000), mentee))
            }
        }
        var mentorLists: [String] = []
        for mentor in 0..<mentors {
            var ranked = suitors[mentor]
            for _ in 0..<2 { ranked.append((random.int(in: 0...1_000_000), random.int(in: 0...(mentees - 1)))) }
            var seen: Set<Int> = []
            let order = ranked.sorted { $0.key != $1.key ? $0.key < $1.key : $0.mentee < $1.mentee }
                .map(\.mentee).filter { seen.insert($0).inserted }
            mentorLists.append("\"m\(mentor)\":[" + order.map { "\"e\($0)\"" }.joined(separator: ",") + "]")
        }
        return ",\n\"preferences\":{\"mentees\":{\n" + menteeLists.joined(separator: ",\n")
            + "},\n\"mentors\":{\n" + mentorLists.joined(separator: ",\n") + "}}"
    }
}
