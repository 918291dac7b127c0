import JianfuCore

/// Homework filing under the caps, the school's review chain, publication to parents, their reports of the time
/// taken, the calendar feed, and the per class-day sums the dashboards read.
enum HomeworkDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        HomeworkPages.register(routes.signedIn)
        // Calendar apps fetch the feed without a session: its secret token is the access.
        routes.bare.get(HomeworkPaths.calendarFeed, use: HomeworkPages.calendarFeed)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 20, path: HomeworkPaths.homeworkFile.path, labelKey: "nav.homework") { !$0.teaching.isEmpty },
        NavigationItem(order: 30, path: HomeworkPaths.reviewQueue.path, labelKey: "nav.review") { actor in
            actor.memberships.contains { [.schoolAdmin, .subjectLeader, .headTeacher].contains($0.role) }
        },
    ]

    static let migrations: [NumberedMigration] = [
        // 004: homework entries, their review history, parents' feedback, calendar feeds
        NumberedMigration(4, CreateHomework()),
        // 006: per class-day and per school-day sums of homework and feedback, kept as they change
        NumberedMigration(6, CreateDailyLoads()),
        // 009: the content rules that flag an entry for its reviewer
        NumberedMigration(9, AddHomeworkContentFlags()),
    ]

    static let labelled: [any Labelled.Type] = [HomeworkKind.self, HomeworkEntry.Status.self, ReviewStep.self]

    static let filing = #"{"classIds":["{class}"],"subjectId":"{maths}","assignedOn":"{day}","dueOn":"{day}","kind":"written","minutes":5,"content":"口算"}"#

    static let filingForm = ["classId": "{class}", "subjectId": "{maths}", "assignedOn": "{day}", "dueOn": "{day}", "kind": "written",
                             "minutes": "5", "content": "口算"]

    static let access: [RouteAccess] = [
        // A secret calendar URL.
        RouteAccess("GET /feeds/:file", .everyone),
        RouteAccess("GET /classes/:id/homework", .classPeople, budget: .init(.parent, 3)),
        RouteAccess("GET /api/v1/classes/:id/published", .classPeople, budget: .init(.parent, 3)),
        RouteAccess("GET /api/v1/classes/:id/load", .classStaff),
        RouteAccess("POST /classes/:id/feedback", [.parent], query: "?date={day}", form: ["studentId": "{child}", "minutes": "30"],
                    budget: .init(.parent, 22)),
        RouteAccess("POST /api/v1/feedback", [.parent], json: #"{"studentId":"{child}","date":"{day}","minutes":30,"tooMuch":false}"#,
                    budget: .init(.parent, 15)),
        // Filing is for those who teach; an entry is for the staff of its class.
        RouteAccess("GET /homework/file", [.teacher, .teacher2], budget: .init(.teacher, 8)),
        RouteAccess("POST /homework/file", [.teacher, .teacher2], budget: .init(.teacher, 25, form: filingForm)),
        RouteAccess("POST /api/v1/homework", [.teacher], json: filing, budget: .init(.teacher, 19)),
        RouteAccess("GET /homework/:id", .classStaff),
        RouteAccess("GET /api/v1/homework/:id", .classStaff),
        RouteAccess("GET /homework/review", [.principal, .teacher, .principal2], budget: .init(.principal, 8)),
        RouteAccess("GET /api/v1/homework/review-queue", [.principal, .teacher, .principal2], budget: .init(.principal, 3)),
        RouteAccess("POST /homework/:id/review", [.principal, .teacher], form: ["action": "approve"]),
        RouteAccess("POST /api/v1/homework/:id/review", [.principal, .teacher], json: #"{"action":"approve"}"#),
        RouteAccess("POST /homework/:id/resubmit", [.teacher]),
        RouteAccess("POST /api/v1/homework/:id/resubmit", [.teacher], json: "{}"),
        RouteAccess("POST /homework/:id/withdraw", [.principal, .teacher], form: ["reason": "重复布置"]),
        RouteAccess("POST /api/v1/homework/:id/withdraw", [.principal, .teacher], json: #"{"reason":"重复布置"}"#),
    ]
}
