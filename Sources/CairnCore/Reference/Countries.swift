import Foundation

/// A country of ISO 3166-1 (issue #13 item 7): its two- and three-letter codes, the name shown (the short English
/// name most people in the UK use), and the other names it goes by (ISO's own, official names, common ones). The list
/// was made once from ISO 3166-1 as the `pycountry` package publishes it; the names shown are ours.
public struct Country: Sendable, Hashable {
    public let alpha2: String
    public let alpha3: String
    public let name: String
    public let otherNames: [String]

    init(_ alpha2: String, _ alpha3: String, _ name: String, also otherNames: [String] = []) {
        self.alpha2 = alpha2
        self.alpha3 = alpha3
        self.name = name
        self.otherNames = otherNames
    }

    /// Folded for comparing what someone typed: case, accents and punctuation do not matter ("cote d'ivoire").
    static func key(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_GB"))
            .unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(String.init).joined()
    }

    private static let byKey: [String: Country] = {
        var found: [String: Country] = [:]
        for country in all {
            for name in [country.alpha2, country.alpha3, country.name] + country.otherNames {
                found[key(name)] = found[key(name)] ?? country
            }
        }
        return found
    }()

    /// The country a person named: by its name, another of its names, or its ISO code; nil for anything else.
    public static func named(_ typed: String) -> Country? {
        let folded = key(typed)
        return folded.isEmpty ? nil : byKey[folded]
    }

    private static let byExactName: [String: Country] = {
        var found: [String: Country] = [:]
        for country in all {
            found[country.name] = country
            found[country.alpha2] = found[country.alpha2] ?? country
        }
        return found
    }()

    /// The country whose shown name or two-letter code this is exactly: what the form's list and the API send.
    public static func exactly(_ value: String) -> Country? { byExactName[value] }

    /// Every country, by the name shown.
    public static let all: [Country] = [
        Country("AF", "AFG", "Afghanistan", also: ["Islamic Republic of Afghanistan"]),
        Country("AL", "ALB", "Albania", also: ["Republic of Albania"]),
        Country("DZ", "DZA", "Algeria", also: ["People's Democratic Republic of Algeria"]),
        Country("AS", "ASM", "American Samoa"),
        Country("AD", "AND", "Andorra", also: ["Principality of Andorra"]),
        Country("AO", "AGO", "Angola", also: ["Republic of Angola"]),
        Country("AI", "AIA", "Anguilla"),
        Country("AQ", "ATA", "Antarctica"),
        Country("AG", "ATG", "Antigua and Barbuda"),
        Country("AR", "ARG", "Argentina", also: ["Argentine Republic"]),
        Country("AM", "ARM", "Armenia", also: ["Republic of Armenia"]),
        Country("AW", "ABW", "Aruba"),
        Country("AU", "AUS", "Australia"),
        Country("AT", "AUT", "Austria", also: ["Republic of Austria"]),
        Country("AZ", "AZE", "Azerbaijan", also: ["Republic of Azerbaijan"]),
        Country("BS", "BHS", "Bahamas", also: ["Commonwealth of the Bahamas", "The Bahamas"]),
        Country("BH", "BHR", "Bahrain", also: ["Kingdom of Bahrain"]),
        Country("BD", "BGD", "Bangladesh", also: ["People's Republic of Bangladesh"]),
        Country("BB", "BRB", "Barbados"),
        Country("BY", "BLR", "Belarus", also: ["Republic of Belarus"]),
        Country("BE", "BEL", "Belgium", also: ["Kingdom of Belgium"]),
        Country("BZ", "BLZ", "Belize"),
        Country("BJ", "BEN", "Benin", also: ["Republic of Benin"]),
        Country("BM", "BMU", "Bermuda"),
        Country("BT", "BTN", "Bhutan", also: ["Kingdom of Bhutan"]),
        Country("BO", "BOL", "Bolivia", also: ["Bolivia, Plurinational State of", "Plurinational State of Bolivia"]),
        Country("BQ", "BES", "Bonaire, Sint Eustatius and Saba"),
        Country("BA", "BIH", "Bosnia and Herzegovina", also: ["Republic of Bosnia and Herzegovina"]),
        Country("BW", "BWA", "Botswana", also: ["Republic of Botswana"]),
        Country("BV", "BVT", "Bouvet Island"),
        Country("BR", "BRA", "Brazil", also: ["Federative Republic of Brazil"]),
        Country("IO", "IOT", "British Indian Ocean Territory"),
        Country("VG", "VGB", "British Virgin Islands", also: ["Virgin Islands, British"]),
        Country("BN", "BRN", "Brunei", also: ["Brunei Darussalam"]),
        Country("BG", "BGR", "Bulgaria", also: ["Republic of Bulgaria"]),
        Country("BF", "BFA", "Burkina Faso"),
        Country("BI", "BDI", "Burundi", also: ["Republic of Burundi"]),
        Country("KH", "KHM", "Cambodia", also: ["Kingdom of Cambodia"]),
        Country("CM", "CMR", "Cameroon", also: ["Republic of Cameroon"]),
        Country("CA", "CAN", "Canada"),
        Country("CV", "CPV", "Cape Verde", also: ["Cabo Verde", "Republic of Cabo Verde"]),
        Country("KY", "CYM", "Cayman Islands"),
        Country("CF", "CAF", "Central African Republic"),
        Country("TD", "TCD", "Chad", also: ["Republic of Chad"]),
        Country("CL", "CHL", "Chile", also: ["Republic of Chile"]),
        Country("CN", "CHN", "China", also: ["People's Republic of China"]),
        Country("CX", "CXR", "Christmas Island"),
        Country("CC", "CCK", "Cocos (Keeling) Islands"),
        Country("CO", "COL", "Colombia", also: ["Republic of Colombia"]),
        Country("KM", "COM", "Comoros", also: ["Union of the Comoros"]),
        Country("CK", "COK", "Cook Islands"),
        Country("CR", "CRI", "Costa Rica", also: ["Republic of Costa Rica"]),
        Country("HR", "HRV", "Croatia", also: ["Republic of Croatia"]),
        Country("CU", "CUB", "Cuba", also: ["Republic of Cuba"]),
        Country("CW", "CUW", "Curaçao"),
        Country("CY", "CYP", "Cyprus", also: ["Republic of Cyprus"]),
        Country("CZ", "CZE", "Czechia", also: ["Czech Republic"]),
        Country("CI", "CIV", "Côte d'Ivoire", also: ["Ivory Coast", "Republic of Côte d'Ivoire"]),
        Country(
            "CD", "COD", "Democratic Republic of the Congo",
            also: ["Congo (Democratic Republic)", "Congo, The Democratic Republic of the", "DR Congo", "DRC"]),
        Country("DK", "DNK", "Denmark", also: ["Kingdom of Denmark"]),
        Country("DJ", "DJI", "Djibouti", also: ["Republic of Djibouti"]),
        Country("DM", "DMA", "Dominica", also: ["Commonwealth of Dominica"]),
        Country("DO", "DOM", "Dominican Republic"),
        Country("EC", "ECU", "Ecuador", also: ["Republic of Ecuador"]),
        Country("EG", "EGY", "Egypt", also: ["Arab Republic of Egypt"]),
        Country("SV", "SLV", "El Salvador", also: ["Republic of El Salvador"]),
        Country("GQ", "GNQ", "Equatorial Guinea", also: ["Republic of Equatorial Guinea"]),
        Country("ER", "ERI", "Eritrea", also: ["the State of Eritrea"]),
        Country("EE", "EST", "Estonia", also: ["Republic of Estonia"]),
        Country("SZ", "SWZ", "Eswatini", also: ["Kingdom of Eswatini", "Swaziland"]),
        Country("ET", "ETH", "Ethiopia", also: ["Federal Democratic Republic of Ethiopia"]),
        Country("FK", "FLK", "Falkland Islands", also: ["Falkland Islands (Malvinas)"]),
        Country("FO", "FRO", "Faroe Islands"),
        Country("FJ", "FJI", "Fiji", also: ["Republic of Fiji"]),
        Country("FI", "FIN", "Finland", also: ["Republic of Finland"]),
        Country("FR", "FRA", "France", also: ["French Republic"]),
        Country("GF", "GUF", "French Guiana"),
        Country("PF", "PYF", "French Polynesia"),
        Country("TF", "ATF", "French Southern Territories"),
        Country("GA", "GAB", "Gabon", also: ["Gabonese Republic"]),
        Country("GM", "GMB", "Gambia", also: ["Republic of the Gambia", "The Gambia"]),
        Country("GE", "GEO", "Georgia"),
        Country("DE", "DEU", "Germany", also: ["Federal Republic of Germany"]),
        Country("GH", "GHA", "Ghana", also: ["Republic of Ghana"]),
        Country("GI", "GIB", "Gibraltar"),
        Country("GR", "GRC", "Greece", also: ["Hellenic Republic"]),
        Country("GL", "GRL", "Greenland"),
        Country("GD", "GRD", "Grenada"),
        Country("GP", "GLP", "Guadeloupe"),
        Country("GU", "GUM", "Guam"),
        Country("GT", "GTM", "Guatemala", also: ["Republic of Guatemala"]),
        Country("GG", "GGY", "Guernsey"),
        Country("GN", "GIN", "Guinea", also: ["Republic of Guinea"]),
        Country("GW", "GNB", "Guinea-Bissau", also: ["Republic of Guinea-Bissau"]),
        Country("GY", "GUY", "Guyana", also: ["Republic of Guyana"]),
        Country("HT", "HTI", "Haiti", also: ["Republic of Haiti"]),
        Country("HM", "HMD", "Heard Island and McDonald Islands"),
        Country("HN", "HND", "Honduras", also: ["Republic of Honduras"]),
        Country("HK", "HKG", "Hong Kong", also: ["Hong Kong Special Administrative Region of China"]),
        Country("HU", "HUN", "Hungary"),
        Country("IS", "ISL", "Iceland", also: ["Republic of Iceland"]),
        Country("IN", "IND", "India", also: ["Republic of India"]),
        Country("ID", "IDN", "Indonesia", also: ["Republic of Indonesia"]),
        Country("IR", "IRN", "Iran", also: ["Iran, Islamic Republic of", "Islamic Republic of Iran"]),
        Country("IQ", "IRQ", "Iraq", also: ["Republic of Iraq"]),
        Country("IE", "IRL", "Ireland", also: ["Eire", "Republic of Ireland"]),
        Country("IM", "IMN", "Isle of Man"),
        Country("IL", "ISR", "Israel", also: ["State of Israel"]),
        Country("IT", "ITA", "Italy", also: ["Italian Republic"]),
        Country("JM", "JAM", "Jamaica"),
        Country("JP", "JPN", "Japan"),
        Country("JE", "JEY", "Jersey"),
        Country("JO", "JOR", "Jordan", also: ["Hashemite Kingdom of Jordan"]),
        Country("KZ", "KAZ", "Kazakhstan", also: ["Republic of Kazakhstan"]),
        Country("KE", "KEN", "Kenya", also: ["Republic of Kenya"]),
        Country("KI", "KIR", "Kiribati", also: ["Republic of Kiribati"]),
        Country("KW", "KWT", "Kuwait", also: ["State of Kuwait"]),
        Country("KG", "KGZ", "Kyrgyzstan", also: ["Kyrgyz Republic"]),
        Country("LA", "LAO", "Laos", also: ["Lao People's Democratic Republic"]),
        Country("LV", "LVA", "Latvia", also: ["Republic of Latvia"]),
        Country("LB", "LBN", "Lebanon", also: ["Lebanese Republic"]),
        Country("LS", "LSO", "Lesotho", also: ["Kingdom of Lesotho"]),
        Country("LR", "LBR", "Liberia", also: ["Republic of Liberia"]),
        Country("LY", "LBY", "Libya"),
        Country("LI", "LIE", "Liechtenstein", also: ["Principality of Liechtenstein"]),
        Country("LT", "LTU", "Lithuania", also: ["Republic of Lithuania"]),
        Country("LU", "LUX", "Luxembourg", also: ["Grand Duchy of Luxembourg"]),
        Country("MO", "MAC", "Macao", also: ["Macao Special Administrative Region of China"]),
        Country("MG", "MDG", "Madagascar", also: ["Republic of Madagascar"]),
        Country("MW", "MWI", "Malawi", also: ["Republic of Malawi"]),
        Country("MY", "MYS", "Malaysia"),
        Country("MV", "MDV", "Maldives", also: ["Republic of Maldives"]),
        Country("ML", "MLI", "Mali", also: ["Republic of Mali"]),
        Country("MT", "MLT", "Malta", also: ["Republic of Malta"]),
        Country("MH", "MHL", "Marshall Islands", also: ["Republic of the Marshall Islands"]),
        Country("MQ", "MTQ", "Martinique"),
        Country("MR", "MRT", "Mauritania", also: ["Islamic Republic of Mauritania"]),
        Country("MU", "MUS", "Mauritius", also: ["Republic of Mauritius"]),
        Country("YT", "MYT", "Mayotte"),
        Country("MX", "MEX", "Mexico", also: ["United Mexican States"]),
        Country(
            "FM", "FSM", "Micronesia", also: ["Federated States of Micronesia", "Micronesia, Federated States of"]),
        Country("MD", "MDA", "Moldova", also: ["Moldova, Republic of", "Republic of Moldova"]),
        Country("MC", "MCO", "Monaco", also: ["Principality of Monaco"]),
        Country("MN", "MNG", "Mongolia"),
        Country("ME", "MNE", "Montenegro"),
        Country("MS", "MSR", "Montserrat"),
        Country("MA", "MAR", "Morocco", also: ["Kingdom of Morocco"]),
        Country("MZ", "MOZ", "Mozambique", also: ["Republic of Mozambique"]),
        Country("MM", "MMR", "Myanmar", also: ["Burma", "Republic of Myanmar"]),
        Country("NA", "NAM", "Namibia", also: ["Republic of Namibia"]),
        Country("NR", "NRU", "Nauru", also: ["Republic of Nauru"]),
        Country("NP", "NPL", "Nepal", also: ["Federal Democratic Republic of Nepal"]),
        Country("NL", "NLD", "Netherlands", also: ["Holland", "Kingdom of the Netherlands", "The Netherlands"]),
        Country("NC", "NCL", "New Caledonia"),
        Country("NZ", "NZL", "New Zealand"),
        Country("NI", "NIC", "Nicaragua", also: ["Republic of Nicaragua"]),
        Country("NE", "NER", "Niger", also: ["Republic of the Niger"]),
        Country("NG", "NGA", "Nigeria", also: ["Federal Republic of Nigeria"]),
        Country("NU", "NIU", "Niue"),
        Country("NF", "NFK", "Norfolk Island"),
        Country(
            "KP", "PRK", "North Korea",
            also: ["Democratic People's Republic of Korea", "Korea, Democratic People's Republic of"]),
        Country("MK", "MKD", "North Macedonia", also: ["Macedonia", "Republic of North Macedonia"]),
        Country("MP", "MNP", "Northern Mariana Islands", also: ["Commonwealth of the Northern Mariana Islands"]),
        Country("NO", "NOR", "Norway", also: ["Kingdom of Norway"]),
        Country("OM", "OMN", "Oman", also: ["Sultanate of Oman"]),
        Country("PK", "PAK", "Pakistan", also: ["Islamic Republic of Pakistan"]),
        Country("PW", "PLW", "Palau", also: ["Republic of Palau"]),
        Country(
            "PS", "PSE", "Palestine",
            also: ["Palestine, State of", "Palestinian Territories", "the State of Palestine"]),
        Country("PA", "PAN", "Panama", also: ["Republic of Panama"]),
        Country("PG", "PNG", "Papua New Guinea", also: ["Independent State of Papua New Guinea"]),
        Country("PY", "PRY", "Paraguay", also: ["Republic of Paraguay"]),
        Country("PE", "PER", "Peru", also: ["Republic of Peru"]),
        Country("PH", "PHL", "Philippines", also: ["Republic of the Philippines"]),
        Country("PN", "PCN", "Pitcairn"),
        Country("PL", "POL", "Poland", also: ["Republic of Poland"]),
        Country("PT", "PRT", "Portugal", also: ["Portuguese Republic"]),
        Country("PR", "PRI", "Puerto Rico"),
        Country("QA", "QAT", "Qatar", also: ["State of Qatar"]),
        Country("CG", "COG", "Republic of the Congo", also: ["Congo"]),
        Country("RO", "ROU", "Romania"),
        Country("RU", "RUS", "Russia", also: ["Russian Federation"]),
        Country("RW", "RWA", "Rwanda", also: ["Rwandese Republic"]),
        Country("RE", "REU", "Réunion"),
        Country("BL", "BLM", "Saint Barthélemy"),
        Country("SH", "SHN", "Saint Helena, Ascension and Tristan da Cunha"),
        Country("KN", "KNA", "Saint Kitts and Nevis"),
        Country("LC", "LCA", "Saint Lucia"),
        Country("MF", "MAF", "Saint Martin (French part)"),
        Country("PM", "SPM", "Saint Pierre and Miquelon"),
        Country("VC", "VCT", "Saint Vincent and the Grenadines"),
        Country("WS", "WSM", "Samoa", also: ["Independent State of Samoa"]),
        Country("SM", "SMR", "San Marino", also: ["Republic of San Marino"]),
        Country("ST", "STP", "Sao Tome and Principe", also: ["Democratic Republic of Sao Tome and Principe"]),
        Country("SA", "SAU", "Saudi Arabia", also: ["Kingdom of Saudi Arabia"]),
        Country("SN", "SEN", "Senegal", also: ["Republic of Senegal"]),
        Country("RS", "SRB", "Serbia", also: ["Republic of Serbia"]),
        Country("SC", "SYC", "Seychelles", also: ["Republic of Seychelles"]),
        Country("SL", "SLE", "Sierra Leone", also: ["Republic of Sierra Leone"]),
        Country("SG", "SGP", "Singapore", also: ["Republic of Singapore"]),
        Country("SX", "SXM", "Sint Maarten (Dutch part)"),
        Country("SK", "SVK", "Slovakia", also: ["Slovak Republic"]),
        Country("SI", "SVN", "Slovenia", also: ["Republic of Slovenia"]),
        Country("SB", "SLB", "Solomon Islands"),
        Country("SO", "SOM", "Somalia", also: ["Federal Republic of Somalia"]),
        Country("ZA", "ZAF", "South Africa", also: ["Republic of South Africa"]),
        Country("GS", "SGS", "South Georgia and the South Sandwich Islands"),
        Country("KR", "KOR", "South Korea", also: ["Korea", "Korea, Republic of"]),
        Country("SS", "SSD", "South Sudan", also: ["Republic of South Sudan"]),
        Country("ES", "ESP", "Spain", also: ["Kingdom of Spain"]),
        Country("LK", "LKA", "Sri Lanka", also: ["Democratic Socialist Republic of Sri Lanka"]),
        Country("SD", "SDN", "Sudan", also: ["Republic of the Sudan"]),
        Country("SR", "SUR", "Suriname", also: ["Republic of Suriname"]),
        Country("SJ", "SJM", "Svalbard and Jan Mayen"),
        Country("SE", "SWE", "Sweden", also: ["Kingdom of Sweden"]),
        Country("CH", "CHE", "Switzerland", also: ["Swiss Confederation"]),
        Country("SY", "SYR", "Syria", also: ["Syrian Arab Republic"]),
        Country("TW", "TWN", "Taiwan", also: ["Taiwan, Province of China"]),
        Country("TJ", "TJK", "Tajikistan", also: ["Republic of Tajikistan"]),
        Country("TZ", "TZA", "Tanzania", also: ["Tanzania, United Republic of", "United Republic of Tanzania"]),
        Country("TH", "THA", "Thailand", also: ["Kingdom of Thailand"]),
        Country("TL", "TLS", "Timor-Leste", also: ["Democratic Republic of Timor-Leste", "East Timor"]),
        Country("TG", "TGO", "Togo", also: ["Togolese Republic"]),
        Country("TK", "TKL", "Tokelau"),
        Country("TO", "TON", "Tonga", also: ["Kingdom of Tonga"]),
        Country("TT", "TTO", "Trinidad and Tobago", also: ["Republic of Trinidad and Tobago"]),
        Country("TN", "TUN", "Tunisia", also: ["Republic of Tunisia"]),
        Country("TM", "TKM", "Turkmenistan"),
        Country("TC", "TCA", "Turks and Caicos Islands"),
        Country("TV", "TUV", "Tuvalu"),
        Country("TR", "TUR", "Türkiye", also: ["Republic of Türkiye", "Turkey"]),
        Country("UG", "UGA", "Uganda", also: ["Republic of Uganda"]),
        Country("UA", "UKR", "Ukraine"),
        Country("AE", "ARE", "United Arab Emirates", also: ["UAE"]),
        Country(
            "GB", "GBR", "United Kingdom",
            also: [
                "Britain", "England", "Great Britain", "Northern Ireland", "Scotland", "U.K.", "UK",
                "United Kingdom of Great Britain and Northern Ireland", "Wales",
            ]),
        Country("US", "USA", "United States", also: ["America", "U.S.A.", "US", "USA", "United States of America"]),
        Country("UM", "UMI", "United States Minor Outlying Islands"),
        Country("UY", "URY", "Uruguay", also: ["Eastern Republic of Uruguay"]),
        Country(
            "VI", "VIR", "US Virgin Islands", also: ["Virgin Islands of the United States", "Virgin Islands, U.S."]),
        Country("UZ", "UZB", "Uzbekistan", also: ["Republic of Uzbekistan"]),
        Country("VU", "VUT", "Vanuatu", also: ["Republic of Vanuatu"]),
        Country("VA", "VAT", "Vatican City", also: ["Holy See", "Holy See (Vatican City State)"]),
        Country(
            "VE", "VEN", "Venezuela", also: ["Bolivarian Republic of Venezuela", "Venezuela, Bolivarian Republic of"]),
        Country("VN", "VNM", "Vietnam", also: ["Socialist Republic of Viet Nam", "Viet Nam"]),
        Country("WF", "WLF", "Wallis and Futuna"),
        Country("EH", "ESH", "Western Sahara"),
        Country("YE", "YEM", "Yemen", also: ["Republic of Yemen"]),
        Country("ZM", "ZMB", "Zambia", also: ["Republic of Zambia"]),
        Country("ZW", "ZWE", "Zimbabwe", also: ["Republic of Zimbabwe"]),
        Country("AX", "ALA", "Åland Islands"),
    ]
}
