import Foundation

/// Grades, classes and phone numbers as people type them in Chinese spreadsheets.
public enum ChineseNumbers {
    static let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]

    /// "4", "４", "十二", "二十三": a whole number from 0 to 99.
    public static func number(_ text: String) -> Int? {
        let halfWidth = String(text.unicodeScalars.map { s -> Character in
            (0xFF10...0xFF19).contains(s.value) ? Character(Unicode.Scalar(s.value - 0xFF10 + 0x30)!) : Character(s)
        })
        if let n = Int(halfWidth), n >= 0 { return n }
        let chars = Array(halfWidth)
        guard !chars.isEmpty, chars.count <= 3 else { return nil }
        if let i = chars.firstIndex(of: "十") {
            let tens = i == 0 ? 1 : (i == 1 ? digits[chars[0]] : nil)
            let rest = chars[(i + 1)...]
            let ones = rest.isEmpty ? 0 : (rest.count == 1 ? digits[rest.first!] : nil)
            guard let t = tens, let o = ones else { return nil }
            return t * 10 + o
        }
        guard chars.count == 1 else { return nil }
        return digits[chars[0]]
    }

    /// "4", "四年级", "4年级", "七年级", "初一" (the first junior grade of the school system).
    public static func grade(_ raw: String, system: SchoolSystem) -> Int? {
        var text = raw.replacingOccurrences(of: " ", with: "")
        if text.hasPrefix("初"), let n = number(String(text.dropFirst())) {
            let grade = system.lastPrimaryGrade + n
            return (1...9).contains(grade) ? grade : nil
        }
        for suffix in ["年级", "年"] where text.hasSuffix(suffix) {
            text = String(text.dropLast(suffix.count))
        }
        guard let n = number(text), (1...9).contains(n) else { return nil }
        return n
    }

    /// "1", "1班", "(1)班", "（1）班", "一班", "四年级1班": the class number within its grade.
    public static func classNumber(_ raw: String) -> Int? {
        var text = raw.replacingOccurrences(of: " ", with: "")
        if let r = text.range(of: "年级") { text = String(text[r.upperBound...]) }
        for mark in ["(", ")", "（", "）", "班"] { text = text.replacingOccurrences(of: mark, with: "") }
        guard let n = number(text), (1...99).contains(n) else { return nil }
        return n
    }

    /// A mainland mobile number: 11 digits starting 13–19; spaces and dashes allowed.
    public static func mobile(_ raw: String) -> String? {
        let digitsOnly = raw.filter { $0 != " " && $0 != "-" }
        guard digitsOnly.count == 11, digitsOnly.allSatisfy({ $0.isASCII && $0.isNumber }),
              digitsOnly.hasPrefix("1"), let second = digitsOnly.dropFirst().first, "3456789".contains(second)
        else { return nil }
        return digitsOnly
    }
}
