import Fluent
import Foundation
import JianfuCore

/// 人的成长: the tutor system (全员导师制) with home visits.
enum GrowthDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        TutorPages.register(routes.signedIn)
        ParentSchoolPages.register(routes.signedIn)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 50, path: GrowthPaths.index.path, labelKey: "nav.growth") {
            $0.isDistrictWide || !$0.adminSchoolIds.isEmpty || !$0.teaching.isEmpty || $0.has(.headTeacher) || !$0.children.isEmpty
        },
        NavigationItem(order: 51, path: GrowthPaths.families.path, labelKey: "nav.families") {
            $0.isDistrictWide || !$0.adminSchoolIds.isEmpty || $0.has(.headTeacher) || !$0.children.isEmpty
        },
    ]

    static let migrations: [NumberedMigration] = [
        // 027: schools' tutor plans, pupils' tutors, tutors' logged tasks
        NumberedMigration(27, CreateTutoring()),
        // 028: parent meetings and lectures with attendance by family, parent committees
        NumberedMigration(28, CreateParentSchool()),
    ]

    static let labelled: [any Labelled.Type] = [TutorTask.self, ParentEventKind.self, ParentLevel.self]

    static func seedDemo(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        try await GrowthDemo.seed(district, today: today, policies: policies, on: db)
        try await ParentSchoolDemo.seed(district, today: today, on: db)
    }

    static func portfolio(_ student: Student, term: Term, language: Language, policies: PolicyStore, on db: any Database) async throws -> [PortfolioEntry] {
        try await TutoringService.portfolio(student, term: term, language: language, on: db)
    }

    static func erasePupil(_ studentId: UUID, on tx: any Database) async throws {
        try await TutoringService.erase(studentId, on: tx)
    }

    // A school's administrators set its plan and tutors; a pupil's tutor logs the tasks (the head teacher a home visit);
    // guardians read and acknowledge; the district's roles see coverage; a pupil's record only those close to them.
    static let access: [RouteAccess] = [
        RouteAccess("GET /growth", [.bureau, .inspector, .principal, .principal2, .teacher, .teacher2, .parent, .otherDistrict], budget: .init(.teacher, 19)),
        RouteAccess("POST /growth/plan", [.principal, .principal2], form: ["grade_4": "on", "task_home_visit": "1", "task_talk": "1", "task_written_feedback": "1"]),
        RouteAccess("POST /growth/split", [.principal, .principal2]),
        RouteAccess("POST /growth/logs", [.teacher], form: ["student": "{child}", "kind": "talk", "date": "{day}", "summary": "谈学习计划"]),
        RouteAccess("POST /growth/logs/:id/acknowledge", [.parent]),
        RouteAccess("GET /growth/classes/:id", [.bureau, .inspector, .principal, .teacher, .teacher2]),
        RouteAccess("POST /growth/classes/:id/tutors", [.principal], form: ["student": "{child}", "tutor": "{mathsTeacher}"]),
        RouteAccess("GET /growth/students/:id", [.principal, .teacher, .parent], budget: .init(.parent, 22)),
        RouteAccess("GET /api/v1/classes/:id/tutors", [.bureau, .inspector, .principal, .teacher, .teacher2]),
        RouteAccess("PUT /api/v1/students/:id/tutor", [.principal], json: #"{"tutorId":"{mathsTeacher}"}"#),
        RouteAccess("POST /api/v1/tutor-logs", [.teacher], json: #"{"studentId":"{child}","kind":"talk","date":"{day}","summary":"谈学习计划"}"#),
        RouteAccess("POST /api/v1/tutor-logs/:id/acknowledge", [.parent], budget: .init(.parent, 9)),
        // Parent meetings: a school's administrators arrange them at any level and keep its committees, a head teacher for
        // their own class; the district's roles see coverage; guardians the events for their children.
        RouteAccess("GET /growth/families", [.bureau, .inspector, .principal, .principal2, .teacher, .teacher2, .parent, .otherDistrict], budget: .init(.parent, 8)),
        RouteAccess("POST /growth/families/events", [.principal, .principal2, .teacher],
                    form: ["kind": "parent_meeting", "level": "class", "class": "{class}", "title": "期末家长会", "date": "{day}"]),
        RouteAccess("GET /growth/families/events/:id", [.bureau, .inspector, .principal, .teacher, .teacher2, .parent]),
        RouteAccess("POST /growth/families/events/:id/attendance", [.principal, .teacher], form: ["class": "{class}", "family_{child}": "on"]),
        RouteAccess("POST /growth/families/committees", [.principal, .teacher], form: ["class": "{class}", "level": "class", "guardian": "{parentUser}", "since": "{day}"]),
        RouteAccess("GET /api/v1/students/:id/growth-record", [.principal, .teacher, .parent], budget: .init(.parent, 14)),
        RouteAccess("GET /api/v1/tutoring/coverage", [.bureau, .inspector, .principal, .principal2, .otherDistrict], budget: .init(.bureau, 13)),
        RouteAccess("GET /api/v1/parent-meetings/coverage", [.bureau, .inspector, .principal, .principal2, .otherDistrict], budget: .init(.bureau, 10)),
    ]
}
extension TutorTask: Labelled { static let labelPrefix = "growth.task." }
extension ParentEventKind: Labelled { static let labelPrefix = "growth.eventKind." }
extension ParentLevel: Labelled { static let labelPrefix = "growth.level." }
