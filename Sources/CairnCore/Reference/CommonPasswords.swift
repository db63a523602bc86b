/// Passwords and base words found at the top of published breach corpora (the lists of the most used passwords
/// compiled by NCSC from Have I Been Pwned, and SecLists' top-10k), kept to those a 12-character rule would
/// otherwise let through, plus the words people pad with digits. Lower-case.
enum CommonPasswords {
    static let list: Set<String> = [
        "123456789012", "1234567890123", "12345678901234", "123123123123", "111111111111", "000000000000",
        "qwertyuiopas", "qwertyuiop123", "1qaz2wsx3edc", "1q2w3e4r5t6y", "q1w2e3r4t5y6", "zaq12wsxcde3",
        "passwordpassword", "password1234", "password12345", "password123456", "password1234!", "password123!",
        "iloveyou1234", "iloveyouiloveyou", "letmein12345", "letmeinletmein", "welcome12345", "welcome123456",
        "administrator", "administrator1", "changeme1234", "changemenow!", "trustno1trustno1",
        "football1234", "baseball1234", "princess1234", "sunshine1234", "superman1234", "starwars1234",
        "liverpool123", "liverpoolfc1", "manchesterunited", "chelsea12345", "arsenal12345", "tottenham123",
        "monkey123456", "dragon123456", "qwerty123456", "qwertyqwerty", "asdfghjkl123", "zxcvbnm12345",
        "abcdefghijkl", "abcdef123456", "abc123abc123", "aaaaaaaaaaaa", "passw0rd1234", "p@ssw0rd1234",
        "p@ssword1234", "pa55word1234", "correcthorsebatterystaple", "thequickbrownfox", "nhspassword1",
        "doctor123456", "hospital1234", "medicine1234", "nurse1234567", "summer2024!!", "winter2024!!",
        "spring2025!!", "autumn2025!!", "january2026!", "london123456", "england12345", "scotland1234",
    ]

    static let words: Set<String> = [
        "password", "passw0rd", "p@ssw0rd", "p@ssword", "pa55word", "qwerty", "qwertyuiop", "letmein",
        "welcome", "iloveyou", "admin", "administrator", "login", "master", "dragon", "monkey", "shadow",
        "sunshine", "princess", "football", "baseball", "soccer", "hockey", "superman", "batman", "starwars",
        "trustno1", "whatever", "freedom", "secret", "changeme", "default", "abc", "abcdef", "michael",
        "jennifer", "jessica", "charlie", "daniel", "thomas", "george", "liverpool", "chelsea", "arsenal",
        "manchester", "london", "england", "scotland", "wales", "summer", "winter", "spring", "autumn",
        "january", "february", "march", "april", "june", "july", "august", "september", "october",
        "november", "december", "monday", "friday", "doctor", "nurse", "hospital", "medicine", "nhs",
        "cairn", "cairnpassword", "support", "computer", "internet", "samsung", "google", "microsoft",
        "apple", "iphone", "flower", "butterfly", "cheese", "chocolate", "cookie", "pepper", "ginger",
        "tigger", "pokemon", "minecraft", "matrix", "hunter", "killer", "jordan", "mustang", "harley",
        "ranger", "buster", "maggie", "purple", "orange", "yellow", "silver", "golden", "diamond",
        "loveyou", "lovely", "family", "forever", "friends", "blessed", "jesus", "angel", "heaven",
        "qazwsx", "zxcvbnm", "asdfghjkl", "asdfgh", "1qaz2wsx", "passwordpassword", "qwertyqwerty",
    ]
}
