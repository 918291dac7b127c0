import Fluent
import Foundation
import JianfuCore

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
        // One query: every filing and every parent's page starts here.
        guard let schoolClass = try await SchoolClass.query(on: db).filter(\.$id == classId)
                .join(School.self, on: \SchoolClass.$schoolId == \School.$id)
                .join(District.self, on: \SchoolClass.$districtId == \District.$id).first() else { return nil }
        let school = try schoolClass.joined(School.self)
        let district = try schoolClass.joined(District.self)
        return ClassContext(schoolClass: schoolClass, school: school, district: district, profile: try policies.profile(for: district),
                            system: try district.system, history: try policies.history(of: district), policies: policies)
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
