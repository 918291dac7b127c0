/// How a phone number shows on a page by default: enough to tell two parents apart, not enough to call.
public enum ContactMask {
    /// "13812345678" → "138****5678"; anything shorter than 7 characters shows as stars only.
    public static func phone(_ number: String) -> String {
        let characters = Array(number)
        guard characters.count >= 7 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(3)) + String(repeating: "*", count: characters.count - 7) + String(characters.suffix(4))
    }

    /// A pupil's name as a public notice (公示) shows it to other families: the family name and the last character,
    /// the rest starred ("王小明" → "王*明", "李华" → "李*").
    public static func name(_ name: String) -> String {
        let characters = Array(name.trimmingCharacters(in: .whitespaces))
        guard characters.count > 1 else { return characters.isEmpty ? "" : "*" }
        if characters.count == 2 { return String(characters[0]) + "*" }
        return String(characters[0]) + String(repeating: "*", count: characters.count - 2) + String(characters.last!)
    }
}
