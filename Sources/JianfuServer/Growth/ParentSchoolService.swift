import Fluent
import Foundation
import JianfuCore

/// 家校协同 (seed 004 §三(五)2: 家长学校、家长会全覆盖, 三级家长委员会; seed 000: a parent meeting a term, the head
/// teacher's weekly online talk): events with their agenda and a feedback survey, attendance by family, committees,
/// and coverage of every class by a parent meeting this term.
enum ParentSchoolService {
    static let maxAgenda = 2_000
    static let maxTitle = 80
    /// The feedback survey stays open this many days after the event.
    static let feedbackDays = 7

    struct NewEvent: Sendable {
        let schoolId: UUID
        let level: String
        let gradeNumber: Int?
        let classId: UUID?
        let kind: String
        let title: String
        let date: String
        let agenda: String
        let feedback: Bool
    }

    /// A school's administrators organise at any level; a head teacher for their own class.
    static func mayOrganise(_ actor: Actor, schoolId: UUID, level: ParentLevel, classId: UUID?) -> Bool {
        actor.adminSchoolIds.contains(schoolId)
            || (level == .class && classId != nil && actor.memberships.contains { $0.role == .headTeacher && $0.classId == classId })
    }

    static func createEvent(_ new: NewEvent, _ actor: Actor, on db: any Database) async throws -> ParentEvent {
        guard let school = try await School.find(new.schoolId, on: db), actor.canSee(schoolId: new.schoolId, districtId: school.districtId) else {
            throw AppError.notFound
        }
        guard let level = ParentLevel(rawValue: new.level) else { throw GrowthError.badLevel(new.level) }
        guard let kind = ParentEventKind(rawValue: new.kind) else { throw GrowthError.badEventKind(new.kind) }
        var grade = new.gradeNumber, classId: UUID? = nil
        switch level {
        case .school: grade = nil
        case .grade:
            guard let number = grade, try await SchoolClass.query(on: db).filter(\.$schoolId == school.id!).filter(\.$gradeNumber == number).count() > 0 else {
                throw GrowthError.badGrade(new.gradeNumber ?? 0)
            }
        case .class:
            guard let id = new.classId, let schoolClass = try await SchoolClass.find(id, on: db), schoolClass.schoolId == school.id else {
                throw AppError.invalid(field: "class", messageKey: "form.required", args: ["growth.class"])
            }
            classId = id
            grade = schoolClass.gradeNumber
        }
        guard mayOrganise(actor, schoolId: school.id!, level: level, classId: classId) else { throw AppError.forbidden }
        let title = new.title.trimmingCharacters(in: .whitespacesAndNewlines)
        try Validate.required(title, field: "title", label: "growth.eventTitle", max: maxTitle)
        let agenda = new.agenda.trimmingCharacters(in: .whitespacesAndNewlines)
        guard agenda.count <= maxAgenda else { throw AppError.invalid(field: "agenda", messageKey: "form.tooLong", args: ["growth.agenda", String(maxAgenda)]) }
        guard let date = LocalDate(iso: new.date) else { throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["growth.date"]) }
        guard let term = try await Term.query(on: db).filter(\.$districtId == school.districtId)
            .filter(\.$startsOn <= date.iso).filter(\.$endsOn >= date.iso).first() else { throw GrowthError.outsideTerms(date.iso) }
        let event = ParentEvent()
        event.districtId = school.districtId
        event.schoolId = school.id!
        event.termId = term.id!
        event.level = level.rawValue
        event.gradeNumber = grade
        event.classId = classId
        event.kind = kind.rawValue
        event.title = title
        event.heldOn = date.iso
        event.agenda = agenda
        event.organiserId = actor.userId
        event.createdAt = WallClock.now()
        let (surveyGrade, surveyClass) = (level == .grade ? grade : nil, classId)
        try await db.writeTransaction { tx in
            try await event.create(on: tx)
            if new.feedback {
                // The module puts the survey on the organiser's behalf, as the after-school satisfaction survey does.
                let survey = try await SurveyService.create(SurveyService.NewSurvey(
                    title: "\(title)·家长反馈", schoolId: school.id!, respondents: .parents, scope: level == .school ? .school : level == .grade ? .grade : .class,
                    gradeNumber: surveyGrade, classId: surveyClass, anonymous: true, opensOn: date.iso,
                    closesOn: date.adding(days: feedbackDays).iso, questions: feedbackQuestions, topic: "parent_event", topicId: event.id,
                    termId: term.id), districtId: school.districtId, by: actor, createdBy: actor.userId, on: tx)
                event.surveyId = survey.id
                try await event.save(on: tx)
            }
            try await tx.audit(actor, districtId: school.districtId, schoolId: school.id, action: "parents.event.create", entity: ParentEvent.schema,
                               entityId: event.id, detail: ["kind": kind.rawValue, "level": level.rawValue, "date": date.iso, "title": title])
        }
        return event
    }

    static let feedbackQuestions = [
        SurveyQuestion(id: "useful", kind: .scale, text: "本次活动对您有帮助吗？（1 没有帮助 — 5 很有帮助）"),
        SurveyQuestion(id: "suggestion", kind: .text, text: "您的意见和建议", required: false),
    ]

    /// Marks which families of one class came: the school's administrators, or the class's head teacher.
    static func markAttendance(eventId: UUID, classId: UUID, attended: Set<UUID>, _ actor: Actor, on db: any Database) async throws -> Int {
        guard let event = try await ParentEvent.find(eventId, on: db), actor.canSee(schoolId: event.schoolId, districtId: event.districtId),
              let schoolClass = try await SchoolClass.find(classId, on: db), schoolClass.schoolId == event.schoolId else { throw AppError.notFound }
        let held = ParentMeetings.Held(kind: ParentEventKind(rawValue: event.kind) ?? .parentMeeting, level: ParentLevel(rawValue: event.level) ?? .school,
                                       grade: event.gradeNumber, classId: event.classId)
        guard held.covers(.init(id: classId, grade: schoolClass.gradeNumber)) else { throw GrowthError.classNotInvited }
        guard mayOrganise(actor, schoolId: event.schoolId, level: .class, classId: classId) else { throw AppError.forbidden }
        let pupils = try await Student.query(on: db).filter(\.$classId == classId).filter(\.$erasedAt == nil).all()
        let existing = try await ParentEventAttendance.query(on: db).filter(\.$eventId == eventId).filter(\.$studentId ~~ pupils.compactMap(\.id)).all()
        let now = WallClock.now()
        try await db.writeTransaction { tx in
            for pupil in pupils {
                let row = existing.first { $0.studentId == pupil.id } ?? ParentEventAttendance()
                row.districtId = event.districtId
                row.schoolId = event.schoolId
                row.eventId = eventId
                row.studentId = pupil.id!
                row.attended = attended.contains(pupil.id!)
                row.markedBy = actor.userId
                row.markedAt = now
                try await row.save(on: tx)
            }
            try await tx.audit(actor, districtId: event.districtId, schoolId: event.schoolId, action: "parents.attendance", entity: ParentEvent.schema,
                               entityId: eventId, detail: ["class": classId.uuidString, "attended": String(attended.intersection(Set(pupils.compactMap(\.id))).count),
                                                           "families": String(pupils.count)])
        }
        return attended.intersection(Set(pupils.compactMap(\.id))).count
    }

    struct NewMember: Sendable {
        let classId: UUID
        let level: String
        let guardianId: UUID
        let chair: Bool
        let since: String
    }

    /// Puts a guardian of a class's pupil on the class's, its grade's or the school's committee.
    static func addMember(_ new: NewMember, _ actor: Actor, on db: any Database) async throws -> ParentCommitteeMember {
        guard let schoolClass = try await SchoolClass.find(new.classId, on: db),
              actor.canSee(schoolId: schoolClass.schoolId, districtId: schoolClass.districtId) else { throw AppError.notFound }
        guard let level = ParentLevel(rawValue: new.level) else { throw GrowthError.badLevel(new.level) }
        guard mayOrganise(actor, schoolId: schoolClass.schoolId, level: level, classId: schoolClass.id) else { throw AppError.forbidden }
        guard try await ParentSchoolQueries.guardians(classId: schoolClass.id!, on: db).contains(where: { $0.guardian_id == new.guardianId }) else {
            throw GrowthError.notAGuardianOfClass
        }
        guard let since = LocalDate(iso: new.since) else { throw AppError.invalid(field: "since", messageKey: "homework.badDate", args: ["growth.since"]) }
        var serving = ParentCommitteeMember.query(on: db).filter(\.$schoolId == schoolClass.schoolId).filter(\.$guardianId == new.guardianId)
            .filter(\.$level == level.rawValue).filter(\.$until == nil)
        if level == .grade { serving = serving.filter(\.$gradeNumber == schoolClass.gradeNumber) }
        if level == .class { serving = serving.filter(\.$classId == schoolClass.id) }
        guard try await serving.count() == 0 else { throw GrowthError.alreadyMember }
        let row = ParentCommitteeMember()
        row.districtId = schoolClass.districtId
        row.schoolId = schoolClass.schoolId
        row.level = level.rawValue
        row.gradeNumber = level == .school ? nil : schoolClass.gradeNumber
        row.classId = level == .class ? schoolClass.id : nil
        row.guardianId = new.guardianId
        row.chair = new.chair
        row.since = since.iso
        row.addedBy = actor.userId
        row.addedAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.create(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "parents.committee.add", entity: ParentCommitteeMember.schema,
                               entityId: row.id, detail: ["level": level.rawValue, "guardian": new.guardianId.uuidString, "chair": String(new.chair)])
        }
        return row
    }

    struct SchoolLine: Sendable {
        let school: School
        let classes: Int
        /// Classes no parent meeting covered this term.
        let uncovered: [ParentSchoolQueries.ClassRow]
        let lectures: Int
        let onlineTalks: Int
        let attendancePercent: Int?
        /// Committees serving at each level: the school's (0 or 1), grades', classes'.
        let committees: [ParentLevel: Int]
    }

    struct Overview: Sendable {
        let period: TutoringService.Period
        let events: [ParentSchoolQueries.EventRow]
        let schools: [SchoolLine]
        let members: [ParentSchoolQueries.MemberRow]
    }

    /// This term's events and coverage the person may see: the district's roles every school, a school's staff their
    /// school, a guardian the events for their children's classes.
    static func overview(_ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Overview {
        let period = try await TutoringService.currentTerm(actor, policies: policies, on: db)
        let districtId = period.district.id!
        let scope: Set<UUID>? = actor.isDistrictWide ? nil : actor.staffSchoolIds.union(actor.children.map(\.schoolId))
        var events = try await ParentSchoolQueries.events(districtId: districtId, termId: period.term.id!, schoolIds: scope, on: db)
        if !actor.isDistrictWide && actor.staffSchoolIds.isEmpty {
            let grades = Dictionary(try await SchoolClass.query(on: db).filter(\.$id ~~ actor.children.map(\.classId)).all().map { ($0.id!, $0.gradeNumber) },
                                    uniquingKeysWith: { first, _ in first })
            events = events.filter { event in
                guard let level = ParentLevel(rawValue: event.level) else { return false }
                let held = ParentMeetings.Held(kind: .parentMeeting, level: level, grade: event.grade_number, classId: event.class_id)
                return actor.children.contains { child in
                    child.schoolId == event.school_id && grades[child.classId].map { held.covers(.init(id: child.classId, grade: $0)) } == true
                }
            }
        }
        var lines: [SchoolLine] = []
        var members: [ParentSchoolQueries.MemberRow] = []
        if actor.isDistrictWide || !actor.adminSchoolIds.isEmpty {
            let schoolScope = actor.isDistrictWide ? nil : actor.adminSchoolIds
            let schools = try await School.query(on: db).filter(\.$districtId == districtId).sort(\.$code).all()
                .filter { schoolScope?.contains($0.id!) ?? true }
            let classes = try await ParentSchoolQueries.classes(districtId: districtId, schoolIds: schoolScope, on: db)
            members = try await ParentSchoolQueries.members(schoolIds: Set(schools.compactMap(\.id)), on: db)
            for school in schools {
                let own = events.filter { $0.school_id == school.id }
                let schoolClasses = classes.filter { $0.school_id == school.id }
                let uncovered = uncoveredClasses(schoolClasses, by: own)
                let meetings = own.filter { $0.kind == ParentEventKind.parentMeeting.rawValue }
                let mine = members.filter { $0.school_id == school.id }
                lines.append(SchoolLine(
                    school: school, classes: schoolClasses.count, uncovered: schoolClasses.filter { uncovered.contains($0.id) },
                    lectures: own.filter { $0.kind == ParentEventKind.parentSchool.rawValue }.count,
                    onlineTalks: own.filter { $0.kind == ParentEventKind.onlineTalk.rawValue }.count,
                    attendancePercent: ParentMeetings.attendancePercent(attended: meetings.reduce(0) { $0 + $1.attended }, marked: meetings.reduce(0) { $0 + $1.marked }),
                    committees: [
                        .school: mine.contains { $0.level == ParentLevel.school.rawValue } ? 1 : 0,
                        .grade: Set(mine.filter { $0.level == ParentLevel.grade.rawValue }.compactMap(\.grade_number)).count,
                        .class: Set(mine.filter { $0.level == ParentLevel.class.rawValue }.compactMap(\.class_id)).count,
                    ]))
            }
        }
        return Overview(period: period, events: events, schools: lines, members: members)
    }

    /// The classes of one school no parent meeting of its events covered.
    static func uncoveredClasses(_ classes: [ParentSchoolQueries.ClassRow], by events: [ParentSchoolQueries.EventRow]) -> Set<UUID> {
        let held = events.compactMap { row -> ParentMeetings.Held? in
            guard let kind = ParentEventKind(rawValue: row.kind), let level = ParentLevel(rawValue: row.level) else { return nil }
            return .init(kind: kind, level: level, grade: row.grade_number, classId: row.class_id)
        }
        return Set(ParentMeetings.uncovered(classes.map { .init(id: $0.id, grade: $0.grade_number) }, by: held, kind: .parentMeeting))
    }
}
