import Fluent
import Foundation
import JianfuCore

/// 人的成长: the tutor system (全员导师制) with home visits.
enum GrowthDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        TutorPages.register(routes.signedIn)
        ParentSchoolPages.register(routes.signedIn)
        EvaluationPages.register(routes.signedIn)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 50, path: GrowthPaths.index.path, labelKey: "nav.growth") {
            $0.isDistrictWide || !$0.adminSchoolIds.isEmpty || !$0.teaching.isEmpty || $0.has(.headTeacher) || !$0.children.isEmpty
        },
        NavigationItem(order: 51, path: GrowthPaths.families.path, labelKey: "nav.families") {
            $0.isDistrictWide || !$0.adminSchoolIds.isEmpty || $0.has(.headTeacher) || !$0.children.isEmpty
        },
        NavigationItem(order: 52, path: GrowthPaths.evaluation.path, labelKey: "nav.evaluation") {
            $0.isDistrictWide || !$0.adminSchoolIds.isEmpty || $0.has(.headTeacher) || !$0.children.isEmpty
        },
    ]

    static let migrations: [NumberedMigration] = [
        // 027: schools' tutor plans, pupils' tutors, tutors' logged tasks
        NumberedMigration(27, CreateTutoring()),
        // 028: parent meetings and lectures with attendance by family, parent committees
        NumberedMigration(28, CreateParentSchool()),
        // 029: 综合素质评价: schools' chains, pupils' records, summaries and term evaluations, class displays, objections, annotations
        NumberedMigration(29, CreateQualityEvaluation()),
    ]

    static let labelled: [any Labelled.Type] = [TutorTask.self, ParentEventKind.self, ParentLevel.self, QualityDimension.self, EvaluationStage.self]

    static func seedDemo(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        try await GrowthDemo.seed(district, today: today, policies: policies, on: db)
        try await ParentSchoolDemo.seed(district, today: today, on: db)
        try await EvaluationDemo.seed(district, today: today, on: db)
    }

    static func dashboardPanels(_ district: District, language: Language, policies: PolicyStore, on db: any Database) async throws
        -> DashboardPanels? {
        try await GrowthPanel.panels(district, language: language, on: db)
    }

    static func portfolio(_ student: Student, term: Term, language: Language, policies: PolicyStore, on db: any Database) async throws -> [PortfolioEntry] {
        try await TutoringService.portfolio(student, term: term, language: language, on: db)
            + EvaluationService.portfolio(student, term: term, language: language, on: db)
    }

    static func erasePupil(_ studentId: UUID, on tx: any Database) async throws {
        try await TutoringService.erase(studentId, on: tx)
        try await EvaluationService.erase(studentId, on: tx)
    }

    static func mayReadAttachment(ownerEntity: String, ownerId: UUID, _ actor: Actor, on db: any Database) async throws -> Bool? {
        ownerEntity == QualityRecord.schema ? try await EvaluationService.mayReadEvidence(recordId: ownerId, actor, on: db) : nil
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
        RouteAccess("GET /growth/students/:id", [.principal, .teacher, .parent], budget: .init(.parent, 24)),
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
        // 综合素质评价: a pupil's guardian writes for the pupil; the head teacher records the group's and the class's
        // evaluations and runs the display; the school's administrators set the chain, review and seal; the class's
        // guardians see the display while it is open; the district's roles see each school's progress.
        RouteAccess("GET /growth/evaluation", [.bureau, .inspector, .principal, .principal2, .teacher, .teacher2, .parent, .otherDistrict], budget: .init(.parent, 8)),
        RouteAccess("POST /growth/evaluation/chain", [.principal], form: ["school": "{school}", "group": "on", "class_step": "on"]),
        RouteAccess("GET /growth/evaluation/classes/:id", [.principal, .teacher, .parent], budget: .init(.parent, 10)),
        RouteAccess("POST /growth/evaluation/classes/:id/display", [.principal, .teacher]),
        RouteAccess("POST /growth/evaluation/classes/:id/objections", [.parent], form: ["evaluation": "{evaluation}", "text": "请核实"]),
        RouteAccess("POST /growth/evaluation/classes/:id/seal", [.principal]),
        RouteAccess("POST /growth/evaluation/objections/:id/answer", [.principal, .teacher], form: ["answer": "已核实"]),
        RouteAccess("GET /growth/evaluation/students/:id", [.principal, .teacher, .parent], budget: .init(.parent, 18)),
        RouteAccess("POST /growth/evaluation/students/:id/records", [.parent],
                    form: ["dimension": "practice", "date": "{day}", "fact": "参加社区志愿服务", "evidence": "照片两张"]),
        RouteAccess("POST /growth/evaluation/students/:id/summaries", [.parent], form: ["month": "{month}", "text": "本月按时完成作业"]),
        RouteAccess("POST /growth/evaluation/students/:id/submit", [.parent], form: ["summary": "本学期进步明显"]),
        RouteAccess("POST /growth/evaluation/students/:id/review", [.principal, .teacher], form: ["decision": "pass", "text": "小组一致认为该生团结同学"]),
        RouteAccess("POST /growth/evaluation/students/:id/annotations", [.principal, .teacher], form: ["text": "补充说明"]),
        RouteAccess("GET /growth/evaluation/students/:id/graduation", [.principal, .teacher, .parent]),
        RouteAccess("GET /api/v1/students/:id/evaluation", [.principal, .teacher, .parent], budget: .init(.parent, 18)),
        RouteAccess("POST /api/v1/students/:id/evaluation/records", [.parent],
                    json: #"{"dimension":"practice","date":"{day}","fact":"参加社区志愿服务","evidence":"照片两张"}"#),
        RouteAccess("GET /api/v1/students/:id/growth-record", [.principal, .teacher, .parent], budget: .init(.parent, 16)),
        RouteAccess("GET /api/v1/tutoring/coverage", [.bureau, .inspector, .principal, .principal2, .otherDistrict], budget: .init(.bureau, 13)),
        RouteAccess("GET /api/v1/parent-meetings/coverage", [.bureau, .inspector, .principal, .principal2, .otherDistrict], budget: .init(.bureau, 10)),
    ]
}
extension TutorTask: Labelled { static let labelPrefix = "growth.task." }
extension ParentEventKind: Labelled { static let labelPrefix = "growth.eventKind." }
extension ParentLevel: Labelled { static let labelPrefix = "growth.level." }
extension QualityDimension: Labelled { static let labelPrefix = "evaluation.dimension." }
extension EvaluationStage: Labelled { static let labelPrefix = "evaluation.stage." }
