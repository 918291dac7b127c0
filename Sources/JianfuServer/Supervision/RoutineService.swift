import Fluent
import Foundation
import JianfuCore

/// Teaching routines (教学常规): the posts that observe lessons against the profile's quotas, the lessons observed and
/// critiqued, subject groups' research sessions, and everyone's progress judged by the term's pace.
enum RoutineService {
    static let maxNotes = 2_000
    static let maxMinutes = 600

    /// The post a person holds, if any.
    static func post(of userId: UUID, on db: any Database) async throws -> StaffPostHolder? {
        try await StaffPostHolder.query(on: db).filter(\.$userId == userId).first()
    }

    /// A school's administrators give their own staff a school post; the bureau makes the district's staff researchers.
    static func assignPost(userId: UUID, post raw: String, _ actor: Actor, on db: any Database) async throws -> StaffPostHolder {
        guard actor.isBureauAdmin || !actor.adminSchoolIds.isEmpty else { throw AppError.forbidden }
        guard let user = try await User.find(userId, on: db), user.districtId == actor.districtId else { throw AppError.notFound }
        guard let post = StaffPost(rawValue: raw) else { throw SupervisionError.badPost(raw) }
        if post.isSchoolPost {
            guard let schoolId = user.schoolId, actor.adminSchoolIds.contains(schoolId) || actor.isBureauAdmin else {
                throw user.schoolId == nil ? SupervisionError.postNotForDistrictStaff : AppError.notFound
            }
        } else {
            guard actor.isBureauAdmin else { throw AppError.forbidden }
            guard user.schoolId == nil else { throw SupervisionError.researcherIsDistrictStaff }
        }
        let holder = try await Self.post(of: userId, on: db) ?? StaffPostHolder()
        let before = holder.id == nil ? "" : holder.post
        holder.districtId = user.districtId
        holder.schoolId = post.isSchoolPost ? user.schoolId : nil
        holder.userId = userId
        holder.post = post.rawValue
        holder.assignedBy = actor.userId
        holder.assignedAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await holder.save(on: tx)
            try await tx.audit(actor, districtId: user.districtId, schoolId: user.schoolId, action: "supervision.post.assign", entity: StaffPostHolder.schema,
                               entityId: holder.id, detail: ["user": userId.uuidString, "post": post.rawValue, "before": before])
        }
        return holder
    }

    struct NewObservation: Sendable {
        let date: String
        let classId: UUID
        let subjectId: UUID
        /// nil: the teacher of the subject in that class.
        let teacherId: UUID?
        let critiqued: Bool
        let notes: String
    }

    /// Logs a lesson observed by a holder of a post: a class of their own school (researchers: any in the district),
    /// taught that subject by that teacher, on a day of a term that has come.
    static func logObservation(_ new: NewObservation, _ actor: Actor, on db: any Database) async throws -> LessonObservation {
        guard let holder = try await post(of: actor.userId, on: db), let post = StaffPost(rawValue: holder.post) else { throw SupervisionError.noPost }
        guard let date = LocalDate(iso: new.date) else { throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["sup.observedOn"]) }
        guard let schoolClass = try await SchoolClass.find(new.classId, on: db), schoolClass.districtId == actor.districtId else {
            throw AppError.invalid(field: "classId", messageKey: "sup.noSuchClass")
        }
        if post.isSchoolPost && schoolClass.schoolId != holder.schoolId { throw SupervisionError.classOfAnotherSchool }
        let taught = try await TeachingAssignment.query(on: db).filter(\.$classId == schoolClass.id!).filter(\.$subjectId == new.subjectId).all()
        guard !taught.isEmpty else { throw SupervisionError.subjectNotTaught }
        let teacherId = new.teacherId ?? taught[0].teacherId
        guard taught.contains(where: { $0.teacherId == teacherId }) else { throw SupervisionError.teacherNotOfClass }
        let notes = new.notes.trimmingCharacters(in: .whitespacesAndNewlines)
        guard notes.count <= maxNotes else { throw AppError.invalid(field: "notes", messageKey: "form.tooLong", args: ["sup.notes", String(maxNotes)]) }
        let term = try await termOf(date, actor, on: db)
        let row = LessonObservation()
        row.districtId = actor.districtId
        row.schoolId = schoolClass.schoolId
        row.termId = term.id!
        row.observerId = actor.userId
        row.observerPost = post.rawValue
        row.observedOn = date.iso
        row.classId = schoolClass.id!
        row.subjectId = new.subjectId
        row.teacherId = teacherId
        row.critiqued = new.critiqued
        row.notes = notes
        row.createdAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.create(on: tx)
            try await tx.audit(actor, districtId: actor.districtId, schoolId: schoolClass.schoolId, action: "supervision.observation", entity: LessonObservation.schema,
                               entityId: row.id, detail: ["date": date.iso, "class": schoolClass.id!.uuidString, "critiqued": String(new.critiqued)])
        }
        return row
    }

    /// The term a routine's day belongs to: one that holds it, and not a day still to come.
    static func termOf(_ date: LocalDate, _ actor: Actor, on db: any Database) async throws -> Term {
        let today = try await SupervisionService.today(actor, on: db)
        guard date <= today else { throw SupervisionError.notYet(date.iso) }
        guard let term = try await Term.query(on: db).filter(\.$districtId == actor.districtId)
            .filter(\.$startsOn <= date.iso).filter(\.$endsOn >= date.iso).first() else { throw SupervisionError.outsideTerms(date.iso) }
        return term
    }

    struct NewSession: Sendable {
        let schoolId: UUID
        let subjectId: UUID?
        let date: String
        let minutes: Int
        let schoolWide: Bool
        let topic: String
    }

    /// A subject group's session, logged by the school's administrators; a researcher logs the sessions they guided.
    static func logSession(_ new: NewSession, _ actor: Actor, on db: any Database) async throws -> ResearchSession {
        let school = try await SupervisionService.school(new.schoolId, actor, on: db)
        let holder = try await post(of: actor.userId, on: db)
        let isResearcher = holder?.post == StaffPost.researcher.rawValue
        guard actor.adminSchoolIds.contains(school.id!) || isResearcher else { throw AppError.forbidden }
        guard let date = LocalDate(iso: new.date) else { throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["sup.heldOn"]) }
        guard (1...maxMinutes).contains(new.minutes) else {
            throw AppError.invalid(field: "minutes", messageKey: "sup.badMinutes", args: [String(maxMinutes)])
        }
        if let subjectId = new.subjectId {
            guard let subject = try await Subject.find(subjectId, on: db), subject.districtId == school.districtId else {
                throw AppError.invalid(field: "subjectId", messageKey: "sup.noSuchSubject")
            }
        } else if !new.schoolWide {
            throw AppError.invalid(field: "subjectId", messageKey: "sup.groupOrSchoolWide")
        }
        let topic = new.topic.trimmingCharacters(in: .whitespacesAndNewlines)
        try Validate.required(topic, field: "topic", label: "sup.topic", max: SupervisionService.maxShortText * 2)
        let term = try await termOf(date, actor, on: db)
        let row = ResearchSession()
        row.districtId = school.districtId
        row.schoolId = school.id!
        row.termId = term.id!
        row.subjectId = new.subjectId
        row.heldOn = date.iso
        row.minutes = new.minutes
        row.schoolWide = new.schoolWide
        row.guidedBy = isResearcher ? actor.userId : nil
        row.topic = topic
        row.loggedBy = actor.userId
        row.createdAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.create(on: tx)
            try await tx.audit(actor, districtId: school.districtId, schoolId: school.id, action: "supervision.research", entity: ResearchSession.schema,
                               entityId: row.id, detail: ["date": date.iso, "minutes": String(new.minutes), "schoolWide": String(new.schoolWide)])
        }
        return row
    }

    struct PersonProgress: Sendable {
        let userId: UUID
        let name: String
        let schoolId: UUID?
        let schoolName: String?
        let post: StaffPost
        let heard: QuotaProgress
        let critiqued: QuotaProgress
        /// Researchers only.
        let guided: QuotaProgress?

        var behind: Bool { heard.behind || critiqued.behind || guided?.behind == true }
    }

    struct GroupProgress: Sendable {
        let schoolId: UUID
        let subjectId: UUID
        let subjectName: String
        let minutesThisTerm: Int
        /// Ended weeks in which the group met for less than the profile asks.
        let shortWeeks: [LocalDate]
    }

    struct SchoolWideProgress: Sendable {
        let schoolId: UUID
        let schoolName: String
        let sessions: QuotaProgress
    }

    struct Progress: Sendable {
        let term: Term
        let today: LocalDate
        let people: [PersonProgress]
        let groups: [GroupProgress]
        let schoolWide: [SchoolWideProgress]
        let rules: PolicyProfile.Supervision
        let weeksEnded: Int
    }

    /// Everyone's progress the person may see this term: the district's roles all of it (or one school's), a school's
    /// administrators their school's, anyone else holding a post their own.
    static func progress(schoolId: UUID?, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Progress {
        guard let district = try await District.find(actor.districtId, on: db) else { throw AppError.notFound }
        let today = WallClock.today(in: district.zone)
        guard let term = try await CalendarQueries.planningTerm(districtId: district.id!, on: today, on: db),
              let calendar = try await CalendarQueries.calendar(districtId: district.id!, containing: LocalDate(iso: term.startsOn)!, on: db) else {
            throw AppError.notFound
        }
        let rules = try policies.profile(for: district).supervision
        var scope: Set<UUID>?
        var ownOnly = false
        if actor.isDistrictWide || !actor.adminSchoolIds.isEmpty {
            scope = try await SupervisionService.listScope(schoolId, actor, on: db)
        } else {
            ownOnly = true
            guard try await post(of: actor.userId, on: db) != nil else { throw AppError.forbidden }
        }
        var holders = try await RoutineQueries.holders(districtId: district.id!, schoolIds: scope, on: db)
        if ownOnly { holders = holders.filter { $0.user_id == actor.userId } }
        if !ownOnly, scope != nil, let own = try await post(of: actor.userId, on: db), own.schoolId == nil,
           !holders.contains(where: { $0.user_id == actor.userId }) {
            holders += try await RoutineQueries.holders(districtId: district.id!, schoolIds: nil, on: db).filter { $0.user_id == actor.userId }
        }
        let counts = try await RoutineQueries.observationCounts(districtId: district.id!, termId: term.id!, on: db)
        let guided = try await RoutineQueries.guidedCounts(districtId: district.id!, termId: term.id!, on: db)
        let people = holders.compactMap { row -> PersonProgress? in
            guard let post = StaffPost(rawValue: row.post) else { return nil }
            let done = counts[row.user_id]
            return PersonProgress(
                userId: row.user_id, name: row.display_name, schoolId: row.school_id, schoolName: row.school_name, post: post,
                heard: RoutineQuota.progress(done: done?.heard ?? 0, quota: rules.heard[post].value, calendar: calendar, today: today),
                critiqued: RoutineQuota.progress(done: done?.critiqued ?? 0, quota: rules.critiqued[post].value, calendar: calendar, today: today),
                guided: post == .researcher
                    ? RoutineQuota.progress(done: guided[row.user_id] ?? 0, quota: rules.researcherGuided.value, calendar: calendar, today: today) : nil)
        }
        let weeks = RoutineQuota.endedWeeks(calendar, today: today)
        var groups: [GroupProgress] = []
        var schoolWide: [SchoolWideProgress] = []
        if !ownOnly && scope != nil {
            let sessions = try await RoutineQueries.sessions(districtId: district.id!, termId: term.id!, schoolIds: scope, on: db)
            let schools = try await School.query(on: db).filter(\.$id ~~ Array(scope!)).sort(\.$code).all()
            let subjects = try await RoutineQueries.taughtSubjects(schoolIds: scope!, on: db)
            for school in schools {
                let mine = sessions.filter { $0.school_id == school.id }
                for subject in subjects where subject.school_id == school.id {
                    let held = mine.filter { $0.subject_id == subject.subject_id || $0.school_wide }
                    var byWeek: [LocalDate: Int] = [:]
                    for session in held { if let day = LocalDate(iso: session.held_on) { byWeek[RoutineQuota.monday(of: day), default: 0] += session.minutes } }
                    groups.append(GroupProgress(schoolId: school.id!, subjectId: subject.subject_id, subjectName: subject.name,
                                                minutesThisTerm: held.reduce(0) { $0 + $1.minutes },
                                                shortWeeks: RoutineQuota.shortWeeks(minutesByWeek: byWeek, weeks: weeks, required: rules.researchMinutesPerWeek.value)))
                }
                schoolWide.append(SchoolWideProgress(schoolId: school.id!, schoolName: school.name, sessions: RoutineQuota.progress(
                    done: mine.filter(\.school_wide).count, quota: rules.schoolWideResearchPerTerm.value, calendar: calendar, today: today)))
            }
        }
        return Progress(term: term, today: today, people: people.sorted { ($0.behind ? 0 : 1, $0.schoolName ?? "") < ($1.behind ? 0 : 1, $1.schoolName ?? "") },
                        groups: groups, schoolWide: schoolWide, rules: rules, weeksEnded: weeks.count)
    }
}
