import Foundation

/// A CSV file split into records (RFC 4180: quoted fields may hold commas,
/// quotes and line breaks). Each record keeps the spreadsheet line it starts on.
public struct CSVTable: Sendable {
    public struct Record: Sendable {
        public let line: Int
        public let fields: [String]
    }

    public let header: [String]
    public let records: [Record]

    public init(text: String) {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(field)
            field = ""
            records.append(Record(line: recordLine, fields: fields))
            fields = []
        }

        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"": inQuotes = true
            case ",": fields.append(field); field = ""
            case "\r":
                if let next = iterator.next(), next != "\n" { pending = next }
                endRecord(); line += 1; recordLine = line
            case "\n":
                endRecord(); line += 1; recordLine = line
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }

        let trimmed = records.map { Record(line: $0.line, fields: $0.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }) }
        let nonBlank = trimmed.filter { $0.fields.contains { !$0.isEmpty } }
        header = nonBlank.first?.fields ?? []
        self.records = Array(nonBlank.dropFirst())
    }
}
