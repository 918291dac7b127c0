import Fluent
import Foundation
import JianfuCore
import SQLKit

/// Everything the rules need about one class: its school, district, profile, band and calendar.
struct ClassContext: Sendable {
    let schoolClass: SchoolClass
    let school: School
    let district: District
    /// The profile in force today: what a filing is checked against.
    let profile: PolicyProfile
    let system: SchoolSystem
    /// The district's values over time, for judging a past day by the cap in force on it.
    let history: PolicyHistory
    let policies: PolicyStore

    var band: GradeBand { system.band(ofGrade: schoolClass.gradeNumber) }
    var timeZone: TimeZone { district.zone }
    var chain: ReviewChain {
        ReviewChain(subjectLeader: school.reviewSubjectLeader, headTeacher: school.reviewHeadTeacher, academicOffice: school.reviewAcademicOffice)
    }
    var scope: ClassScope { schoolClass.scope }

    static func load(_ classId: UUID, policies: PolicyStore, on db: any Database) async throws -> ClassContext? {
        // One query into a plain row: every filing and every parent's page starts here, and Fluent's builder and its
        // reflective decoding of three models were a fifth of the parents' page's time.
        guard let row = try await db.sql.raw("""
            SELECT c.id, c.district_id, c.school_id, c.grade_id, c.grade_number, c.number, c.head_teacher_id, c.version,
                   s.name AS school_name, s.code AS school_code, s.stage, s.review_subject_leader, s.review_head_teacher,
                   s.review_academic_office, s.allow_cap_override, s.publish_time,
                   d.name AS district_name, d.code AS district_code, d.time_zone, d.school_system, d.policy_profile,
                   d.policy_adjustments, d.policy_history
            FROM school_classes c JOIN schools s ON s.id = c.school_id JOIN districts d ON d.id = c.district_id
            WHERE c.id = \(bind: classId)
            """).first(decoding: Row.self) else { return nil }
        let (schoolClass, school, district) = row.models
        return ClassContext(schoolClass: schoolClass, school: school, district: district, profile: try policies.profile(for: district),
                            system: try district.system, history: try policies.history(of: district), policies: policies)
    }

    private struct Row: Decodable {
        let id: UUID
        let district_id: UUID
        let school_id: UUID
        let grade_id: UUID
        let grade_number: Int
        let number: Int
        let head_teacher_id: UUID?
        let version: Int64
        let school_name: String
        let school_code: String
        let stage: String
        let review_subject_leader: Bool
        let review_head_teacher: Bool
        let review_academic_office: Bool
        let allow_cap_override: Bool
        let publish_time: String
        let district_name: String
        let district_code: String
        let time_zone: String
        let school_system: String
        let policy_profile: String
        let policy_adjustments: String
        let policy_history: String?

        /// The three rows as models, marked as stored ones.
        var models: (SchoolClass, School, District) {
            let schoolClass = SchoolClass()
            schoolClass.id = id
            schoolClass.districtId = district_id
            schoolClass.schoolId = school_id
            schoolClass.gradeId = grade_id
            schoolClass.gradeNumber = grade_number
            schoolClass.number = number
            schoolClass.headTeacherId = head_teacher_id
            schoolClass.version = version
            schoolClass.$id.exists = true
            let school = School()
            school.id = school_id
            school.districtId = district_id
            school.name = school_name
            school.code = school_code
            school.stage = stage
            school.reviewSubjectLeader = review_subject_leader
            school.reviewHeadTeacher = review_head_teacher
            school.reviewAcademicOffice = review_academic_office
            school.allowCapOverride = allow_cap_override
            school.publishTime = publish_time
            school.$id.exists = true
            let district = District()
            district.id = district_id
            district.name = district_name
            district.code = district_code
            district.timeZone = time_zone
            district.schoolSystem = school_system
            district.policyProfile = policy_profile
            district.policyAdjustments = policy_adjustments
            district.policyHistory = policy_history
            district.$id.exists = true
            return (schoolClass, school, district)
        }
    }

    func rules(calendar: SchoolCalendar) -> LoadRules {
        LoadRules(profile: profile, calendar: calendar, band: band)
    }

    /// The rules of one day: the district's values in force that day (a tightening holds from its own day on).
    func rules(calendar: SchoolCalendar, on date: LocalDate) throws -> LoadRules {
        guard let values = history.values(on: date) else { return rules(calendar: calendar) }
        return LoadRules(profile: try PolicyAdjustment(values: values).applied(to: policies.base(for: district)), calendar: calendar, band: band)
    }

    func today() -> LocalDate { WallClock.today(in: timeZone) }

    /// The moment parents may see homework of `date`: the school's publication time that day.
    func publicationInstant(of date: LocalDate) -> Date {
        Self.publicationInstant(of: date, publishTime: school.publishTime, zone: timeZone)
    }

    static func publicationInstant(of date: LocalDate, publishTime: String, zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = publishTime.split(separator: ":").compactMap { Int($0) }
        let components = DateComponents(year: date.year, month: date.month, day: date.day,
                                        hour: parts.first ?? 0, minute: parts.count > 1 ? parts[1] : 0)
        return calendar.date(from: components) ?? Date()
    }
}
