import Fluent
import Foundation
import Vapor

/// Uploaded files, kept beside the database and read only by those who keep the school's record. Other domains attach
/// them to their records (a rectification's answer, a required report).
enum AttachmentsDomain: Domain {
    static let downloadPath = RecordPath("/attachments/:id")

    static func routes(_ routes: DomainRoutes) {
        routes.signedIn.get(downloadPath) { req async throws -> Response in
            try await AttachmentService.download(try req.idParameter(), req)
        }
    }

    static let migrations: [NumberedMigration] = [
        // 025: uploaded files' rows
        NumberedMigration(25, CreateAttachments()),
    ]

    static let strings: StringTable = [
        "file.tooLarge": ("文件超过 {0} MB，请压缩或分开上传。", "The file is over {0} MB: compress it or send it in parts."),
        "file.disguised": ("文件名是 .{0}，但内容是 {1} 文件：请上传真实的文件。", "The name says .{0} but the content is a {1} file: upload the real file."),
        "file.notAllowed": ("只能上传 PDF、Word、Excel、PowerPoint 文件或 JPG、PNG 图片。", "Only PDF, Word, Excel and PowerPoint files and JPG or PNG pictures can be uploaded."),
        "file.empty": ("文件是空的。", "The file is empty."),
        "file.badName": ("文件名需要带扩展名（如 .pdf）。", "The file name needs its ending (such as .pdf)."),
        "file.unknown": ("没有找到这些上传的文件。", "Those uploads were not found."),
        "file.ofAnotherSchool": ("附件属于另一所学校。", "An attachment belongs to another school."),
        "file.attached": ("附件已经用在别的记录中。", "An attachment is already part of another record."),
        "file.notBase64": ("文件内容不是 base64 编码。", "The file's content is not base64."),
        "file.label": ("附件", "Attachment"),
        "file.hint": ("PDF、Word、Excel、图片，不超过 10 MB。", "PDF, Word, Excel or a picture, up to 10 MB."),
    ]

    static let access: [RouteAccess] = [
        RouteAccess("GET /attachments/:id", [.bureau, .inspector, .principal]),
        RouteAccess("POST /api/v1/attachments", [.bureau, .inspector, .principal],
                    json: #"{"schoolId":"{school}","fileName":"整改.pdf","content":"JVBERi0xLjcK"}"#),
    ]
}
