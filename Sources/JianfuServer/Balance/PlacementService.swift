import Fluent
import Foundation
import JianfuCore
import Vapor

/// 平行编班 (EX-15): a school's administrators place an incoming grade by entrance scores into balanced classes, the run
/// kept with its inputs and seed (the same give the same classes), confirmed once and then locked; a later change is a
/// transfer with its reason. The district's roles read every run.
enum PlacementService {
    static let maxPupils = 2000
    static let maxReason = 300

    static func mayRun(_ schoolId: UUID, _ actor: Actor) -> Bool { actor.adminSchoolIds.contains(schoolId) }

    static func mayRead(_ run: PlacementRun, _ actor: Actor) -> Bool {
        actor.districtId == run.districtId && (actor.isDistrictWide || actor.adminSchoolIds.contains(run.schoolId))
    }

    /// A new seed when none is given: below 2⁵³, so that every JSON reader keeps it exact.
    static func newSeed() -> UInt64 { UInt64.random(in: 0..<(1 << 53)) }

    static func run(schoolId: UUID, grade: Int, classCount: Int, seed: UInt64?, tolerance: Double?, pupils: [PlacedPupil], _ actor: Actor,
                    policies: PolicyStore, on db: any Database) async throws -> PlacementRun {
        guard let school = try await School.find(schoolId, on: db), school.districtId == actor.districtId,
              let district = try await District.find(school.districtId, on: db) else { throw AppError.notFound }
        guard mayRun(schoolId, actor) else { throw AppError.forbidden }
        let grades = (SchoolStage(rawValue: school.stage) ?? .nineYear).grades(in: try district.system)
        guard grades.contains(grade) else { throw AppError.invalid(field: "grade", messageKey: "pl.e.grade", args: [String(grades.lowerBound), String(grades.upperBound)]) }
        guard pupils.count <= maxPupils else { throw AppError.invalid(field: "pupils", messageKey: "pl.e.tooMany", args: [String(maxPupils)]) }
        guard (2...30).contains(classCount) else { throw AppError.invalid(field: "classCount", messageKey: "pl.e.classCount") }
        let tolerance = try tolerance ?? policies.profile(for: district).balance.placement.tolerance
        let seed = seed ?? newSeed()
        let result: Placement.Result
        do {
            result = try Placement.place(pupils.map(\.pupil), classCount: classCount, tolerance: tolerance, seed: seed)
        } catch {
            throw inputError(error)
        }
        let run = PlacementRun()
        run.districtId = school.districtId
        run.schoolId = schoolId
        run.grade = grade
        run.classCount = classCount
        run.seed = String(seed)
        run.tolerance = tolerance
        run.pupils = JSONText.encode(pupils)
        run.classes = JSONText.encode(result.classes.map { $0.map { pupils[$0].ref } })
        run.unmet = JSONText.encode(result.unmet.map(stored))
        run.status = PlacementRun.Status.draft.rawValue
        run.createdBy = actor.userId
        run.createdAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await run.create(on: tx)
            try await tx.audit(actor, districtId: school.districtId, schoolId: schoolId, action: "placement.run", entity: PlacementRun.schema, entityId: run.id,
                               detail: ["grade": String(grade), "classes": String(classCount), "pupils": String(pupils.count), "seed": run.seed,
                                        "tolerance": String(tolerance), "unmet": String(result.unmet.count)])
        }
        return run
    }

    static func inputError(_ problem: PlacementInputProblem) -> AppError {
        switch problem {
        case .tooFewClasses: AppError.invalid(field: "classCount", messageKey: "pl.e.classCount")
        case .tooFewPupils: AppError.invalid(field: "pupils", messageKey: "pl.e.tooFew")
        case .duplicateRef(let ref): AppError.invalid(field: "pupils", messageKey: "pl.e.duplicate", args: [ref])
        case .badScore(let ref, let subject): AppError.invalid(field: "pupils", messageKey: "pl.e.score", args: [ref, subject, String(Int(Placement.maxScore))])
        case .badTolerance: AppError.invalid(field: "tolerance", messageKey: "pl.e.tolerance")
        }
    }

    static func stored(_ problem: PlacementProblem) -> StoredUnmet {
        switch problem {
        case .sizes(let spread): StoredUnmet(key: "pl.u.sizes", args: [String(spread)])
        case .sexes(let spread): StoredUnmet(key: "pl.u.sexes", args: [String(spread)])
        case .specialNeeds(let spread): StoredUnmet(key: "pl.u.special", args: [String(spread)])
        case .means(let subject, let spread):
            subject.isEmpty ? StoredUnmet(key: "pl.u.total", args: [String(format: "%.2f", spread)])
                : StoredUnmet(key: "pl.u.means", args: [subject, String(format: "%.2f", spread)])
        case .together(let group): StoredUnmet(key: "pl.u.together", args: [group])
        case .apart(let group): StoredUnmet(key: "pl.u.apart", args: [group])
        }
    }

    static func find(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> PlacementRun {
        guard let run = try await PlacementRun.find(id, on: db), mayRead(run, actor) else { throw AppError.notFound }
        return run
    }

    static func confirm(_ id: UUID, _ actor: Actor, on db: any Database) async throws {
        let run = try await find(id, actor, on: db)
        guard mayRun(run.schoolId, actor) else { throw AppError.forbidden }
        try await db.writeTransaction { tx in
            guard try await PlacementRun.query(on: tx).filter(\.$id == id).filter(\.$status == PlacementRun.Status.draft.rawValue).count() == 1 else {
                throw AppError.conflict(messageKey: "pl.e.confirmed")
            }
            // One confirmed placement a grade and school: confirming this one is the school's choice among its drafts.
            guard try await PlacementRun.query(on: tx).filter(\.$schoolId == run.schoolId).filter(\.$grade == run.grade)
                .filter(\.$status == PlacementRun.Status.confirmed.rawValue).count() == 0 else { throw AppError.conflict(messageKey: "pl.e.gradeConfirmed") }
            run.status = PlacementRun.Status.confirmed.rawValue
            run.confirmedBy = actor.userId
            run.confirmedAt = WallClock.now()
            try await run.save(on: tx)
            try await tx.audit(actor, districtId: run.districtId, schoolId: run.schoolId, action: "placement.confirm", entity: PlacementRun.schema,
                               entityId: id, detail: ["grade": String(run.grade), "seed": run.seed])
        }
    }

    /// Each pupil's class now: the run's, then every transfer in order. Classes count from 1.
    static func currentClasses(_ run: PlacementRun, transfers: [PlacementTransfer]) -> [String: Int] {
        var classOf: [String: Int] = [:]
        for (index, refs) in run.classLists.enumerated() { for ref in refs { classOf[ref] = index + 1 } }
        for transfer in transfers.sorted(by: { $0.createdAt < $1.createdAt }) { classOf[transfer.ref] = transfer.toClass }
        return classOf
    }

    static func transfer(_ id: UUID, ref: String, toClass: Int, reason: String, _ actor: Actor, on db: any Database) async throws {
        let run = try await find(id, actor, on: db)
        guard mayRun(run.schoolId, actor) else { throw AppError.forbidden }
        guard run.confirmed else { throw AppError.conflict(messageKey: "pl.e.notConfirmed") }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        try Validate.required(reason, field: "reason", label: Strings.text("pl.reason", .zh), max: maxReason)
        guard (1...run.classCount).contains(toClass) else { throw AppError.invalid(field: "toClass", messageKey: "pl.e.toClass", args: [String(run.classCount)]) }
        try await db.writeTransaction { tx in
            let transfers = try await PlacementTransfer.query(on: tx).filter(\.$runId == id).all()
            guard let from = currentClasses(run, transfers: transfers)[ref] else { throw AppError.invalid(field: "ref", messageKey: "pl.e.ref", args: [ref]) }
            guard from != toClass else { throw AppError.invalid(field: "toClass", messageKey: "pl.e.sameClass") }
            let row = PlacementTransfer()
            row.districtId = run.districtId
            row.runId = id
            row.ref = ref
            row.fromClass = from
            row.toClass = toClass
            row.reason = reason
            row.createdBy = actor.userId
            row.createdAt = WallClock.now()
            try await row.create(on: tx)
            try await tx.audit(actor, districtId: run.districtId, schoolId: run.schoolId, action: "placement.transfer", entity: PlacementRun.schema,
                               entityId: id, detail: ["ref": ref, "from": String(from), "to": String(toClass), "reason": reason])
        }
    }

    /// A name as the public record shows it: the family name and the last character, the rest masked (张*三, 李*).
    static func masked(_ name: String?) -> String {
        guard let name, let first = name.first else { return "" }
        let rest = name.dropFirst()
        guard let last = rest.last else { return String(first) + "*" }
        return String(first) + String(repeating: "*", count: max(1, rest.count - 1)) + (rest.count > 1 ? String(last) : "")
    }
}
