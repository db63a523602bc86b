import CairnCore
import Fluent
import Foundation
import SQLKit
import Testing

@testable import CairnAccounts
@testable import CairnLibrary
@testable import CairnPlatform
@testable import CairnServer

/// The library search benchmark (issue #19): not a timed test. It runs only with `CAIRN_BENCHMARK=1` (sizes in
/// `CAIRN_BENCHMARK_ITEMS`, default "5000,50000"), on whichever database the suite runs on, and prints p50 and p95
/// per query shape, including the worst ones: a word in every item, a one-letter prefix, eight words.
@Suite("Library search benchmark", .enabled(if: ProcessInfo.processInfo.environment["CAIRN_BENCHMARK"] != nil))
struct LibrarySearchBenchmark {
    static let vocabulary: [String] = {
        let base = """
            exam resit revision portfolio supervisor training rota nights sleep burnout wellbeing bereavement grief \
            return parental leave dyslexia adjustment career specialty mentoring coaching culture induction visa \
            registration assessment feedback reflection appraisal revalidation complaint communication consultation \
            patient colleague team workload stress recovery health occupational confidential support plan review \
            outcome deanery college examination station knowledge skills simulation teaching learning practice
            """.split(separator: " ").map(String.init)
        return base + (0..<400).map { "term\($0)" }
    }()

    static func text(_ random: inout SplitMix64, words: Int) -> String {
        (0..<words).map { _ in
            // Zipf-like: low indices far more often.
            let u = Double(random.next() % 1_000_000) / 1_000_000
            return vocabulary[min(vocabulary.count - 1, Int(pow(u, 3) * Double(vocabulary.count)))]
        }.joined(separator: " ") + " clinician"
    }

    @Test func searchTimesAtEachSize() async throws {
        let sizes = (ProcessInfo.processInfo.environment["CAIRN_BENCHMARK_ITEMS"] ?? "5000,50000")
            .split(separator: ",").compactMap { Int($0) }
        for size in sizes {
            try await withCairn { app in
                let editor = try await app.makePerson([.unitLead])
                let organisation = app.cairn.organisation!.id
                let sql = app.db as! any SQLDatabase
                let postgres = sql.dialect.name == "postgresql"
                let tags =
                    "zspublished zvpublic zo"
                    + organisation.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
                    + " zrwellbeing zpeveryone"
                var random = SplitMix64(seed: 19)
                let began = ContinuousClock.now
                for start in stride(from: 0, to: size, by: 500) {
                    var rows: [(UUID, String, String, String)] = []
                    for index in start..<min(size, start + 500) {
                        rows.append(
                            (
                                UUID(), "Guide \(index): " + Self.text(&random, words: 6),
                                Self.text(&random, words: 20),
                                Self.text(&random, words: 300)
                            ))
                    }
                    let batch = rows
                    try await app.db.transaction { database in
                        let sql = database as! any SQLDatabase
                        let now = Date()
                        for (id, title, summary, body) in batch {
                            try await sql.raw(
                                """
                                INSERT INTO library_items (id, organisation_id, kind, title, summary, body, reasons,
                                  professions, visibility, status, review_on, owner_id, search_text, created_at,
                                  updated_at, version)
                                VALUES (\(bind: id), \(bind: organisation), 'article', \(bind: title), \(bind: summary),
                                  \(bind: body), 'wellbeing', '', 'public', 'published', '2030-01-01', \(bind: editor.id),
                                  \(bind: body), \(bind: now), \(bind: now), 1)
                                """
                            ).run()
                            if !postgres {
                                try await sql.raw(
                                    """
                                    INSERT INTO library_search (item_id, title, summary, body, tags)
                                    VALUES (\(bind: id), \(bind: title), \(bind: summary), \(bind: body),
                                      \(bind: tags))
                                    """
                                ).run()
                            }
                        }
                    }
                }
                if postgres { try await sql.raw("ANALYZE library_items").run() }
                let loaded = ContinuousClock.now - began
                let service = LibraryService(context: ServiceContext(application: app, actor: nil, database: app.db))
                let shapes: [(String, [String])] = [
                    ("rare word", (0..<40).map { "term\(300 + $0)" }),
                    ("common word", ["exam", "resit", "revision", "portfolio"]),
                    ("in every item", ["clinician"]),
                    ("two words", ["exam revision", "sleep nights", "grief support", "visa registration"]),
                    ("two-letter prefix", ["ex", "st", "te"]),
                    ("eight words", ["exam resit revision portfolio supervisor training rota nights"]),
                    ("no match", ["zzzzzz"]),
                ]
                var report =
                    "Library search, \(postgres ? "PostgreSQL" : "SQLite"), \(size) items (loaded in \(loaded)):"
                for (name, queries) in shapes {
                    var times: [Double] = []
                    for round in 0..<30 {
                        let query = SearchQuery(queries[round % queries.count])
                        let start = ContinuousClock.now
                        _ = try await service.search(query, .init(), page: 1)
                        let elapsed = ContinuousClock.now - start
                        times.append(
                            Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15)
                    }
                    times.sort()
                    report += String(
                        format: "\n  %@: p50 %.1f ms, p95 %.1f ms", name, times[times.count / 2],
                        times[Int(Double(times.count) * 0.95)])
                }
                print(report)
            }
        }
    }
}
