@testable import CairnCore

/// Exhaustive search: the lexicographic optimum (most matched, then highest total) over every
/// assignment. Only for tiny instances; written without sharing anything with the solver.
func bruteForceOptimum(_ problem: MatchingProblem) -> (matched: Int, total: Int) {
    var options: [[(mentor: Int, score: Int)]] = Array(repeating: [], count: problem.menteeCount)
    for mentee in 0..<problem.menteeCount {
        for mentor in 0..<problem.mentorCount {
            if let score = problem.score(mentee: mentee, mentor: mentor) { options[mentee].append((mentor, score)) }
        }
    }
    var room = problem.capacities.map(Int.init)
    var best = (matched: 0, total: 0)
    func visit(_ mentee: Int, _ matched: Int, _ total: Int) {
        guard mentee < problem.menteeCount else {
            if matched > best.matched || (matched == best.matched && total > best.total) { best = (matched, total) }
            return
        }
        visit(mentee + 1, matched, total)
        for option in options[mentee] where room[option.mentor] > 0 {
            room[option.mentor] -= 1
            visit(mentee + 1, matched + 1, total + option.score)
            room[option.mentor] += 1
        }
    }
    visit(0, 0, 0)
    return best
}

/// Textbook minimum-cost maximum flow (Bellman–Ford shortest augmenting paths on an explicit graph,
/// arc cost −score): the maximum flow is the most mentees matched, its minimum cost the highest
/// total. A different algorithm from the solver's, for instances too large to enumerate.
func referenceOptimum(_ problem: MatchingProblem) -> (matched: Int, total: Int) {
    let source = problem.menteeCount + problem.mentorCount
    let sink = source + 1
    var graph = FlowGraph(nodeCount: sink + 1)
    for mentee in 0..<problem.menteeCount { graph.add(from: source, to: mentee, capacity: 1, cost: 0) }
    for mentee in 0..<problem.menteeCount {
        for mentor in 0..<problem.mentorCount {
            if let score = problem.score(mentee: mentee, mentor: mentor) {
                graph.add(from: mentee, to: problem.menteeCount + mentor, capacity: 1, cost: -score)
            }
        }
    }
    for mentor in 0..<problem.mentorCount {
        graph.add(from: problem.menteeCount + mentor, to: sink, capacity: Int(problem.capacities[mentor]), cost: 0)
    }
    var matched = 0
    var cost = 0
    while let path = graph.cheapestPath(from: source, to: sink) {
        for arc in path.arcs {
            graph.capacity[arc] -= 1
            graph.capacity[arc ^ 1] += 1
        }
        matched += 1
        cost += path.cost
    }
    return (matched, -cost)
}

struct FlowGraph {
    var head: [Int] = []
    var capacity: [Int] = []
    var cost: [Int] = []
    var outgoing: [[Int]]

    init(nodeCount: Int) { outgoing = Array(repeating: [], count: nodeCount) }

    mutating func add(from tail: Int, to target: Int, capacity arcCapacity: Int, cost arcCost: Int) {
        outgoing[tail].append(head.count)
        head.append(target)
        capacity.append(arcCapacity)
        cost.append(arcCost)
        outgoing[target].append(head.count)
        head.append(tail)
        capacity.append(0)
        cost.append(-arcCost)
    }

    func cheapestPath(from source: Int, to sink: Int) -> (arcs: [Int], cost: Int)? {
        var distance = [Int?](repeating: nil, count: outgoing.count)
        var via = [Int](repeating: -1, count: outgoing.count)
        distance[source] = 0
        var changed = true
        while changed {
            changed = false
            for node in outgoing.indices {
                guard let here = distance[node] else { continue }
                for arc in outgoing[node] where capacity[arc] > 0 {
                    let there = here + cost[arc]
                    if distance[head[arc]].map({ there < $0 }) ?? true {
                        distance[head[arc]] = there
                        via[head[arc]] = arc
                        changed = true
                    }
                }
            }
        }
        guard let total = distance[sink] else { return nil }
        var arcs: [Int] = []
        var node = sink
        while node != source {
            arcs.append(via[node])
            node = head[via[node] ^ 1]
        }
        return (arcs, total)
    }
}
