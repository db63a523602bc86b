import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

extension ExclusionReason {
    package var sentence: String {
        switch self {
        case .ownSupervisor: "they are the mentee's supervisor"
        case .mentorNotTrained: "they have no mentoring training on record"
        case .mentorTrainingExpired: "their mentoring training has expired"
        case .mentorHasNoCapacity: "they have no places left"
        case .sameEmployer: "they work for the mentee's employer"
        case .sameSpecialty: "they share the mentee's specialty, which this programme excludes"
        case .requiredLanguageNotSpoken: "they do not speak the language the mentee requires"
        case .requiredSpecialtyNotHeld: "they do not work in the specialty the mentee requires"
        case .requiredGenderNotMet: "they are not the gender the mentee asked for"
        case .pairedBefore: "they were this mentee's mentor before, and the pairing ended"
        case .samePerson: "they are the mentee"
        }
    }
}

extension ScoreFactor {
    package var title: String {
        switch self {
        case .sameProfession: "Same profession"
        case .sameSpecialty: "Same specialty"
        case .moreSeniorGrade: "More senior grade"
        case .sharedLanguage: "A shared language"
        case .sameRegion: "Same region"
        case .internationalGraduateExperience: "Experience with international graduates"
        case .wishedLanguage: "Speaks the language the mentee asked for"
        case .wishedSpecialty: "Works in the specialty the mentee asked for"
        case .wishedGender: "The gender the mentee asked for"
        }
    }
}
