import Foundation
import OpenAPIRuntime
import Vapor

extension APIServer {
    func uploadAttachment(_ input: Operations.UploadAttachment.Input) async throws -> Operations.UploadAttachment.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        guard let data = Data(base64Encoded: body.content, options: .ignoreUnknownCharacters) else {
            throw AppError.invalid(field: "content", messageKey: "file.notBase64")
        }
        let row = try await AttachmentService.upload(data, fileName: body.fileName, schoolId: try Self.id(body.schoolId), actor,
                                                     store: app.attachments, on: request.db)
        return .created(.init(body: .json(Self.attachment(row))))
    }

    static func attachment(_ row: Attachment) -> Components.Schemas.Attachment {
        .init(id: row.id!.uuidString, fileName: row.fileName, contentType: row.contentType, size: row.size,
              href: AttachmentsDomain.downloadPath.path(row.id!))
    }
}
