import Fluent
import Foundation
import JianfuCore

extension TrainingService {
    struct NewSession: Sendable, Codable {
        let weekday: Int
        let start: String
        let end: String
    }

    struct NewPackage: Sendable {
        let months: Int
        let lessons: Int
        /// In yuan as written ("1200", "99.5").
        let amount: String
    }

    struct NewCourse: Sendable {
        var name: String
        var subject: String
        var mode: String
        var lessonMinutes: Int
        var classSize: Int
        /// Per lesson, in yuan as written.
        var price: String
        var startsOn: String
        var endsOn: String
        var sessions: [NewSession]
        var packages: [NewPackage]
    }

    struct StoredViolation: Codable, Sendable {
        let rule: String
        let code: String
        let args: [String]
    }

    struct StoredPackage: Codable, Sendable {
        let months: Int
        let lessons: Int
        let amountFen: Int
    }

    /// Records a course of an institution, classified by the national list (OT-18) and checked against the profile:
    /// a course that breaks rules is recorded with its violations; input that cannot be checked is refused.
    static func addCourse(_ institutionId: UUID, _ new: NewCourse, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws
        -> (TrainingCourseRecord, [TrainingViolation]) {
        try requireRead(actor)
        let institution = try await institution(institutionId, actor, on: db)
        let district = try await district(actor, on: db)
        let training = try policies.profile(for: district).training
        let name = new.name.trimmingCharacters(in: .whitespacesAndNewlines)
        try Validate.required(name, field: "name", label: "training.courseName", max: maxName)
        guard let classification = training.subjects.classify(subject: new.subject, courseName: name) else {
            throw TrainingError.unknownSubject(new.subject)
        }
        guard let mode = TrainingMode(rawValue: new.mode) else { throw TrainingError.badMode(new.mode) }
        guard (1...240).contains(new.lessonMinutes) else {
            throw AppError.invalid(field: "lessonMinutes", messageKey: "training.e.minutes")
        }
        guard (1...500).contains(new.classSize) else { throw AppError.invalid(field: "classSize", messageKey: "training.e.classSize") }
        guard let price = Money.fen(new.price) else { throw TrainingError.badPrice }
        guard let startsOn = try date(new.startsOn, field: "startsOn"), let endsOn = try date(new.endsOn, field: "endsOn"), startsOn <= endsOn else {
            throw AppError.invalid(field: "endsOn", messageKey: "training.e.dates")
        }
        guard !new.sessions.isEmpty else { throw TrainingError.badSession(1) }
        let sessions = try new.sessions.enumerated().map { index, session in
            guard (1...7).contains(session.weekday), let start = TimeOfDay(hhmm: session.start), let end = TimeOfDay(hhmm: session.end), start < end else {
                throw TrainingError.badSession(index + 1)
            }
            return TrainingCourse.Session(weekday: session.weekday, start: start, end: end)
        }
        let packages = try new.packages.enumerated().map { index, package in
            guard package.months >= 1, package.lessons >= 1, let fen = Money.fen(package.amount), fen > 0 else { throw TrainingError.badPackage(index + 1) }
            return TrainingCourse.Package(months: package.months, lessons: package.lessons, amountFen: fen)
        }
        let course = TrainingCourse(kind: classification.kind, mode: mode, lessonMinutes: new.lessonMinutes, classSize: new.classSize,
                                    pricePerLessonFen: price, startsOn: startsOn, endsOn: endsOn, sessions: sessions, packages: packages)
        let calendars = try await CalendarQueries.calendars(districtId: district.id!, on: db)
        let prices = try await guidedPrices(districtId: district.id!, on: db)
        let violations: [TrainingViolation]
        do {
            violations = try CourseCheck.violations(course, limits: TrainingLimits(training), calendars: calendars, guidedPrices: prices)
        } catch .unpricedTier(let mode, let tier) {
            let range = training.classSizeTiers.range(ofTier: tier)
            throw TrainingError.unpricedTier(mode: mode, tier: tier, sizes: range.high.map { "\(range.low)–\($0)" } ?? "≥\(range.low)")
        }
        let row = record(course, of: institution, name: name, subject: new.subject.trimmingCharacters(in: .whitespaces), classification: classification,
                         violations: violations, rule: training.noSubjectContent.rule, by: actor.userId)
        let checked = TrainingService.violations(of: row)
        try await db.writeTransaction { tx in
            try await row.create(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: nil, action: "institution.course", entity: TrainingCourseRecord.schema,
                               entityId: row.id, detail: ["institution": institution.id!.uuidString, "name": name, "kind": row.kind,
                                                          "violations": checked.map(\.rule).joined(separator: ",")])
        }
        return (row, checked)
    }

    /// A checked course as its row: a non-subject institution teaching subject content is itself a violation (OT-06),
    /// named first.
    static func record(_ course: TrainingCourse, of institution: TrainingInstitution, name: String, subject: String,
                       classification: TrainingSubjects.Classification, violations: [TrainingViolation], rule: String, by author: UUID?)
        -> TrainingCourseRecord {
        var found = violations
        if classification.kind == .subject, institution.kind == TrainingKind.nonSubject.rawValue {
            found.insert(TrainingViolation(rule: rule, code: "training.v.subjectByNonSubject", args: [classification.contentOf ?? subject]), at: 0)
        }
        let row = TrainingCourseRecord()
        row.districtId = institution.districtId
        row.institutionId = institution.id!
        row.name = name
        row.subject = subject
        row.kind = classification.kind.rawValue
        row.contentOf = classification.contentOf
        row.mode = course.mode.rawValue
        row.lessonMinutes = course.lessonMinutes
        row.classSize = course.classSize
        row.priceFen = course.pricePerLessonFen
        row.startsOn = course.startsOn.iso
        row.endsOn = course.endsOn.iso
        row.sessions = JSONText.encode(course.sessions.map { NewSession(weekday: $0.weekday, start: $0.start.description, end: $0.end.description) })
        row.packages = JSONText.encode(course.packages.map { StoredPackage(months: $0.months, lessons: $0.lessons, amountFen: $0.amountFen) })
        row.violations = JSONText.encode(found.map { StoredViolation(rule: $0.rule, code: $0.code, args: $0.args) })
        row.violationCount = found.count
        row.createdBy = author
        row.createdAt = WallClock.now()
        return row
    }

    static func violations(of row: TrainingCourseRecord) -> [TrainingViolation] {
        JSONText.decode([StoredViolation].self, row.violations)?.map { TrainingViolation(rule: $0.rule, code: $0.code, args: $0.args) } ?? []
    }
}
