/// What a password a person chooses must be: long enough, not only digits or only letters, not their
/// username or phone, and not one of the passwords every guesser tries first.
public enum PasswordRules {
    public static let minimumLength = 8
    public static let maximumLength = 128

    public enum Problem: Equatable, Sendable {
        case tooShort(minimum: Int)
        case tooLong(maximum: Int)
        case needsLettersAndDigits
        case containsUsername
        case tooCommon
    }

    /// The passwords tried first by anyone guessing, lower-cased.
    static let common: Set<String> = [
        "12345678", "123456789", "1234567890", "87654321", "11111111", "88888888", "66666666", "00000000",
        "password", "password1", "passw0rd", "qwertyui", "qwerty123", "abc12345", "abcd1234", "a1234567",
        "1qaz2wsx", "woaini1314", "iloveyou", "admin123", "admin888", "root1234", "zxcvbnm1",
    ]

    public static func problems(_ password: String, username: String) -> [Problem] {
        var found: [Problem] = []
        if password.count < minimumLength { found.append(.tooShort(minimum: minimumLength)) }
        if password.count > maximumLength { found.append(.tooLong(maximum: maximumLength)) }
        let hasLetter = password.contains { $0.isLetter }
        let hasDigit = password.contains { $0.isNumber }
        if !(hasLetter && hasDigit) { found.append(.needsLettersAndDigits) }
        let name = username.lowercased()
        if name.count >= 3 && password.lowercased().contains(name) { found.append(.containsUsername) }
        if common.contains(password.lowercased()) { found.append(.tooCommon) }
        return found
    }
}
