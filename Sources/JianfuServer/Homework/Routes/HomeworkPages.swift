import Fluent
import JianfuCore
import Vapor

enum HomeworkPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(HomeworkPaths.homeworkFile, use: fileForm)
        routes.post(HomeworkPaths.homeworkFile, use: file)
        routes.get(HomeworkPaths.reviewQueue, use: queue)
        routes.get(HomeworkPaths.homeworkEntry, use: entry)
        routes.post(HomeworkPaths.homeworkReview, use: review)
        routes.post(HomeworkPaths.homeworkResubmit, use: resubmit)
        routes.post(HomeworkPaths.homeworkWithdraw, use: withdraw)
        routes.get(HomeworkPaths.classHomework, use: classHomework)
        routes.post(HomeworkPaths.classFeedback, use: feedback)
    }

    // MARK: filing

    struct FilePage: Encodable {
        let layout: Layout
        let classOptions: [FormOption]
        let date: String
        let className: String
        let remaining: String
        let overCap: Bool
        let entries: [LoadLine]
        let subjects: [FormOption]
        let parallel: [FormOption]
        let kinds: [FormOption]
        let tiers: [FormOption]
        let form: FileForm
        let allowOverride: Bool
        let notice: String?
        let error: String?
    }

    struct LoadLine: Encodable {
        let subject: String
        let teacher: String
        let minutes: Int
        let counted: Int
        let kind: String
        let status: String
        let content: String
        let repetitive: Bool
        let overrideReason: String?
        let href: String
    }

    struct FileForm: Content {
        var classId: String?
        var classIds: [String]?
        var subjectId: String?
        var assignedOn: String?
        var dueOn: String?
        var kind: String?
        var optional: String?
        var tier: String?
        var minutes: String?
        var content: String?
        var overrideReason: String?
    }

    @Sendable static func fileForm(_ req: Request) async throws -> View {
        var form = FileForm()
        form.classId = try? req.query.get(String.self, at: "class")
        form.assignedOn = try? req.query.get(String.self, at: "date")
        return try await renderFile(req, form: form, notice: nil, error: nil)
    }

    static func renderFile(_ req: Request, form: FileForm, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        let teaching = try await SchoolQueries.teaching(teacherId: actor.userId, on: req.db)
        guard let firstTeaching = teaching.first else { throw HomeworkError.noTeaching }
        let classId = form.classId.flatMap(UUID.init(uuidString:)).flatMap { id in teaching.first { $0.class_id == id }?.class_id } ?? firstTeaching.class_id
        guard let context = try await ClassContext.load(classId, policies: req.application.policies, on: req.db) else { throw AppError.notFound }
        let date = form.assignedOn.flatMap(LocalDate.init(iso:)) ?? context.today()
        let load = try await HomeworkService.load(classId: classId, date: date, actor, policies: req.application.policies, on: req.db)
        var seen = Set<UUID>()
        let classOptions = teaching.filter { seen.insert($0.class_id).inserted }.map {
            FormOption(value: $0.class_id.uuidString, label: "\($0.school_name) " + ClassNames.name($0.grade_number, $0.class_number, language),
                                     selected: $0.class_id == classId)
        }
        let mySubjects = teaching.filter { $0.class_id == classId }
        let subjectId = form.subjectId.flatMap(UUID.init(uuidString:)) ?? mySubjects.first?.subject_id
        let subjects = mySubjects.map {
            FormOption(value: $0.subject_id.uuidString, label: language == .en ? $0.subject_name_en : $0.subject_name, selected: $0.subject_id == subjectId)
        }
        let chosen = Set((form.classIds ?? [classId.uuidString]).compactMap(UUID.init(uuidString:)))
        let parallel = teaching.filter { $0.subject_id == subjectId && $0.grade_number == context.schoolClass.gradeNumber && $0.school_id == context.school.id }.map {
            FormOption(value: $0.class_id.uuidString, label: ClassNames.name($0.grade_number, $0.class_number, language),
                                     selected: chosen.contains($0.class_id))
        }
        let kinds = HomeworkKind.allCases.map {
            FormOption(value: $0.rawValue, label: req.t("kind." + $0.rawValue), selected: $0.rawValue == (form.kind ?? "written"))
        }
        let tiers = [("", req.t("file.tierNone"))] + ["A", "B", "C"].map { ($0, $0) }
        var shownForm = form
        shownForm.assignedOn = date.iso
        shownForm.dueOn = form.dueOn ?? date.adding(days: 1).iso
        let page = FilePage(
            layout: Layout(req, title: req.t("file.title")), classOptions: classOptions, date: date.iso,
            className: "\(context.school.name) " + ClassNames.name(context.schoolClass.gradeNumber, context.schoolClass.number, language),
            remaining: req.t("file.remaining", String(load.remainingMinutes), String(load.capMinutes)),
            overCap: load.plannedMinutes > load.capMinutes, entries: lines(load.entries, req),
            subjects: subjects, parallel: parallel, kinds: kinds,
            tiers: tiers.map { FormOption(value: $0.0, label: $0.1, selected: $0.0 == (form.tier ?? "")) },
            form: shownForm, allowOverride: context.school.allowCapOverride, notice: notice, error: error)
        return try await req.view.render("homework/homework-file", page)
    }

    static func lines(_ entries: [HomeworkService.EntryLine], _ req: Request) -> [LoadLine] {
        entries.map {
            LoadLine(subject: req.language == .en ? $0.subject_name_en : $0.subject_name, teacher: $0.teacher_name, minutes: $0.minutes,
                     counted: $0.countedMinutes ?? 0, kind: req.t("kind." + $0.kind), status: req.t("status." + $0.status), content: $0.content,
                     repetitive: $0.possibly_repetitive, overrideReason: $0.override_reason, href: HomeworkPaths.homeworkEntry.path($0.id))
        }
    }

    @Sendable static func file(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode(FileForm.self)
        return try await FormResponse.handle(req, {
            guard let subjectId = form.subjectId.flatMap(UUID.init(uuidString:)) else {
                throw AppError.invalid(field: "subjectId", messageKey: "form.required", args: ["file.subject"])
            }
            guard let minutes = try await minutes(form.minutes, actor, req) else {
                throw AppError.invalid(field: "minutes", messageKey: "form.required", args: ["file.minutes"])
            }
            let classIds = (form.classIds ?? [form.classId ?? ""]).compactMap(UUID.init(uuidString:))
            let filed = try await HomeworkService.file(
                .init(classIds: classIds, subjectId: subjectId, assignedOn: form.assignedOn ?? "", dueOn: form.dueOn ?? "", kind: form.kind ?? "",
                      optional: form.optional != nil, tier: (form.tier ?? "").isEmpty ? nil : form.tier, minutes: minutes, content: form.content ?? "",
                      overrideReason: form.overrideReason),
                actor, policies: req.application.policies, on: req.db)
            var next = FileForm()
            next.classId = form.classId
            next.assignedOn = form.assignedOn
            next.subjectId = form.subjectId
            let notice = req.t(filed.status == .published ? "file.filedPublished" : "file.filedPending")
            return try await renderFile(req, form: next, notice: notice, error: nil).encodeResponse(for: req)
        }, rerender: { try await renderFile(req, form: form, notice: nil, error: $0) })
    }

    /// Minutes typed into a form: nil when left empty, refused when not a whole number.
    static func minutes(_ raw: String?, _ actor: Actor, _ req: Request) async throws -> Int? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        if let value = Int(text) { return value }
        guard let district = try await District.find(actor.districtId, on: req.db) else { throw AppError.notFound }
        throw HomeworkError.invalidMinutes(max: try req.application.policies.profile(for: district).homework.maxItemMinutes.required)
    }

    // MARK: review

    struct QueuePage: Encodable {
        let layout: Layout
        let items: [QueueItem]
        let overruns: [String]
        let notice: String?
        let error: String?
    }

    struct QueueItem: Encodable {
        let id: String
        let href: String
        let action: String
        let className: String
        let subject: String
        let teacher: String
        let minutes: Int
        let kind: String
        let content: String
        let date: String
        let step: String
        let overrideReason: String?
        let repetitive: Bool
        /// The content rules that flag the text, e.g. "HW-14"; empty when none.
        let flags: String
        let dayTotal: String
    }

    @Sendable static func queue(_ req: Request) async throws -> View {
        try await renderQueue(req, notice: nil, error: nil)
    }

    static func renderQueue(_ req: Request, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        let rows = try await HomeworkService.reviewQueue(actor, on: req.db)
        var items: [QueueItem] = []
        var totals: [String: HomeworkService.LoadView] = [:]
        for row in rows {
            let key = "\(row.class_id)/\(row.assigned_on)"
            if totals[key] == nil, let date = LocalDate(iso: row.assigned_on) {
                totals[key] = try await HomeworkService.load(classId: row.class_id, date: date, actor, policies: req.application.policies, on: req.db)
            }
            let total = totals[key].map { "\($0.plannedMinutes) / \($0.capMinutes)" } ?? ""
            items.append(QueueItem(
                id: row.id.uuidString, href: HomeworkPaths.homeworkEntry.path(row.id), action: HomeworkPaths.homeworkReview.path(row.id),
                className: ClassNames.name(row.grade_number, row.class_number, language), subject: language == .en ? row.subject_name_en : row.subject_name,
                teacher: row.teacher_name, minutes: row.minutes, kind: req.t("kind." + row.kind), content: row.content, date: row.assigned_on,
                step: req.t("step." + row.review_step), overrideReason: row.override_reason, repetitive: row.possibly_repetitive,
                flags: ContentFlags.rules(row.content_flags).joined(separator: " "), dayTotal: total))
        }
        var overruns: [String] = []
        let watchSchools = Set(actor.memberships.filter { $0.role == .schoolAdmin || $0.role == .headTeacher }.compactMap(\.schoolId))
        let headClasses = Set(actor.memberships.filter { $0.role == .headTeacher }.compactMap(\.classId))
        guard let district = try await District.find(actor.districtId, on: req.db) else { throw AppError.notFound }
        let today = WallClock.today(in: district.zone)
        for schoolId in watchSchools {
            let onlyClasses: Set<UUID>? = actor.adminSchoolIds.contains(schoolId) ? nil : headClasses
            for flag in try await HomeworkService.overruns(schoolId: schoolId, classIds: onlyClasses, policies: req.application.policies, on: req.db, today: today) {
                let example = flag.days.last!
                overruns.append(req.t("review.overrunLine", ClassNames.name(flag.gradeNumber, flag.classNumber, language), String(flag.days.count),
                                      example.date, String(example.reported), String(example.estimated)))
            }
        }
        return try await req.view.render("homework/homework-review", QueuePage(layout: Layout(req, title: req.t("review.title")), items: items,
                                                                      overruns: overruns, notice: notice, error: error))
    }

    struct ReviewForm: Content {
        let action: String?
        let reason: String?
        let minutes: String?
        let content: String?
    }

    @Sendable static func review(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode(ReviewForm.self)
        return try await FormResponse.handle(req, {
            guard let action = HomeworkService.ReviewAction(rawValue: form.action ?? "") else { throw AppError.invalid(field: "action", messageKey: "error.badRequest") }
            let minutes = try await minutes(form.minutes, actor, req)
            let content = form.content.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty }
            _ = try await HomeworkService.review(try req.idParameter(), action: action, reason: form.reason, minutes: minutes, content: content,
                                                 actor, policies: req.application.policies, on: req.db)
            return try await renderQueue(req, notice: req.t("review.done"), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderQueue(req, notice: nil, error: $0) })
    }

    // MARK: one entry

    struct EntryPage: Encodable {
        let layout: Layout
        let id: String
        let className: String
        let subject: String
        let minutes: Int
        let kind: String
        let content: String
        let assignedOn: String
        let dueOn: String
        let status: String
        let step: String?
        let overrideReason: String?
        let withdrawnReason: String?
        let history: [HistoryLine]
        let canResubmit: Bool
        let canWithdraw: Bool
        let notice: String?
        let error: String?
    }

    struct HistoryLine: Encodable {
        let at: String
        let who: String
        let action: String
        let reason: String
        let change: String
    }

    @Sendable static func entry(_ req: Request) async throws -> View {
        try await renderEntry(req, notice: nil, error: nil)
    }

    static func renderEntry(_ req: Request, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        let entry = try await HomeworkService.visibleEntry(try req.idParameter(), actor, on: req.db)
        let subject = try await Subject.find(entry.subjectId, on: req.db)
        let schoolClass = try await SchoolClass.find(entry.classId, on: req.db)
        let zone = try await District.find(entry.districtId, on: req.db)?.zone ?? .current
        let history = try await HomeworkQueries.history(entry.id!, on: req.db).map { line -> HistoryLine in
            var change = ""
            if let before = line.minutesBefore, let after = line.minutesAfter, before != after { change = "\(before) → \(after)" }
            return HistoryLine(at: LocalTime.minute(line.at, zone: zone), who: line.actorName ?? "—", action: req.t("action." + line.action),
                               reason: line.reason ?? "", change: change)
        }
        let page = EntryPage(
            layout: Layout(req, title: req.t("entry.title")), id: entry.id!.uuidString,
            className: schoolClass.map { ClassNames.name($0.gradeNumber, $0.number, language) } ?? "",
            subject: (language == .en ? subject?.nameEn : subject?.name) ?? "", minutes: entry.minutes, kind: req.t("kind." + entry.kind),
            content: entry.content, assignedOn: entry.assignedOn, dueOn: entry.dueOn, status: req.t("status." + entry.status),
            step: entry.reviewStep.map { req.t("step." + $0) }, overrideReason: entry.overrideReason, withdrawnReason: entry.withdrawnReason,
            history: history, canResubmit: entry.teacherId == actor.userId && entry.status == HomeworkEntry.Status.returned.rawValue,
            canWithdraw: (entry.teacherId == actor.userId || actor.adminSchoolIds.contains(entry.schoolId)) && entry.status != HomeworkEntry.Status.withdrawn.rawValue,
            notice: notice, error: error)
        return try await req.view.render("homework/homework-entry", page)
    }

    @Sendable static func resubmit(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode(ReviewForm.self)
        return try await FormResponse.handle(req, {
            _ = try await HomeworkService.resubmit(try req.idParameter(), minutes: try await minutes(form.minutes, actor, req), content: form.content?.nilIfEmpty,
                                                   actor, policies: req.application.policies, on: req.db)
            return try await renderEntry(req, notice: req.t("review.done"), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderEntry(req, notice: nil, error: $0) })
    }

    @Sendable static func withdraw(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode(ReviewForm.self)
        return try await FormResponse.handle(req, {
            _ = try await HomeworkService.withdraw(try req.idParameter(), reason: form.reason, actor, policies: req.application.policies, on: req.db)
            return try await renderEntry(req, notice: req.t("review.done"), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderEntry(req, notice: nil, error: $0) })
    }

    // MARK: what parents see

    struct ClassHomeworkPage: Encodable {
        let layout: Layout
        let className: String
        let date: String
        let previousHref: String
        let nextHref: String
        let total: String
        let average: String?
        let entries: [PublishedLine]
        let children: [FormOption]
        let canReport: Bool
        let feedbackAction: String
        let calendarHref: String
        let canFile: Bool
        let notice: String?
        let error: String?
    }

    struct PublishedLine: Encodable {
        let subject: String
        let kind: String
        let minutes: Int
        let content: String
        let dueOn: String
        let optional: Bool
        let tier: String?
    }

    @Sendable static func classHomework(_ req: Request) async throws -> View {
        try await renderClassHomework(req, notice: nil, error: nil)
    }

    static func renderClassHomework(_ req: Request, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        let classId = try req.idParameter()
        guard let context = try await ClassContext.load(classId, policies: req.application.policies, on: req.db) else { throw AppError.notFound }
        let date = (try? req.query.get(String.self, at: "date")).flatMap(LocalDate.init(iso:)) ?? context.today()
        let day = try await HomeworkService.published(classId: classId, date: date, actor, policies: req.application.policies,
                                                     cache: req.application.publishedDays, context: context, on: req.db)
        let token = try await HomeworkService.feedToken(classId: classId, actor, cache: req.application.publishedDays, context: context, on: req.db)
        let childOptions = actor.children.filter { $0.classId == classId }.map { FormOption(value: $0.studentId.uuidString, label: $0.name, selected: false) }
        let base = HomeworkPaths.classHomework.path(classId)
        let page = ClassHomeworkPage(
            layout: Layout(req, title: req.t("published.title")),
            className: "\(context.school.name) " + ClassNames.name(context.schoolClass.gradeNumber, context.schoolClass.number, language),
            date: date.iso, previousHref: base + "?date=" + date.adding(days: -1).iso, nextHref: base + "?date=" + date.adding(days: 1).iso,
            total: req.t("published.total", String(day.writtenMinutes), String(day.capMinutes), String(day.otherMinutes)),
            average: day.averageReportedMinutes.map { req.t("published.average", String(day.reports), String($0)) },
            entries: day.entries.map {
                PublishedLine(subject: language == .en ? $0.subject_name_en : $0.subject_name, kind: req.t("kind." + $0.kind), minutes: $0.minutes,
                              content: $0.content, dueOn: $0.due_on, optional: $0.optional, tier: $0.tier)
            },
            children: childOptions, canReport: !childOptions.isEmpty && date <= context.today(),
            feedbackAction: HomeworkPaths.classFeedback.path(classId) + "?date=" + date.iso, calendarHref: HomeworkPaths.calendarFeed.path(token + ".ics"),
            canFile: actor.teaching.contains { $0.classId == classId }, notice: notice, error: error)
        return try await req.view.render("homework/class-homework", page)
    }

    struct FeedbackForm: Content {
        let studentId: String?
        let minutes: String?
        let tooMuch: String?
    }

    @Sendable static func feedback(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode(FeedbackForm.self)
        let date = (try? req.query.get(String.self, at: "date")) ?? ""
        return try await FormResponse.handle(req, {
            guard let minutes = Int((form.minutes ?? "").trimmingCharacters(in: .whitespaces)) else {
                throw AppError.invalid(field: "minutes", messageKey: "feedback.badMinutes")
            }
            guard let studentId = form.studentId.flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            try await HomeworkService.report(studentId: studentId, date: date, minutes: minutes, tooMuch: form.tooMuch != nil, actor,
                                             policies: req.application.policies, on: req.db)
            return try await renderClassHomework(req, notice: req.t("feedback.saved"), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderClassHomework(req, notice: nil, error: $0) })
    }

    /// The iCalendar feed: no sign-in, the secret address is the key.
    @Sendable static func calendarFeed(_ req: Request) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        guard file.hasSuffix(".ics") else { throw AppError.notFound }
        let body = try await HomeworkService.calendarFeed(token: String(file.dropLast(4)), on: req.db)
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        return response
    }
}
