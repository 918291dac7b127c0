import Fluent
import Foundation
import JianfuCore
import Vapor

/// Uploads checked by their bytes and size, attached to a record of their school, and read only by that school's
/// administrators and the district's roles, or by whom the owning record's domain names (a pupil's evidence).
enum AttachmentService {
    /// The largest file taken (a scanned report of some pages).
    static let maxBytes = 10 * 1024 * 1024

    /// Whoever keeps a school's record (its administrators and the district's roles), unless the domain of the record it
    /// belongs to says who.
    static func maySee(_ attachment: Attachment, _ actor: Actor, on db: any Database) async throws -> Bool {
        guard actor.districtId == attachment.districtId else { return false }
        if let entity = attachment.ownerEntity, let owner = attachment.ownerId,
           let answer = try await Domains.mayReadAttachment(ownerEntity: entity, ownerId: owner, actor, on: db) {
            return answer
        }
        return actor.isDistrictWide || actor.adminSchoolIds.contains(attachment.schoolId)
    }

    /// A file checked and written to the store, not yet named by any row.
    struct Prepared: Sendable {
        let fileName: String
        let kind: FileKind
        let size: Int
        let sha256: String
    }

    /// Checks a file's size and bytes, then writes it (content-addressed: a file no row names harms nothing).
    static func prepare(_ data: Data, fileName: String, store: AttachmentStore) throws -> Prepared {
        guard data.count <= maxBytes else { throw AttachmentError.tooLarge(limit: maxBytes) }
        let kind: FileKind
        do { kind = try FileSniffing.check(fileName: fileName, prefix: Array(data.prefix(FileSniffing.prefixLength))) } catch {
            throw AttachmentError.file(error)
        }
        return Prepared(fileName: String(fileName.split(separator: "/").last ?? ""), kind: kind, size: data.count, sha256: try store.put(data))
    }

    /// The row of a prepared file, in the caller's transaction, owned by a record or (nil) only uploaded.
    static func record(_ file: Prepared, schoolId: UUID, districtId: UUID, owner: (entity: String, id: UUID)?, _ actor: Actor,
                       on tx: any Database) async throws -> Attachment {
        let row = Attachment()
        row.districtId = districtId
        row.schoolId = schoolId
        row.ownerEntity = owner?.entity
        row.ownerId = owner?.id
        row.fileName = file.fileName
        row.contentType = file.kind.contentType
        row.size = file.size
        row.sha256 = file.sha256
        row.uploadedBy = actor.userId
        row.uploadedAt = WallClock.now()
        try await row.create(on: tx)
        try await tx.audit(actor, districtId: districtId, schoolId: schoolId, action: "attachment.upload", entity: Attachment.schema, entityId: row.id,
                           detail: ["file": file.fileName, "type": file.kind.rawValue, "size": String(file.size), "sha256": file.sha256,
                                    "owner": owner.map { "\($0.entity)/\($0.id)" } ?? ""])
        return row
    }

    /// Keeps an upload for a school's record, to be attached later by its id.
    static func upload(_ data: Data, fileName: String, schoolId: UUID, _ actor: Actor, store: AttachmentStore, on db: any Database) async throws -> Attachment {
        guard let school = try await School.find(schoolId, on: db), school.districtId == actor.districtId,
              actor.isDistrictWide || actor.adminSchoolIds.contains(schoolId) else { throw AppError.notFound }
        let file = try prepare(data, fileName: fileName, store: store)
        return try await db.writeTransaction { tx in
            try await record(file, schoolId: schoolId, districtId: school.districtId, owner: nil, actor, on: tx)
        }
    }

    /// Attaches uploads to a record in the caller's transaction: each must be the caller's own, of the record's school,
    /// and not attached yet.
    static func attach(_ ids: [UUID], to entity: String, id ownerId: UUID, schoolId: UUID, _ actor: Actor, on tx: any Database) async throws {
        guard !ids.isEmpty else { return }
        let rows = try await Attachment.query(on: tx).filter(\.$id ~~ ids).all()
        guard rows.count == Set(ids).count, rows.allSatisfy({ $0.districtId == actor.districtId && $0.uploadedBy == actor.userId }) else {
            throw AttachmentError.unknown
        }
        guard rows.allSatisfy({ $0.schoolId == schoolId }) else { throw AttachmentError.ofAnotherSchool }
        guard rows.allSatisfy({ $0.ownerId == nil }) else { throw AttachmentError.alreadyAttached }
        for row in rows {
            row.ownerEntity = entity
            row.ownerId = ownerId
            try await row.save(on: tx)
        }
    }

    /// The files attached to these records, by record.
    static func attached(to entity: String, ids: [UUID], on db: any Database) async throws -> [UUID: [Attachment]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await Attachment.query(on: db).filter(\.$ownerEntity == entity).filter(\.$ownerId ~~ ids).sort(\.$uploadedAt).all()
        return Dictionary(grouping: rows) { $0.ownerId! }
    }

    /// Streams a file to someone who may read it; every read is in the audit trail.
    static func download(_ id: UUID, _ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let row = try await Attachment.find(id, on: req.db), try await maySee(row, actor, on: req.db) else { throw AppError.notFound }
        try await req.db.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "attachment.read", entity: Attachment.schema,
                               entityId: row.id, detail: ["file": row.fileName])
        let response = try await req.fileio.asyncStreamFile(at: req.application.attachments.path(of: row.sha256))
        response.headers.replaceOrAdd(name: .contentType, value: row.contentType)
        let encoded = row.fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename*=UTF-8''\(encoded)")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    /// Removes the kept files no row names (an erased pupil's evidence). A file written in the last minutes is left: its
    /// row may be in a transaction not committed yet. (The file system's time, not the district's pinned clock.)
    static func sweepUnnamed(store: AttachmentStore, on db: any Database) async throws {
        let named = Set(try await Attachment.query(on: db).all(\.$sha256))
        store.remove(store.kept(before: Date().addingTimeInterval(-600)).subtracting(named))
    }

    /// The upload of a page's multipart form (the file part named `file`), checked and stored; none if no file was chosen.
    static func formFiles(_ req: Request) throws -> [Prepared] {
        struct Upload: Content { var file: File? }
        guard let file = try? req.content.decode(Upload.self).file, file.data.readableBytes > 0 else { return [] }
        return [try prepare(Data(buffer: file.data), fileName: file.filename, store: req.application.attachments)]
    }
}

/// An attached file as a page lists it: its download link, name and size.
struct AttachmentLink: Encodable {
    let href: String
    let name: String
    let size: String

    init(_ attachment: Attachment) {
        href = AttachmentsDomain.downloadPath.path(attachment.id!)
        name = attachment.fileName
        size = "\(max(1, attachment.size / 1024)) KB"
    }
}

enum AttachmentError: DomainError {
    case tooLarge(limit: Int)
    case file(FileSniffing.Problem)
    case unknown
    case ofAnotherSchool
    case alreadyAttached

    var status: HTTPResponseStatus {
        switch self {
        case .tooLarge: .payloadTooLarge
        default: .unprocessableEntity
        }
    }

    var code: String {
        switch self {
        case .tooLarge: "file_too_large"
        case .file(.disguised): "file_disguised"
        case .file(.notAllowed): "file_type_not_allowed"
        case .file(.empty): "file_empty"
        case .file(.badName): "file_name"
        case .unknown: "attachment_unknown"
        case .ofAnotherSchool: "attachment_of_another_school"
        case .alreadyAttached: "attachment_attached"
        }
    }

    var messageKey: String {
        switch self {
        case .tooLarge: "file.tooLarge"
        case .file(.disguised): "file.disguised"
        case .file(.notAllowed): "file.notAllowed"
        case .file(.empty): "file.empty"
        case .file(.badName): "file.badName"
        case .unknown: "file.unknown"
        case .ofAnotherSchool: "file.ofAnotherSchool"
        case .alreadyAttached: "file.attached"
        }
    }

    var args: [String] {
        switch self {
        case .tooLarge(let limit): [String(limit / 1024 / 1024)]
        case .file(.disguised(let named, let actual)): [named, actual.rawValue]
        default: []
        }
    }
}
