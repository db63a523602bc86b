import Testing

@testable import CairnCore

@Suite("Password policy")
struct PasswordPolicyTests {
    let policy = PasswordPolicy()

    @Test(arguments: ["correct pony staple drum", "Maple-otter-Harbour", "tidal quartz lantern 9"])
    func longUncommonPasswordsAreAccepted(password: String) {
        #expect(policy.problem(with: password) == nil)
    }

    @Test func elevenCharactersAreTooShort() {
        #expect(policy.problem(with: "abcdefgh-jk") == .tooShort(minimum: 12))
        #expect(policy.problem(with: "pony-staple-drum-x".prefix(11).description) == .tooShort(minimum: 12))
    }

    @Test(arguments: [
        "password1234", "Password1234!", "qwertyuiop123", "iloveyou2024!!", "123456789012", "aaaaaaaaaaaa",
        "abcdefghijklmn", "ababababababab", "Liverpool123456", "   password   ", "nhs12345678901",
    ])
    func commonPasswordsAreRefused(password: String) {
        #expect(policy.problem(with: password) == .tooCommon)
    }

    @Test func personalDetailsAreRefused() {
        #expect(
            policy.problem(with: "amira.haddad-garden", email: "amira.haddad@example.org")
                == .containsPersonalDetail)
        #expect(policy.problem(with: "my name is Okafor ok", name: "Chidi Okafor") == .containsPersonalDetail)
    }

    @Test func overlongPasswordsAreRefused() {
        #expect(policy.problem(with: String(repeating: "river stone ", count: 30)) == .tooLong(maximum: 256))
    }

    @Test func everyProblemReadsAsASentence() {
        let problems: [PasswordPolicy.Problem] = [
            .tooShort(minimum: 12), .tooLong(maximum: 256), .tooCommon, .containsPersonalDetail,
        ]
        for problem in problems {
            #expect(problem.message.first?.isUppercase == true)
        }
    }
}
