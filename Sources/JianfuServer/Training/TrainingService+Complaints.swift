import Crypto
import Fluent
import Foundation
import JianfuCore

/// Complaints about institutions (投诉): filed by a signed-in parent or with a phone number and the page's check code,
/// triaged by the bureau (assigned with a deadline, answered, closed), followed by the complainant by its reference.
extension TrainingService {
    static let maxComplaint = 2000
    /// Complaints without sign-in one address may file in a day: more is a flood, not a neighbourhood's worry.
    static let anonymousPerAddressPerDay = 3

    struct NewComplaint: Sendable {
        var institutionId: String
        var text: String
        var phone: String
        var checkCode: String
    }

    static func addressHash(_ address: String, districtId: UUID) -> String {
        SHA256.hash(data: Data((districtId.uuidString + "|" + address).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Files a complaint in the district; `expectedCode` is the check code the page showed this visitor (nil when signed in).
    static func fileComplaint(_ new: NewComplaint, district: District, actor: Actor?, expectedCode: String?, address: String, on db: any Database)
        async throws -> TrainingComplaint {
        guard let id = UUID(uuidString: new.institutionId),
              let institution = try await TrainingInstitution.find(id, on: db), institution.districtId == district.id else {
            throw AppError.invalid(field: "institution", messageKey: "training.e.institution")
        }
        let text = new.text.trimmingCharacters(in: .whitespacesAndNewlines)
        try Validate.required(text, field: "text", label: "training.complaintText", max: maxComplaint)
        let signedIn = actor.map { $0.districtId == district.id } ?? false
        let typed = new.phone.trimmingCharacters(in: .whitespaces)
        let phone = typed.isEmpty ? nil : ChineseNumbers.mobile(typed)
        if !typed.isEmpty, phone == nil { throw AppError.invalid(field: "phone", messageKey: "training.e.phone") }
        let hash = addressHash(address, districtId: district.id!)
        if !signedIn {
            guard phone != nil else { throw AppError.invalid(field: "phone", messageKey: "training.e.phone") }
            guard let expectedCode, new.checkCode.trimmingCharacters(in: .whitespaces) == expectedCode else {
                throw AppError.invalid(field: "checkCode", messageKey: "training.e.checkCode")
            }
            let recent = try await TrainingComplaint.query(on: db).filter(\.$addressHash == hash).filter(\.$complainantId == nil)
                .filter(\.$createdAt > WallClock.now().addingTimeInterval(-86_400)).count()
            guard recent < anonymousPerAddressPerDay else { throw AppError.tooManyAttempts }
        }
        let today = WallClock.today(in: district.zone)
        let row = TrainingComplaint()
        row.districtId = district.id!
        row.institutionId = id
        row.reference = "TS" + today.iso.replacingOccurrences(of: "-", with: "") + "-" + String(format: "%04d", Int.random(in: 0..<10_000))
        row.complainantId = signedIn ? actor?.userId : nil
        row.phone = phone ?? ""
        row.addressHash = hash
        row.text = text
        row.status = ComplaintStatus.received.rawValue
        row.response = ""
        row.createdAt = WallClock.now()
        row.updatedAt = row.createdAt
        try await db.writeTransaction { tx in
            // A reference drawn twice is drawn again: the number is short enough to read out on the phone.
            while try await TrainingComplaint.query(on: tx).filter(\.$reference == row.reference).count() > 0 {
                row.reference = String(row.reference.dropLast(4)) + String(format: "%04d", Int.random(in: 0..<10_000))
            }
            try await row.create(on: tx)
            // The complaint's words and the phone stay out of the audit trail.
            try await tx.audit(signedIn ? actor : nil, districtId: row.districtId, schoolId: nil, action: "complaint.file", entity: TrainingComplaint.schema,
                               entityId: row.id, detail: ["institution": id.uuidString, "reference": row.reference, "signedIn": String(signedIn)])
        }
        return row
    }

    /// The complaint its complainant follows: by reference and the phone's last four digits, or their own when signed in.
    static func followComplaint(reference: String, phoneEnd: String, actor: Actor?, on db: any Database) async throws -> TrainingComplaint {
        guard let row = try await TrainingComplaint.query(on: db).filter(\.$reference == reference.trimmingCharacters(in: .whitespaces).uppercased()).first()
        else { throw AppError.notFound }
        let own = actor.map { row.complainantId == $0.userId } ?? false
        let digits = phoneEnd.trimmingCharacters(in: .whitespaces)
        guard own || (digits.count == 4 && !row.phone.isEmpty && row.phone.hasSuffix(digits)) else { throw AppError.notFound }
        return row
    }

    /// The bureau's triage: assign (to one of the district's staff, with a deadline), answer, close an answered one.
    static func handleComplaint(_ id: UUID, action: String, assignee: String?, dueOn: String?, text rawText: String, _ actor: Actor, on db: any Database)
        async throws -> TrainingComplaint {
        try requireRead(actor)
        guard let row = try await TrainingComplaint.find(id, on: db), row.districtId == actor.districtId else { throw AppError.notFound }
        let district = try await district(actor, on: db)
        let today = WallClock.today(in: district.zone)
        let text = rawText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard row.status != ComplaintStatus.closed.rawValue else { throw AppError.conflict(messageKey: "training.e.closed") }
        var detail: [String: String] = ["action": action, "reference": row.reference]
        switch action {
        case "assign":
            guard let staff = assignee.flatMap(UUID.init(uuidString:)),
                  try await RoleMembership.query(on: db).filter(\.$userId == staff).filter(\.$districtId == actor.districtId).all()
                    .contains(where: { Role(rawValue: $0.role)?.isDistrictWide == true }) else {
                throw AppError.invalid(field: "assignee", messageKey: "training.e.assignee")
            }
            guard let due = try date(dueOn, field: "dueOn"), due >= today else { throw AppError.invalid(field: "dueOn", messageKey: "training.e.dueOn") }
            row.assignedTo = staff
            row.dueOn = due.iso
            row.status = ComplaintStatus.assigned.rawValue
            detail["assignee"] = staff.uuidString
            detail["dueOn"] = due.iso
        case "answer":
            try Validate.required(text, field: "text", label: "training.response", max: maxComplaint)
            row.response = text
            row.status = ComplaintStatus.answered.rawValue
        case "close":
            guard row.status == ComplaintStatus.answered.rawValue else { throw AppError.conflict(messageKey: "training.e.answerFirst") }
            row.status = ComplaintStatus.closed.rawValue
        default:
            throw AppError.invalid(field: "action", messageKey: "training.e.action")
        }
        row.updatedAt = WallClock.now()
        let recorded = detail
        try await db.writeTransaction { tx in
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: nil, action: "complaint." + action, entity: TrainingComplaint.schema,
                               entityId: row.id, detail: recorded)
        }
        return row
    }
}
