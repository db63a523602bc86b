import Foundation

/// An organisation's own reflective model as a facilitator or administrator typed it (issue #16 item 5): a title,
/// where it comes from, and two to eight stages, each a title and an optional prompt. Checked here; stored as data,
/// and offered beside the four models Cairn ships (`ReflectiveModel.all`).
public struct ReflectionTemplateDraft: Sendable, Equatable {
    public struct Stage: Sendable, Equatable {
        public var title: String
        public var prompt: String

        public init(title: String, prompt: String = "") {
            self.title = title
            self.prompt = prompt
        }
    }

    public var title: String
    public var citation: String
    public var stages: [Stage]

    public init(title: String = "", citation: String = "", stages: [Stage] = []) {
        self.title = title
        self.citation = citation
        self.stages = stages
    }

    public static let mostStages = 8
    public static let fewestStages = 2

    /// Every problem, by field: `title`, `citation`, `stages`, and `stage-N-title` / `stage-N-prompt` (N from 1).
    public struct Problems: Error, Sendable, Equatable {
        public var byField: [(field: String, message: String)]

        public static func == (lhs: Problems, rhs: Problems) -> Bool {
            lhs.byField.map { "\($0.field)\u{1}\($0.message)" } == rhs.byField.map { "\($0.field)\u{1}\($0.message)" }
        }
    }

    /// The model it makes (stage ids `stage_1`…), or its problems. `taken` holds the titles already in use (the
    /// shipped models' and the organisation's), compared without letter case.
    public func checked(taken: Set<String>) -> Result<ReflectiveModel, Problems> {
        var problems: [(String, String)] = []
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let citation = citation.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { problems.append(("title", "Give the model a name")) }
        if title.unicodeScalars.count > 80 { problems.append(("title", "Keep the name to 80 characters or fewer")) }
        if taken.contains(title.lowercased()) {
            problems.append(("title", "There is a model with that name already: choose another"))
        }
        if citation.unicodeScalars.count > 200 {
            problems.append(("citation", "Keep where it comes from to 200 characters or fewer"))
        }
        var stages: [ReflectiveModel.Stage] = []
        for (index, stage) in self.stages.enumerated() {
            let number = index + 1
            let stageTitle = stage.title.trimmingCharacters(in: .whitespacesAndNewlines)
            let prompt = stage.prompt.trimmingCharacters(in: .whitespacesAndNewlines)
            if stageTitle.isEmpty {
                if !prompt.isEmpty { problems.append(("stage-\(number)-title", "Give this stage a title")) }
                continue
            }
            if stageTitle.unicodeScalars.count > 80 {
                problems.append(("stage-\(number)-title", "Keep a stage's title to 80 characters or fewer"))
            }
            if prompt.unicodeScalars.count > 400 {
                problems.append(("stage-\(number)-prompt", "Keep a stage's prompt to 400 characters or fewer"))
            }
            stages.append(.init(id: "stage_\(stages.count + 1)", title: stageTitle, prompt: prompt))
        }
        if stages.count < Self.fewestStages || stages.count > Self.mostStages {
            problems.append(("stages", "Give the model between 2 and 8 stages, each with a title"))
        }
        guard problems.isEmpty else { return .failure(Problems(byField: problems)) }
        return .success(ReflectiveModel(id: "", title: title, citation: citation, stages: stages))
    }
}
