import Foundation

/// The UK register a profession's members are on, and the form of its numbers (issue #13 item 7): a number that
/// cannot be one is refused, and one typed with spaces or in lower case is kept in the register's own form.
public enum ProfessionalRegister: String, CaseIterable, Sendable {
    case gmc, gdc, nmc, gphc, hcpc

    public var title: String {
        switch self {
        case .gmc: "GMC"
        case .gdc: "GDC"
        case .nmc: "NMC"
        case .gphc: "GPhC"
        case .hcpc: "HCPC"
        }
    }

    /// What a number looks like, in words, for the error message.
    public var form: String {
        switch self {
        case .gmc: "GMC number: 7 digits, like 7012345"
        case .gdc: "GDC number: up to 6 digits, like 123456"
        case .nmc: "NMC PIN: 2 digits, a letter, 4 digits and a letter, like 12A3456E"
        case .gphc: "GPhC number: 7 digits, like 2071234"
        case .hcpc: "HCPC number: 2 or 3 letters then 4 to 6 digits, like PH123456"
        }
    }

    /// The number in the register's own form (spaces gone, letters in capitals), or nil when it cannot be one.
    public func normalised(_ typed: String) -> String? {
        // ASCII only, checked before capitals are made ("ß" would become "SS").
        guard typed.unicodeScalars.allSatisfy({ $0.isASCII }) else { return nil }
        let compact = String(typed.unicodeScalars.filter { $0 != " " }.map(Character.init)).uppercased()
        let letters = compact.prefix { $0.isLetter }
        let rest = compact.dropFirst(letters.count)
        let digitsOnly = !compact.isEmpty && compact.allSatisfy(\.isNumber)
        switch self {
        case .gmc, .gphc:
            return digitsOnly && compact.count == 7 ? compact : nil
        case .gdc:
            return digitsOnly && compact.count <= 6 ? compact : nil
        case .nmc:
            let characters = Array(compact)
            guard characters.count == 8 else { return nil }
            let shape = characters.enumerated().allSatisfy { index, character in
                [2, 7].contains(index) ? character.isLetter : character.isNumber
            }
            return shape ? compact : nil
        case .hcpc:
            return (2...3).contains(letters.count) && (4...6).contains(rest.count) && rest.allSatisfy(\.isNumber)
                ? compact : nil
        }
    }
}

extension Profession {
    /// The register its members are on (a medical support worker's is the GMC's, where they hold a number).
    public var register: ProfessionalRegister {
        switch self {
        case .doctor, .physicianAssociate, .medicalSupportWorker: .gmc
        case .dentist: .gdc
        case .nurse, .midwife: .nmc
        case .pharmacist: .gphc
        case .alliedHealthProfessional, .healthcareScientist: .hcpc
        }
    }
}
