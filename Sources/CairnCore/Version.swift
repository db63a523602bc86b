public enum CairnCore { public static let version = "0.1.0" }
