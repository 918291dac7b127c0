import Fluent
import Foundation
import JianfuCore

/// A program of a school's after-school service for a term: what, for whom, when, where and by whom.
final class AfterSchoolProgram: Model, @unchecked Sendable {
    static let schema = "after_school_programs"

    enum Status: String, Sendable {
        case active
        case cancelled
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "term_id") var termId: UUID
    @Field(key: "name") var name: String
    /// `ProgramCategory`.
    @Field(key: "category") var category: String
    @Field(key: "description") var description: String
    /// `ProgramStaffKind`.
    @Field(key: "staff_kind") var staffKind: String
    /// The school's own teacher who runs it, where it is one.
    @OptionalField(key: "staff_user_id") var staffUserId: UUID?
    /// The name shown: the teacher's, the outside person's or the institution's.
    @Field(key: "staff_name") var staffName: String
    /// The approved institution (AS-11), where an institution runs it.
    @OptionalField(key: "provider_id") var providerId: UUID?
    @Field(key: "capacity") var capacity: Int
    /// JSON lists: `[3,4]`, `[1,3]`.
    @Field(key: "grades") var grades: String
    @Field(key: "weekdays") var weekdays: String
    @Field(key: "start_time") var startTime: String
    @Field(key: "end_time") var endTime: String
    @Field(key: "room") var room: String
    /// Yuan for the term; nil for a free program.
    @OptionalField(key: "fee_yuan") var feeYuan: Int?
    @Field(key: "status") var status: String
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var gradeList: [Int] { (try? JSONDecoder().decode([Int].self, from: Data(grades.utf8))) ?? [] }
    var weekdayList: [Int] { (try? JSONDecoder().decode([Int].self, from: Data(weekdays.utf8))) ?? [] }

    /// The clash check's view.
    var slot: ProgramSlot? {
        guard let start = TimeOfDay(hhmm: startTime), let end = TimeOfDay(hhmm: endTime) else { return nil }
        return ProgramSlot(name: name, weekdays: Set(weekdayList), start: start, end: end, room: room,
                           staffKey: Self.staffKey(userId: staffUserId, providerId: providerId, name: staffName))
    }

    /// A teacher by account, an institution by provider, anyone else by the typed name: the same person's programs
    /// clash with each other and add up to one stipend.
    static func staffKey(userId: UUID?, providerId: UUID?, name: String) -> String {
        userId.map { "user:\($0)" } ?? providerId.map { "provider:\($0)" } ?? "name:" + name.filter { !$0.isWhitespace }
    }
}

/// A third-party institution the district has vetted for after-school programs (AS-11), with its services and fee standard.
final class AfterSchoolProvider: Model, @unchecked Sendable {
    static let schema = "after_school_providers"

    enum Status: String, Sendable {
        case approved
        case withdrawn
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "name") var name: String
    @Field(key: "services") var services: String
    @Field(key: "fee_standard") var feeStandard: String
    @Field(key: "approved_on") var approvedOn: String
    @Field(key: "status") var status: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
