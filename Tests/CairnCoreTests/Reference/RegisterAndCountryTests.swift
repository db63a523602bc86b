import Foundation
import Testing

@testable import CairnCore

/// Issue #13 item 7: a registration number has the form of the profession's register, and the country of
/// qualification is one of ISO 3166-1's, on the self-referral (so "!!!not a number" and "zzzz" are refused).
@Suite("Registers and countries")
struct RegisterAndCountryTests {
    @Test func eachRegisterKnowsItsNumbers() {
        #expect(ProfessionalRegister.gmc.normalised("7012345") == "7012345")
        #expect(ProfessionalRegister.gmc.normalised(" 701 2345 ") == "7012345")
        #expect(ProfessionalRegister.gmc.normalised("70123456") == nil)
        #expect(ProfessionalRegister.gmc.normalised("!!!not a number") == nil)
        #expect(ProfessionalRegister.gmc.normalised("７０１２３４５") == nil)  // full-width digits are not ASCII
        #expect(ProfessionalRegister.nmc.normalised("12a3456e") == "12A3456E")
        #expect(ProfessionalRegister.nmc.normalised("1234567E") == nil)
        #expect(ProfessionalRegister.gdc.normalised("81234") == "81234")
        #expect(ProfessionalRegister.hcpc.normalised("ph 123456") == "PH123456")
        #expect(ProfessionalRegister.hcpc.normalised("ß12345") == nil)  // "ß" would become "SS"
        #expect(Profession.nurse.register == .nmc)
        #expect(Profession.physicianAssociate.register == .gmc)
    }

    @Test func countriesAreISOsAndKnownByTheirOtherNames() {
        #expect(Country.all.count == 249)
        #expect(Set(Country.all.map(\.alpha2)).count == 249)
        #expect(Country.exactly("Nigeria")?.alpha2 == "NG")
        #expect(Country.exactly("EG")?.name == "Egypt")
        #expect(Country.exactly("nigeria") == nil)  // the list's names exactly; the lenient match is `named`
        #expect(Country.named("nigeria")?.alpha2 == "NG")
        #expect(Country.named("UK")?.name == "United Kingdom")
        #expect(Country.named("cote d'ivoire")?.alpha2 == "CI")
        #expect(Country.named("Turkey")?.alpha2 == "TR")
        #expect(Country.named("zzzz") == nil)
    }

    @Test func theSelfReferralRefusesANumberOrCountryThatCannotBe() {
        var referral = SelfReferral()
        referral.profession = "doctor"
        referral.grade = "st3"
        referral.qualificationCountry = "zzzz"
        referral.registrationNumber = "!!!not a number"
        let fields = Set(referral.problems(in: .aboutYou).map(\.field))
        #expect(fields == ["qualificationCountry", "registrationNumber"])
        referral.qualificationCountry = "Egypt"
        referral.registrationNumber = "701 2345"
        #expect(referral.problems(in: .aboutYou).isEmpty)
        #expect(referral.isInternationalGraduate)
        referral.registrationNumber = "   "  // blank: not given
        referral.qualificationCountry = "United Kingdom"
        #expect(referral.problems(in: .aboutYou).isEmpty)
        #expect(!referral.isInternationalGraduate)
        referral.registrationNumber = "\t"  // not blank by the contract's pattern: refused
        #expect(referral.problems(in: .aboutYou).map(\.field) == ["registrationNumber"])
    }
}
