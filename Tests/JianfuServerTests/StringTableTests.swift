import Foundation
import JianfuCore
@testable import JianfuServer
import Testing

/// Nobody reads a bare key: every text is there in both languages with the same placeholders, every key the code and
/// the templates use exists, and every value of an enum people read has its label.
@Suite struct StringTableTests {
    @Test func everyDomainsTableIsComplete() {
        #expect(Domains.problems() == [])
        #expect(StringChecks.problems(in: Strings.table) == [])
    }

    @Test func everyPolicyValueHasItsLabel() throws {
        let profile = try PolicyProfile.load(contentsOf: StringChecks.sourceRoot.appendingPathComponent("Resources/Policy/national.yaml"))
        #expect(profile.ruledValues.map { PolicyPages.labelKey($0.key, profile) }.filter { Strings.table[$0] == nil } == [])
        #expect(Strings.table["key.homework.weekendAndHoliday.perBreak"] != nil, "the other basis has its label too")
    }

    @Test func everyLabelledValueHasItsLabel() {
        let types = Domains.all.flatMap { $0.labelled }
        #expect(types.count >= 8)
        #expect(StringChecks.missingLabels(types, in: Strings.table) == [])
    }

    @Test func everyKeyTheCodeUsesExists() throws {
        let used = try StringChecks.keysUsed(under: StringChecks.sourceRoot)
        #expect(used.count > 300, "the scan found \(used.count) keys: it no longer reads the sources")
        // Policy keys (`homework.weekendAndHoliday`) look like string keys; their labels are checked below.
        let policyKeys = Set(try PolicyProfile.load(contentsOf: StringChecks.sourceRoot.appendingPathComponent("Resources/Policy/national.yaml"))
            .ruledValues.map(\.key))
        let missing = used.filter { Strings.table[$0.key] == nil && !policyKeys.contains($0.key) }.map { "\($0.key) (\($0.file))" }
        #expect(missing == [])
    }

    @Test func aTextMissingInEnglishIsNamed() {
        let table: StringTable = ["demo.greeting": ("您好，{0}", "")]
        #expect(StringChecks.problems(in: table) == ["demo.greeting has no English text"])
    }

    @Test func aPlaceholderOneLanguageDoesNotUseIsNamed() {
        let table: StringTable = ["demo.left": ("还剩 {0} / {1} 分钟", "{0} minutes left")]
        #expect(StringChecks.problems(in: table) == ["demo.left uses {0}, {1} in Chinese but {0} in English"])
        let skipped: StringTable = ["demo.gap": ("{1} 分钟", "{1} min")]
        #expect(StringChecks.problems(in: skipped) == ["demo.gap skips a placeholder: {1}"])
    }

    @Test func aValueWithoutItsLabelIsNamed() {
        var table = Strings.table
        table["kind.labour"] = nil
        #expect(StringChecks.missingLabels([HomeworkKind.self], in: table) == ["kind.labour"])
    }

    @Test func aKeyTheCodeUsesButNoTableHasIsFound() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strings-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"throw AppError.invalid(field: "x", messageKey: "homework.noSuchMessage")"#.write(to: folder.appendingPathComponent("A.swift"), atomically: true, encoding: .utf8)
        try #"<p>#t("file.noSuchHeading")</p>"#.write(to: folder.appendingPathComponent("a.leaf"), atomically: true, encoding: .utf8)
        let used = try StringChecks.keysUsed(under: folder).map(\.key).sorted()
        #expect(used == ["file.noSuchHeading", "homework.noSuchMessage"])
        #expect(used.allSatisfy { Strings.table[$0] == nil })
    }
}

/// The checks behind `StringTableTests`, as functions of their input so that a test can show each one failing.
enum StringChecks {
    static func problems(in table: StringTable) -> [String] {
        var problems: [String] = []
        for (key, text) in table.sorted(by: { $0.key < $1.key }) {
            if text.zh.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("\(key) has no Chinese text") }
            if text.en.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("\(key) has no English text"); continue }
            let zh = placeholders(text.zh), en = placeholders(text.en)
            if zh != en {
                problems.append("\(key) uses \(list(zh)) in Chinese but \(list(en)) in English")
            } else if zh != Set(0..<zh.count) {
                problems.append("\(key) skips a placeholder: \(list(zh))")
            }
        }
        return problems
    }

    static func missingLabels(_ types: [any Labelled.Type], in table: StringTable) -> [String] {
        types.flatMap { $0.labelKeys }.filter { table[$0] == nil }.sorted()
    }

    struct UsedKey: Hashable {
        let key: String
        let file: String
    }

    static var sourceRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Keys in `#t("…")` of templates, and string literals of Swift sources that look like a key of a known prefix.
    static func keysUsed(under root: URL) throws -> Set<UsedKey> {
        let prefixes = Set(Strings.table.keys.compactMap { $0.split(separator: ".").first.map(String.init) })
        let template = try NSRegularExpression(pattern: #"#t\("([A-Za-z0-9_.]+)""#)
        let literal = try NSRegularExpression(pattern: #""([a-z][A-Za-z]*(?:\.[A-Za-z0-9_]+)+)""#)
        var used = Set<UsedKey>()
        let folders = ["Sources/JianfuServer", "Resources/Views"].map { root.appendingPathComponent($0) }
        let scanned = FileManager.default.fileExists(atPath: folders[0].path) ? folders : [root]
        for folder in scanned {
            guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in files where ["swift", "leaf"].contains(file.pathExtension) && file.lastPathComponent != "openapi.yaml" {
                // Comments may quote a key as an example; only code uses one.
                let text = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
                let range = NSRange(text.startIndex..., in: text)
                let pattern = file.pathExtension == "leaf" ? template : literal
                for match in pattern.matches(in: text, range: range) {
                    let key = String(text[Range(match.range(at: 1), in: text)!])
                    guard file.pathExtension == "leaf" || prefixes.contains(String(key.split(separator: ".")[0])) else { continue }
                    used.insert(UsedKey(key: key, file: file.lastPathComponent))
                }
            }
        }
        return used
    }

    static func placeholders(_ text: String) -> Set<Int> {
        var found = Set<Int>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if let n = Int(rest[rest.index(after: open)..<close]) { found.insert(n) }
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    private static func list(_ numbers: Set<Int>) -> String {
        numbers.sorted().map { "{\($0)}" }.joined(separator: ", ")
    }
}
