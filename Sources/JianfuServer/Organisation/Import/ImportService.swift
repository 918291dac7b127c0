import Fluent
import Foundation
import JianfuCore

/// Roster import as pages, API and the command line use it.
enum ImportService {
    /// An administrator's import: a school admin into their school; the bureau into any school of the district.
    /// `schoolId` is the school for rows that do not name one.
    static func importRoster(_ data: Data, fileName: String, schoolId: UUID?, actor: Actor, on db: any Database) async throws -> Result<RosterImporter.Outcome, RosterRejection> {
        guard actor.isBureauAdmin || !actor.adminSchoolIds.isEmpty else { throw AppError.forbidden }
        let allowed: Set<UUID>? = actor.isBureauAdmin ? nil : actor.adminSchoolIds
        if let schoolId, let allowed, !allowed.contains(schoolId) { throw AppError.notFound }
        let (contexts, schools) = try await RosterImporter.contexts(districtId: actor.districtId, schoolIds: allowed, on: db)
        let defaultSchool = schoolId.flatMap { id in schools.values.first { $0.id == id }?.name }
            ?? (allowed?.count == 1 ? schools.values.first?.name : nil)
        return try await checkAndWrite(data, fileName: fileName, districtId: actor.districtId, contexts: contexts, schools: schools,
                                       defaultSchool: defaultSchool, actor: actor, on: db)
    }

    /// The command line's import, for a whole district; rows name their school.
    static func importForDistrict(_ data: Data, fileName: String, districtId: UUID, defaultSchool: String?, on db: any Database) async throws -> Result<RosterImporter.Outcome, RosterRejection> {
        let (contexts, schools) = try await RosterImporter.contexts(districtId: districtId, schoolIds: nil, on: db)
        return try await checkAndWrite(data, fileName: fileName, districtId: districtId, contexts: contexts, schools: schools,
                                       defaultSchool: defaultSchool, actor: nil, on: db)
    }

    static func checkAndWrite(_ data: Data, fileName: String, districtId: UUID, contexts: [RosterContext], schools: [String: School],
                              defaultSchool: String?, actor: Actor?, on db: any Database) async throws -> Result<RosterImporter.Outcome, RosterRejection> {
        switch RosterValidator.check(data: data, schools: contexts, defaultSchool: defaultSchool) {
        case .failure(let rejection):
            return .failure(rejection)
        case .success(let file):
            let used = Set(rowsSchools(file))
            let touched = schools.filter { used.contains($0.key) }
            return .success(try await RosterImporter.write(file, districtId: districtId, schools: touched, actor: actor, fileName: fileName, on: db))
        }
    }

    static func rowsSchools(_ file: RosterFile) -> [String] {
        switch file {
        case .classes(let rows): rows.map(\.school)
        case .students(let rows): rows.map(\.school)
        case .teaching(let rows): rows.map(\.school)
        }
    }
}
