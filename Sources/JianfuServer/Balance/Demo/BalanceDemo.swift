import Fluent
import Foundation
import JianfuCore

/// Two years of every demo school's figures: most meet the standard; 城关小学 is short of sports ground and multimedia
/// rooms, so it fails and pulls the primary coefficients; this year the district's new rooms narrow them.
enum BalanceDemo {
    static func seed(_ district: District, today: LocalDate, on db: any Database) async throws {
        let schools = try await School.query(on: db).filter(\.$districtId == district.id!).sort(\.$code).all()
        let pupils = Dictionary(grouping: try await Student.query(on: db).filter(\.$districtId == district.id!).all(), by: \.schoolId).mapValues(\.count)
        var rows: [[any Encodable & Sendable]] = []
        let at = Date()
        for (index, school) in schools.enumerated() {
            for stage in BalanceService.parts(of: school) {
                // The demo's rolls are small: each school reports its real enrolment scaled to a plausible size.
                let enrolment = Double(max(1, pupils[school.id!] ?? 0) * 8 / BalanceService.parts(of: school).count)
                for (offset, year) in [today.year - 1, today.year].enumerated() {
                    let lagging = school.name == "城关小学"
                    let spread = 1 + Double((index * 7) % 5 - 2) / 20
                    let junior = stage == .junior
                    let perHundred = [(junior ? 5.6 : 4.5) * spread, 1.3 * spread, 1.0 * spread,
                                      lagging ? 1.6 + 0.2 * Double(offset) : (junior ? 2.6 : 2.5) * spread]
                    let perPupil = [(junior ? 6.2 : 4.9) * spread, lagging ? 5.2 : (junior ? 11.0 : 8.1) * spread, (junior ? 2700 : 2150) * spread]
                    let figures: [String: Double] = [
                        "pupils": enrolment, "teachersAboveQualification": (perHundred[0] * enrolment / 100).rounded(),
                        "keyTeachers": (perHundred[1] * enrolment / 100).rounded(), "peArtTeachers": (perHundred[2] * enrolment / 100).rounded(),
                        "multimediaRooms": (perHundred[3] * enrolment / 100).rounded(), "teachingArea": (perPupil[0] * enrolment).rounded(),
                        "sportsArea": (perPupil[1] * enrolment).rounded(), "equipmentValue": (perPupil[2] * enrolment / 100).rounded() * 100,
                    ]
                    rows.append([UUID(), district.id!, school.id!, year, stage.rawValue, JSONText.encode(figures), Optional<UUID>.none, at])
                }
            }
        }
        try await BulkInsert.insert(into: SchoolResources.schema, columns: ["id", "district_id", "school_id", "year", "part", "figures", "entered_by",
                                                                            "entered_at"], rows: rows, on: db)
    }
}
