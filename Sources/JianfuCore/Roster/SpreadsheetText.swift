import Foundation

/// Reads the bytes of a CSV file as Chinese schools save it from Excel: UTF-8
/// with or without a BOM, or GB18030/GBK (Excel's "CSV" on Chinese Windows).
public enum SpreadsheetText {
    public enum Encoding: String, Sendable {
        case utf8
        case gb18030
    }

    public struct Unreadable: Error, Equatable {}

    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    public static func decode(_ data: Data) throws(Unreadable) -> (text: String, encoding: Encoding) {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(data: data.dropFirst(3), encoding: .utf8) else { throw Unreadable() }
            return (text, .utf8)
        }
        if let text = String(data: data, encoding: .utf8) {
            return (text, .utf8)
        }
        if let text = String(data: data, encoding: gb18030) {
            return (text, .gb18030)
        }
        throw Unreadable()
    }

    /// UTF-8 with a BOM: what Excel needs to open a CSV file in Chinese.
    public static func excelCSV(_ rows: [[String]]) -> Data {
        var text = "\u{FEFF}"
        for row in rows {
            text += row.map(quoted).joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }

    /// A cell Excel would run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) is kept as text by a
    /// leading apostrophe; numbers, negative ones included, stay numbers.
    static func neutralised(_ field: String) -> String {
        guard let first = field.first, "=+-@\t\r".contains(first), Double(field) == nil else { return field }
        return "'" + field
    }

    static func quoted(_ raw: String) -> String {
        let field = neutralised(raw)
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
