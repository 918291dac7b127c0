/// What an uploaded file is, judged by its first bytes and not by its name, and whether its name agrees: the
/// allow-list of attachments (evidence, reports) is documents and pictures a school sends, nothing that runs.
public enum FileKind: String, Sendable, CaseIterable {
    case pdf, png, jpeg, docx, xlsx, pptx, doc, xls

    /// The file-name endings this kind may carry.
    public var extensions: [String] {
        switch self {
        case .pdf: ["pdf"]
        case .png: ["png"]
        case .jpeg: ["jpg", "jpeg"]
        case .docx: ["docx"]
        case .xlsx: ["xlsx"]
        case .pptx: ["pptx"]
        case .doc: ["doc"]
        case .xls: ["xls"]
        }
    }

    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .doc: "application/msword"
        case .xls: "application/vnd.ms-excel"
        }
    }
}

public enum FileSniffing {
    public enum Problem: Error, Equatable, Sendable {
        case empty
        /// The bytes are none of the kinds allowed.
        case notAllowed
        /// The name says one kind and the bytes another (an executable named .pdf).
        case disguised(named: String, actual: FileKind)
        case badName
    }

    /// How many leading bytes `kind(of:)` needs to see.
    public static let prefixLength = 4_096

    /// The kind the bytes show, if it is one allowed. Office Open XML files are ZIP archives told apart by the folder
    /// their first entries name; the older Office files share one container and are told apart by their name.
    public static func sniff(_ bytes: [UInt8]) -> [FileKind] {
        func starts(_ magic: [UInt8]) -> Bool { bytes.count >= magic.count && Array(bytes.prefix(magic.count)) == magic }
        if starts(Array("%PDF-".utf8)) { return [.pdf] }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return [.png] }
        if starts([0xFF, 0xD8, 0xFF]) { return [.jpeg] }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return [.doc, .xls] }
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            let text = String(decoding: bytes, as: UTF8.self)
            if text.contains("word/") { return [.docx] }
            if text.contains("xl/") { return [.xlsx] }
            if text.contains("ppt/") { return [.pptx] }
        }
        return []
    }

    /// The kind of an upload named `fileName` whose first bytes are `prefix`, or why it is refused.
    public static func check(fileName: String, prefix: [UInt8]) throws(Problem) -> FileKind {
        guard !prefix.isEmpty else { throw .empty }
        let name = fileName.split(separator: "/").last.map(String.init) ?? ""
        guard !name.isEmpty, name.count <= 200, let dot = name.lastIndex(of: ".") else { throw .badName }
        let ending = name[name.index(after: dot)...].lowercased()
        let kinds = sniff(prefix)
        guard let first = kinds.first else { throw .notAllowed }
        guard let kind = kinds.first(where: { $0.extensions.contains(ending) }) else { throw .disguised(named: ending, actual: first) }
        return kind
    }
}
