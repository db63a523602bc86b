import Testing

@testable import CairnCore

@Test func versionIsSemantic() {
    #expect(CairnCore.version.split(separator: ".").count == 3)
}
