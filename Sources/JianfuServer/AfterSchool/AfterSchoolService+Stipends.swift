import Fluent
import Foundation
import JianfuCore
import Vapor

/// Staff hours to stipends (AS-08): each month, every staff member's sessions held — the days their register was taken —
/// and the stipend owed at the district's rates; the school exports it, the bureau sees each school's totals.
extension AfterSchoolService {
    /// A calendar month of the district, "2026-11".
    struct Month: Sendable, Equatable {
        let year: Int
        let month: Int

        init?(_ text: String) {
            let parts = text.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
                  LocalDate(year: year, month: month, day: 1) != nil else { return nil }
            self.year = year
            self.month = month
        }

        init(of date: LocalDate) {
            year = date.year
            month = date.month
        }

        var text: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
        var first: LocalDate { LocalDate(year: year, month: month, day: 1)! }
        var next: Month { month == 12 ? Month(year: year + 1, month: 1) : Month(year: year, month: month + 1) }
        var previous: Month { month == 1 ? Month(year: year - 1, month: 12) : Month(year: year, month: month - 1) }

        private init(year: Int, month: Int) {
            self.year = year
            self.month = month
        }
    }

    struct SchoolStipends: Sendable {
        let school: School
        let month: Month
        let rates: StipendRates
        let rule: RuledValue
        let lines: [StipendLine]
    }

    struct SchoolStipendTotal: Sendable {
        let schoolId: UUID
        let schoolName: String
        let staff: Int
        let sessions: Int
        let minutes: Int
        let owedFen: Int
    }

    struct DistrictStipends: Sendable {
        let month: Month
        let rates: StipendRates
        let rule: RuledValue
        let schools: [SchoolStipendTotal]
    }

    /// The month asked for, or the district's current month.
    static func month(_ raw: String?, zone: TimeZone) throws -> Month {
        guard let raw, !raw.isEmpty else { return Month(of: WallClock.today(in: zone)) }
        guard let month = Month(raw) else { throw AfterSchoolError.badMonth }
        return month
    }

    static func rates(_ rules: PolicyProfile.AfterSchool) -> StipendRates {
        StipendRates(perHourYuan: rules.stipendPerHour.value, perSessionYuan: rules.stipendPerSession.value)
    }

    static func held(_ rows: [AfterSchoolQueries.HeldRow]) -> [HeldSessions] {
        rows.compactMap { row in
            guard let kind = ProgramStaffKind(rawValue: row.staff_kind), let start = TimeOfDay(hhmm: row.start_time),
                  let end = TimeOfDay(hhmm: row.end_time) else { return nil }
            return HeldSessions(staffKey: AfterSchoolProgram.staffKey(userId: row.staff_user_id, providerId: row.provider_id, name: row.staff_name), staffName: row.staff_name, staffKind: kind, programName: row.name, sessions: row.sessions,
                                minutesEach: max(0, end.minutes - start.minutes))
        }
    }

    /// A school's month for its administrators (who pay it) and the bureau.
    static func stipends(schoolId: UUID, month raw: String?, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> SchoolStipends {
        guard let school = try await School.find(schoolId, on: db), actor.districtId == school.districtId,
              actor.isDistrictWide || actor.adminSchoolIds.contains(schoolId),
              let district = try await District.find(school.districtId, on: db) else { throw AppError.notFound }
        let month = try month(raw, zone: district.zone)
        let rules = try policies.profile(for: district).afterSchool
        let rows = try await AfterSchoolQueries.heldSessions(districtId: district.id!, schoolId: schoolId, from: month.first.iso, to: month.next.first.iso, on: db)
        return SchoolStipends(school: school, month: month, rates: rates(rules), rule: rules.stipendPerHour, lines: Stipends.lines(held(rows), rates: rates(rules)))
    }

    /// Every school's totals of a month, for the bureau.
    static func districtStipends(month raw: String?, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> DistrictStipends {
        guard actor.isDistrictWide, let district = try await District.find(actor.districtId, on: db) else { throw AppError.notFound }
        let month = try month(raw, zone: district.zone)
        let rules = try policies.profile(for: district).afterSchool
        let rows = try await AfterSchoolQueries.heldSessions(districtId: district.id!, schoolId: nil, from: month.first.iso, to: month.next.first.iso, on: db)
        let schools = try await School.query(on: db).filter(\.$districtId == district.id!).sort(\.$code).all()
        let bySchool = Dictionary(grouping: rows, by: \.school_id)
        return DistrictStipends(month: month, rates: rates(rules), rule: rules.stipendPerHour, schools: schools.map { school in
            let lines = Stipends.lines(held(bySchool[school.id!] ?? []), rates: rates(rules))
            return SchoolStipendTotal(schoolId: school.id!, schoolName: school.name, staff: lines.count, sessions: lines.reduce(0) { $0 + $1.sessions },
                                      minutes: lines.reduce(0) { $0 + $1.minutes }, owedFen: lines.reduce(0) { $0 + ($1.owedFen ?? 0) })
        })
    }
}
