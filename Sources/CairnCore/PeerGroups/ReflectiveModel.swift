/// A template for a written reflection: a model's stages, each a prompt with a short explanation (DOMAIN.md §4).
///
/// No model is mandated ("there is no one way to reflect"); these are the four Cairn offers. They are data: a
/// reflection stores the model's id and one answer per stage id, so a template an organisation adds later needs no
/// change here.
public struct ReflectiveModel: Sendable, Equatable, Identifiable {
    public struct Stage: Sendable, Equatable, Identifiable, Codable {
        public var id: String
        public var title: String
        public var prompt: String

        public init(id: String, title: String, prompt: String) {
            self.id = id
            self.title = title
            self.prompt = prompt
        }
    }

    public var id: String
    public var title: String
    public var citation: String
    public var stages: [Stage]

    public init(id: String, title: String, citation: String, stages: [Stage]) {
        self.id = id
        self.title = title
        self.citation = citation
        self.stages = stages
    }

    public static func named(_ id: String) -> ReflectiveModel? { all.first { $0.id == id } }

    public static let all: [ReflectiveModel] = [atkinsMurphy, gibbs, rolfe, nmcAccount]

    public static let atkinsMurphy = ReflectiveModel(
        id: "atkins_murphy", title: "Atkins & Murphy", citation: "Atkins and Murphy (1993)",
        stages: [
            Stage(
                id: "awareness", title: "Awareness",
                prompt: "What uncomfortable feelings or thoughts made you stop and think?"),
            Stage(
                id: "describe", title: "Describe the situation",
                prompt: "What happened, without names or details that identify anyone?"),
            Stage(
                id: "analyse", title: "Critical analysis",
                prompt: "What assumptions were at work? What other ways of seeing it are there?"),
            Stage(
                id: "evaluate", title: "Evaluate the relevance of knowledge",
                prompt: "What did you know that helped, and what was missing?"),
            Stage(
                id: "learning", title: "Identify learning",
                prompt: "What will you do differently, and how will you know?"),
        ])

    public static let gibbs = ReflectiveModel(
        id: "gibbs", title: "Gibbs reflective cycle", citation: "Gibbs (1988)",
        stages: [
            Stage(id: "description", title: "Description", prompt: "What happened?"),
            Stage(id: "feelings", title: "Feelings", prompt: "What were you thinking and feeling?"),
            Stage(id: "evaluation", title: "Evaluation", prompt: "What was good and bad about the experience?"),
            Stage(id: "analysis", title: "Analysis", prompt: "What sense can you make of the situation?"),
            Stage(id: "conclusion", title: "Conclusion", prompt: "What else could you have done?"),
            Stage(id: "action_plan", title: "Action plan", prompt: "If it arose again, what would you do?"),
        ])

    public static let rolfe = ReflectiveModel(
        id: "rolfe", title: "What? So what? Now what?", citation: "Rolfe, Freshwater and Jasper (2001)",
        stages: [
            Stage(id: "what", title: "What?", prompt: "What happened, and what was your part in it?"),
            Stage(id: "so_what", title: "So what?", prompt: "What does it mean for you, your practice and others?"),
            Stage(id: "now_what", title: "Now what?", prompt: "What will you do now, and what would help?"),
        ])

    public static let nmcAccount = ReflectiveModel(
        id: "nmc_account", title: "NMC reflective account", citation: "Nursing and Midwifery Council revalidation form",
        stages: [
            Stage(
                id: "what_happened", title: "What happened",
                prompt: "What was the nature of the experience or feedback?"),
            Stage(id: "what_learned", title: "What did you learn", prompt: "What did you learn from it?"),
            Stage(
                id: "how_changed", title: "How did you change your practice",
                prompt: "How did you change or improve your work as a result?"),
            Stage(
                id: "the_code", title: "How it relates to the Code",
                prompt:
                    "Which of the Code's themes does it relate to: prioritise people, practise effectively, preserve safety, promote professionalism and trust?"
            ),
        ])
}

/// The NMC Code's four themes, which a nurse's or midwife's reflection maps to for revalidation.
public enum CodeTheme: String, CaseIterable, Sendable, Codable {
    case prioritisePeople = "prioritise_people"
    case practiseEffectively = "practise_effectively"
    case preserveSafety = "preserve_safety"
    case promoteProfessionalism = "promote_professionalism"

    public var title: String {
        switch self {
        case .prioritisePeople: "Prioritise people"
        case .practiseEffectively: "Practise effectively"
        case .preserveSafety: "Preserve safety"
        case .promoteProfessionalism: "Promote professionalism and trust"
        }
    }
}
