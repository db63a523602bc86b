/// Professions Cairn supports (DOMAIN.md §7).
public enum Profession: String, CaseIterable, Codable, Sendable {
    case doctor
    case dentist
    case nurse
    case midwife
    case pharmacist
    case alliedHealthProfessional = "allied_health_professional"
    case physicianAssociate = "physician_associate"
    case healthcareScientist = "healthcare_scientist"
    case medicalSupportWorker = "medical_support_worker"

    public var title: String {
        switch self {
        case .doctor: "Doctor"
        case .dentist: "Dentist"
        case .nurse: "Nurse"
        case .midwife: "Midwife"
        case .pharmacist: "Pharmacist"
        case .alliedHealthProfessional: "Allied health professional"
        case .physicianAssociate: "Physician associate"
        case .healthcareScientist: "Healthcare scientist"
        case .medicalSupportWorker: "Medical support worker"
        }
    }

    /// The grades that fit this profession, for the referral form's choices.
    public var grades: [Grade] {
        Grade.allCases.filter { $0.professions.contains(self) }
    }
}

/// Career grades (DOMAIN.md §7): doctors', dentists' and Agenda for Change bands for everyone else.
public enum Grade: String, CaseIterable, Codable, Sendable {
    case medicalStudent = "medical_student"
    case medicalSupportWorker = "medical_support_worker"
    case fy1, fy2
    case ct1, ct2, ct3
    case st1, st2, st3, st4, st5, st6, st7, st8
    case gpst1, gpst2, gpst3
    case locallyEmployedDoctor = "locally_employed_doctor"
    case specialtyDoctor = "specialty_doctor"
    case specialist
    case associateSpecialist = "associate_specialist"
    case consultant
    case gpPartner = "gp_partner"
    case salariedGP = "salaried_gp"
    case locumGP = "locum_gp"
    case gpRetainer = "gp_retainer"
    case gpReturner = "gp_returner"
    case foundationDentist = "foundation_dentist"
    case dct1, dct2, dct3
    case dentalSpecialtyRegistrar = "dental_specialty_registrar"
    case generalDentalPractitioner = "general_dental_practitioner"
    case communityDentist = "community_dentist"
    case dentalSpecialist = "dental_specialist"
    case dentalConsultant = "dental_consultant"
    case band2 = "band_2"
    case band3 = "band_3"
    case band4 = "band_4"
    case band5 = "band_5"
    case band6 = "band_6"
    case band7 = "band_7"
    case band8a = "band_8a"
    case band8b = "band_8b"
    case band8c = "band_8c"
    case band8d = "band_8d"
    case band9 = "band_9"
    case other

    public var title: String {
        switch self {
        case .medicalStudent: "Medical student"
        case .medicalSupportWorker: "Medical support worker"
        case .fy1: "FY1"
        case .fy2: "FY2"
        case .ct1: "CT1"
        case .ct2: "CT2"
        case .ct3: "CT3"
        case .st1: "ST1"
        case .st2: "ST2"
        case .st3: "ST3"
        case .st4: "ST4"
        case .st5: "ST5"
        case .st6: "ST6"
        case .st7: "ST7"
        case .st8: "ST8"
        case .gpst1: "GPST1"
        case .gpst2: "GPST2"
        case .gpst3: "GPST3"
        case .locallyEmployedDoctor: "Locally employed doctor (clinical fellow, trust grade)"
        case .specialtyDoctor: "Specialty doctor"
        case .specialist: "Specialist"
        case .associateSpecialist: "Associate specialist"
        case .consultant: "Consultant"
        case .gpPartner: "GP partner"
        case .salariedGP: "Salaried GP"
        case .locumGP: "Locum GP"
        case .gpRetainer: "GP retainer"
        case .gpReturner: "GP returner (induction and refresher)"
        case .foundationDentist: "Foundation dentist"
        case .dct1: "DCT1"
        case .dct2: "DCT2"
        case .dct3: "DCT3"
        case .dentalSpecialtyRegistrar: "Dental specialty registrar"
        case .generalDentalPractitioner: "General dental practitioner"
        case .communityDentist: "Community dentist"
        case .dentalSpecialist: "Specialist (dental)"
        case .dentalConsultant: "Consultant (dental)"
        case .band2: "Band 2"
        case .band3: "Band 3"
        case .band4: "Band 4"
        case .band5: "Band 5"
        case .band6: "Band 6"
        case .band7: "Band 7"
        case .band8a: "Band 8a"
        case .band8b: "Band 8b"
        case .band8c: "Band 8c"
        case .band8d: "Band 8d"
        case .band9: "Band 9"
        case .other: "Other"
        }
    }

    var professions: Set<Profession> {
        switch self {
        case .medicalStudent, .fy1, .fy2, .ct1, .ct2, .ct3, .st1, .st2, .st3, .st4, .st5, .st6, .st7, .st8, .gpst1,
            .gpst2, .gpst3, .locallyEmployedDoctor, .specialtyDoctor, .specialist, .associateSpecialist, .consultant,
            .gpPartner, .salariedGP, .locumGP, .gpRetainer, .gpReturner:
            [.doctor]
        case .medicalSupportWorker: [.medicalSupportWorker, .doctor]
        case .foundationDentist, .dct1, .dct2, .dct3, .dentalSpecialtyRegistrar, .generalDentalPractitioner,
            .communityDentist, .dentalSpecialist, .dentalConsultant:
            [.dentist]
        case .band2, .band3, .band4, .band5, .band6, .band7, .band8a, .band8b, .band8c, .band8d, .band9:
            [.nurse, .midwife, .pharmacist, .alliedHealthProfessional, .physicianAssociate, .healthcareScientist]
        case .other: Set(Profession.allCases)
        }
    }

    /// Trainees, for figures and for return-to-training rules.
    public var isInTraining: Bool {
        switch self {
        case .fy1, .fy2, .ct1, .ct2, .ct3, .st1, .st2, .st3, .st4, .st5, .st6, .st7, .st8, .gpst1, .gpst2, .gpst3,
            .foundationDentist, .dct1, .dct2, .dct3, .dentalSpecialtyRegistrar:
            true
        default: false
        }
    }
}
