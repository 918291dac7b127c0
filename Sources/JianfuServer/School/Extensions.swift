import Foundation

/// Small conveniences every domain uses.
extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// Lists and maps kept in a text column as JSON (a visit's scope, a survey's members).
enum JSONText {
    static func strings(_ text: String?) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data((text ?? "[]").utf8))) ?? []
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        text.flatMap { try? JSONDecoder().decode(type, from: Data($0.utf8)) }
    }
}
