/// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters of 0–9 and the capitals without I, O,
/// Z, S and V, the last a check character over the first seventeen.
public enum CreditCode {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The code as written (spaces dropped, letters in capitals) when it is well formed and its check character holds.
    public static func normalized(_ text: String) -> String? {
        let code = Array(text.uppercased().filter { !$0.isWhitespace })
        guard code.count == 18, let check = check(of: code.prefix(17)), code[17] == check else { return nil }
        return String(code)
    }

    /// The check character of the first seventeen characters; nil when one is not in the alphabet.
    public static func check<S: Sequence>(of body: S) -> Character? where S.Element == Character {
        var sum = 0
        for (index, character) in body.enumerated() {
            guard index < weights.count, let value = alphabet.firstIndex(of: character) else { return nil }
            sum += value * weights[index]
        }
        return alphabet[(31 - sum % 31) % 31]
    }
}
