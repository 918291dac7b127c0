import JianfuCore
import Testing

@Suite struct FileSniffingTests {
    static let pdf = Array("%PDF-1.7\n%âãÏÓ\n1 0 obj".utf8)
    static let exe: [UInt8] = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]
    static func zip(_ entry: String) -> [UInt8] { [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00] + Array(repeating: 0, count: 24) + Array(entry.utf8) }

    @Test func documentsAndPicturesAreKnownByTheirBytes() throws {
        #expect(try FileSniffing.check(fileName: "质量分析报告.pdf", prefix: Self.pdf) == .pdf)
        #expect(try FileSniffing.check(fileName: "照片.JPG", prefix: [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) == .jpeg)
        #expect(try FileSniffing.check(fileName: "整改措施.docx", prefix: Self.zip("word/document.xml")) == .docx)
        #expect(try FileSniffing.check(fileName: "台账.xlsx", prefix: Self.zip("xl/workbook.xml")) == .xlsx)
        #expect(try FileSniffing.check(fileName: "旧表格.xls", prefix: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]) == .xls)
    }

    @Test func aFileWhoseNameLiesIsRefusedAsDisguised() {
        #expect(throws: FileSniffing.Problem.notAllowed) { try FileSniffing.check(fileName: "报告.pdf", prefix: Self.exe) }
        #expect(throws: FileSniffing.Problem.disguised(named: "pdf", actual: .docx)) {
            try FileSniffing.check(fileName: "报告.pdf", prefix: Self.zip("word/document.xml"))
        }
        #expect(throws: FileSniffing.Problem.disguised(named: "png", actual: .pdf)) { try FileSniffing.check(fileName: "图.png", prefix: Self.pdf) }
        #expect(throws: FileSniffing.Problem.notAllowed) { try FileSniffing.check(fileName: "a.zip", prefix: Self.zip("evil/run.sh")) }
        #expect(throws: FileSniffing.Problem.badName) { try FileSniffing.check(fileName: "noending", prefix: Self.pdf) }
        #expect(throws: FileSniffing.Problem.empty) { try FileSniffing.check(fileName: "a.pdf", prefix: []) }
    }
}
