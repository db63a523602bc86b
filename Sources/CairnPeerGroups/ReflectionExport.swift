import CairnCore
import Foundation

/// A reflection as appraisal evidence: Markdown to paste into a portfolio, JSON for a tool, both read back in tests.
package enum ReflectionExport {
    package struct Document: Codable, Sendable, Equatable {
        package var title: String
        package var model: String
        package var citation: String
        package var writtenOn: String
        package var cpdMinutes: Int
        package var meeting: String?
        package var stages: [Stage]
        package var codeThemes: [String]

        package struct Stage: Codable, Sendable, Equatable {
            package var title: String
            package var prompt: String
            package var answer: String
        }
    }

    package static func document(_ opened: ReflectionService.Opened) -> Document {
        Document(
            title: opened.content.title, model: opened.model.title, citation: opened.model.citation,
            writtenOn: opened.reflection.writtenOn, cpdMinutes: opened.reflection.cpdMinutes,
            meeting: opened.meeting.map { "\($0.group), \($0.day)" },
            stages: opened.model.stages.compactMap { stage in
                guard let answer = opened.content.answers[stage.id] else { return nil }
                return Document.Stage(title: stage.title, prompt: stage.prompt, answer: answer)
            },
            codeThemes: opened.content.codeThemes.map(\.title))
    }

    package static func json(_ document: Document) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    /// Markdown with the person's own words kept as text: characters Markdown would read as markup are escaped.
    package static func markdown(_ document: Document) -> String {
        var lines = ["# \(escape(document.title))", ""]
        lines.append("- Model: \(escape(document.model)) (\(escape(document.citation)))")
        lines.append("- Written on: \(document.writtenOn)")
        if document.cpdMinutes > 0 { lines.append("- CPD time: \(document.cpdMinutes) minutes") }
        if let meeting = document.meeting { lines.append("- After: \(escape(meeting))") }
        if !document.codeThemes.isEmpty {
            lines.append("- The Code: \(document.codeThemes.map(escape).joined(separator: "; "))")
        }
        for stage in document.stages {
            lines += ["", "## \(escape(stage.title))", "", "*\(escape(stage.prompt))*", "", escape(stage.answer)]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String { MarkdownText.escape(text) }
}
