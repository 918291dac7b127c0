/// How a phone number shows on a page by default: enough to tell two parents apart, not enough to call.
public enum ContactMask {
    /// "13812345678" → "138****5678"; anything shorter than 7 characters shows as stars only.
    public static func phone(_ number: String) -> String {
        let characters = Array(number)
        guard characters.count >= 7 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(3)) + String(repeating: "*", count: characters.count - 7) + String(characters.suffix(4))
    }
}
