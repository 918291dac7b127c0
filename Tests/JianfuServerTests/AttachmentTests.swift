import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// Evidence files on a rectification's answer: kept beside the database, checked by their bytes and size, read only by
/// the school's administrators and the district's roles, and carried by `jianfu backup`.
@Suite struct AttachmentTests {
    static let pdf = Data("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".utf8)
    static let exe = Data([0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00])

    struct Upload: Decodable { let id: String; let fileName: String; let contentType: String; let size: Int; let href: String? }

    static func openTask(_ app: Application, school: String = "第一实验小学") async throws -> Rectification {
        let schoolId = try await app.schoolId(school)
        return try #require(try await Rectification.query(on: app.db).filter(\.$schoolId == schoolId).filter(\.$status ~~ ["open", "reopened"]).first())
    }

    @Test func theSchoolAnswersWithAFileThatOnlyItsRecordKeepersRead() async throws {
        try await TestApp.withApp { app in
            let task = try await Self.openTask(app)
            let principal = try await Visitor.signedIn(app, as: "principal")
            _ = try await principal.get("/supervision/rectifications/\(task.id!)")
            // A program named .pdf is refused by its bytes, with the typed measures kept; nothing is written.
            let disguised = try await principal.upload("/supervision/rectifications/\(task.id!)/response", file: Self.exe, fileName: "整改报告.pdf",
                                                       fields: ["measures": "已建立作业总量公示制度"])
            #expect(disguised.status == .unprocessableEntity && disguised.text.contains("只能上传 PDF") && disguised.text.contains("已建立作业总量公示制度"))
            #expect(try await Attachment.query(on: app.db).count() == 0)
            #expect(try await Rectification.find(task.id, on: app.db)?.status == "open")

            let answered = try await principal.upload("/supervision/rectifications/\(task.id!)/response", file: Self.pdf, fileName: "整改报告.pdf",
                                                      fields: ["measures": "已建立作业总量公示制度"])
            #expect(answered.status == .ok && answered.text.contains("整改报告.pdf"))
            let file = try #require(try await Attachment.query(on: app.db).first())
            #expect(file.ownerEntity == RectificationStep.schema && file.contentType == "application/pdf" && file.size == Self.pdf.count)
            let stored = app.attachments.path(of: file.sha256)
            #expect(FileManager.default.contents(atPath: stored) == Self.pdf, "kept as a file beside the database, not in a row")

            // Read by the school and its inspector (audited), never by another school or a teacher.
            let read = try await principal.get("/attachments/\(file.id!)")
            #expect(read.status == .ok && read.body.readableBytes == Self.pdf.count && read.headers.first(name: .contentType) == "application/pdf")
            #expect(try await Visitor.signedIn(app, as: "inspector").get("/attachments/\(file.id!)").status == .ok)
            for user in ["principal2", "teacher", "parent"] {
                #expect(try await Visitor.signedIn(app, as: user).get("/attachments/\(file.id!)").status == .notFound, "\(user)")
            }
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "attachment.read").count() == 2)
        }
    }

    @Test func uploadsByTheAPIAreCheckedAndAttachedOnlyToTheirOwnSchoolsTask() async throws {
        try await TestApp.withApp { app in
            let first = try await app.schoolId("第一实验小学"), junior = try await app.schoolId("第一中学")
            let principal2 = try await app.token("principal2")
            func upload(_ data: Data, name: String, school: UUID, token: String) async throws -> TestingHTTPResponse {
                try await app.api(.POST, "/api/v1/attachments", token: token,
                                  json: #"{"schoolId":"\#(school)","fileName":"\#(name)","content":"\#(data.base64EncodedString())"}"#)
            }
            let big = Data("%PDF-1.7\n".utf8) + Data(count: AttachmentService.maxBytes)
            let tooBig = try await upload(big, name: "扫描件.pdf", school: junior, token: principal2)
            #expect(tooBig.status == .payloadTooLarge && tooBig.errorCode == "file_too_large")
            let disguised = try await upload(Data("%PDF-1.4\n".utf8), name: "照片.png", school: junior, token: principal2)
            #expect(disguised.errorCode == "file_disguised")
            #expect(try await upload(Self.pdf, name: "x.pdf", school: first, token: principal2).status == .notFound, "another school's record")
            #expect(try await Attachment.query(on: app.db).count() == 0)

            let own = try await upload(Self.pdf, name: "措施.pdf", school: junior, token: principal2)
            #expect(own.status == .created)
            let uploaded = try own.json(Upload.self)
            // Evidence for another school's task: the inspector uploads for 第一中学 and tries it on 第一实验小学's task.
            let inspector = try await app.token("inspector")
            let elsewhere = try await upload(Self.pdf, name: "核查.pdf", school: junior, token: inspector).json(Upload.self)
            let firstTask = try await Self.openTask(app)
            let wrong = try await app.api(.POST, "/api/v1/rectifications/\(firstTask.id!)/response", token: try await app.token("principal"),
                                          json: #"{"measures":"已整改","attachmentIds":["\#(elsewhere.id)"]}"#)
            #expect(wrong.status == .unprocessableEntity && wrong.errorCode == "attachment_unknown", "not the principal's upload")
            let juniorTask = try await Self.openTask(app, school: "第一中学")
            let answered = try await app.api(.POST, "/api/v1/rectifications/\(juniorTask.id!)/response", token: principal2,
                                             json: #"{"measures":"统一测试已停止","attachmentIds":["\#(uploaded.id)"]}"#)
            #expect(answered.status == .ok)
            #expect(try await Attachment.find(UUID(uuidString: uploaded.id), on: app.db)?.ownerEntity == RectificationStep.schema)
            #expect(try await Rectification.find(firstTask.id, on: app.db)?.status == "open", "the refused answer wrote nothing")
        }
    }

    @Test func aBackupCarriesTheAttachedFiles() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attach-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("jianfu.sqlite").path
        guard TestApp.postgresURL == nil else { return }
        try await TestApp.withApp(options: TestApp.options(sqliteFile: database)) { app in
            let task = try await Self.openTask(app)
            let principal = try await Visitor.signedIn(app, as: "principal")
            _ = try await principal.get("/supervision/rectifications/\(task.id!)")
            #expect(try await principal.upload("/supervision/rectifications/\(task.id!)/response", file: Self.pdf, fileName: "整改.pdf",
                                               fields: ["measures": "已整改"]).status == .ok)
        }
        #expect(FileManager.default.fileExists(atPath: database + ".attachments"), "beside the database")
        let backup = folder.appendingPathComponent("backup.sqlite").path
        #expect(try await ServerCommands.backup(to: backup, options: ServerOptions(store: .sqliteFile(database))) == 0)
        let copied = try FileManager.default.subpathsOfDirectory(atPath: backup + ".attachments").filter { $0.contains("/") }
        #expect(copied.count == 1)
        #expect(FileManager.default.contents(atPath: backup + ".attachments/" + copied[0]) == Self.pdf)
    }
}
