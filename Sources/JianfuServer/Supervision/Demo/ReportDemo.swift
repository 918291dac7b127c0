import Fluent
import Foundation
import JianfuCore

/// The demo's required reports: the mid-term quality analysis, due a week ago, in from most schools (two late, two
/// still missing); the principals' duty reports, due in three weeks, for every school and none in yet.
enum ReportDemo {
    static func seed(_ districtId: UUID, today: LocalDate, on db: any Database) async throws {
        guard let bureau = try await User.query(on: db).filter(\.$districtId == districtId).filter(\.$username == "bureau").first()?.id else { return }
        let schools = try await School.query(on: db).filter(\.$districtId == districtId).sort(\.$code).all()
        let admins = try await RoleMembership.query(on: db).filter(\.$districtId == districtId).filter(\.$role == Role.schoolAdmin.rawValue).all()
        func report(_ title: String, _ kind: ReportKind, due: LocalDate, _ description: String) async throws -> RequiredReport {
            let row = RequiredReport()
            row.districtId = districtId
            row.title = title
            row.kind = kind.rawValue
            row.description = description
            row.dueOn = due.iso
            row.createdBy = bureau
            row.createdAt = LocalTime.start(of: due.adding(days: -21), in: TimeZone(identifier: "Asia/Shanghai")!)
            try await row.create(on: db)
            return row
        }
        let midTerm = try await report("\(today.year)年秋季学期期中质量分析报告", .qualityAnalysis, due: today.adding(days: -7),
                                       "各校对期中教学质量进行分析，含各学科问题与改进措施（质量提升年评估指标 C12）。")
        _ = try await report("\(today.year)年度校长述职报告", .dutyReport, due: today.adding(days: 21), "校长本年度履职情况，含听评课与教研活动开展情况。")
        for (index, school) in schools.enumerated() where index % 5 != 4 {
            let admin = admins.first { $0.schoolId == school.id }?.userId ?? bureau
            let row = ReportSubmission()
            row.districtId = districtId
            row.schoolId = school.id!
            row.reportId = midTerm.id!
            row.note = index % 3 == 0 ? "附各学科质量分析。" : ""
            // Most in before the deadline; every seventh school two days after it.
            let day = index % 7 == 3 ? today.adding(days: -5) : today.adding(days: -9 - index % 4)
            row.submittedOn = day.iso
            row.submittedBy = admin
            row.submittedAt = LocalTime.start(of: day, in: TimeZone(identifier: "Asia/Shanghai")!).addingTimeInterval(15 * 3600)
            try await row.create(on: db)
        }
    }
}
