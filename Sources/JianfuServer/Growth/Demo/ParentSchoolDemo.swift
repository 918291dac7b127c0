import Fluent
import Foundation
import JianfuCore

/// The demo's home and school: 第一实验小学 held a school-wide parent meeting with a feedback survey and its head
/// teacher of 4-1 weekly online talks; every other school met class by class, but its last class has not met yet; every
/// school has a parent-school lecture and a school committee, and 第一实验小学 class committees too.
enum ParentSchoolDemo {
    static func seed(_ district: District, today: LocalDate, on db: any Database) async throws {
        var rng = SeededGenerator(seed: 2021_10)
        let districtId = district.id!
        guard let term = try await CalendarQueries.planningTerm(districtId: districtId, on: today, on: db), let start = LocalDate(iso: term.startsOn),
              let principal = try await User.query(on: db).filter(\.$username == "principal").first(),
              let teacher = try await User.query(on: db).filter(\.$username == "teacher").first() else { return }
        let parent = try await User.query(on: db).filter(\.$username == "parent").first()
        let now = Date()
        var attendance: [[any Encodable & Sendable]] = []
        var members: [[any Encodable & Sendable]] = []
        func event(_ school: School, _ level: ParentLevel, grade: Int? = nil, classId: UUID? = nil, _ kind: ParentEventKind, _ title: String,
                   on date: LocalDate, agenda: String, organiser: UUID) async throws -> ParentEvent {
            let row = ParentEvent()
            row.districtId = districtId
            row.schoolId = school.id!
            row.termId = term.id!
            row.level = level.rawValue
            row.gradeNumber = grade
            row.classId = classId
            row.kind = kind.rawValue
            row.title = title
            row.heldOn = min(date, today).iso
            row.agenda = agenda
            row.organiserId = organiser
            row.createdAt = now
            try await row.create(on: db)
            return row
        }
        func mark(_ event: ParentEvent, _ pupils: [Student]) {
            for pupil in pupils {
                attendance.append([UUID(), districtId, event.schoolId, event.id!, pupil.id!, rng.next() % 10 < 8, event.organiserId, now])
            }
        }
        let schools = try await School.query(on: db).filter(\.$districtId == districtId).sort(\.$code).all()
        // The demo teacher's school, where the demo principal and parent are.
        let home = try await SchoolClass.query(on: db).filter(\.$headTeacherId == teacher.id!).first()?.schoolId
        for (index, school) in schools.enumerated() {
            let isHome = school.id == home
            let classes = try await SchoolClass.query(on: db).filter(\.$schoolId == school.id!).sort(\.$gradeNumber).sort(\.$number).all()
            let pupils = try await Student.query(on: db).filter(\.$schoolId == school.id!).all()
            let organiser = isHome ? principal.id! : (classes.first?.headTeacherId ?? principal.id!)
            if isHome {
                let meeting = try await event(school, .school, .parentMeeting, "开学家长会", on: start.adding(days: 11),
                                              agenda: "一、学校“双减”工作介绍；二、作业公示与课后服务安排；三、分班交流", organiser: organiser)
                let survey = try await SurveyService.create(SurveyService.NewSurvey(
                    title: "开学家长会·家长反馈", schoolId: school.id!, respondents: .parents, scope: .school, anonymous: true, opensOn: meeting.heldOn,
                    closesOn: LocalDate(iso: meeting.heldOn)!.adding(days: ParentSchoolService.feedbackDays).iso,
                    questions: ParentSchoolService.feedbackQuestions, topic: "parent_event", topicId: meeting.id, termId: term.id),
                    districtId: districtId, by: nil, createdBy: principal.id!, on: db)
                meeting.surveyId = survey.id
                try await meeting.save(on: db)
                mark(meeting, pupils)
                if let headed = classes.first(where: { $0.headTeacherId == teacher.id }) {
                    for week in stride(from: 7, to: max(8, today.dayNumber - start.dayNumber), by: 14) {
                        _ = try await event(school, .class, grade: headed.gradeNumber, classId: headed.id, .onlineTalk, "线上家长教育大讲堂：陪伴孩子阅读",
                                            on: start.adding(days: week), agenda: "亲子共读的方法与时间安排", organiser: teacher.id!)
                    }
                }
            } else {
                // Class by class; the school's last class has not met yet.
                for schoolClass in classes.dropLast() {
                    let meeting = try await event(school, .class, grade: schoolClass.gradeNumber, classId: schoolClass.id, .parentMeeting, "班级家长会",
                                                  on: start.adding(days: 14 + Int(rng.next() % 30)), agenda: "本学期班级情况与家校配合",
                                                  organiser: schoolClass.headTeacherId ?? organiser)
                    mark(meeting, pupils.filter { $0.classId == schoolClass.id })
                }
            }
            _ = try await event(school, .school, .parentSchool, "家长学校：缓解养育焦虑，理性看待成绩", on: start.adding(days: 35 + index),
                                agenda: "家庭教育指导讲座", organiser: organiser)
            // The school's committee: the first families of its first classes, the first of them its chair.
            let guardianships = try await Guardianship.query(on: db).filter(\.$schoolId == school.id!).all()
            let chosen = classes.prefix(3).compactMap { schoolClass in
                pupils.first { $0.classId == schoolClass.id && $0.id != nil }.flatMap { pupil in guardianships.first { $0.studentId == pupil.id } }
            }.filter { $0.guardianId != parent?.id }
            for (seat, guardianship) in chosen.enumerated() {
                members.append([UUID(), districtId, school.id!, ParentLevel.school.rawValue, Int?.none, UUID?.none, guardianship.guardianId, seat == 0,
                                start.adding(days: 20).iso, String?.none, principal.id!, now] as [any Encodable & Sendable])
            }
            if isHome {
                for schoolClass in classes {
                    let ids = Set(pupils.filter { $0.classId == schoolClass.id }.compactMap(\.id))
                    guard let guardian = guardianships.filter({ ids.contains($0.studentId) && $0.guardianId != parent?.id }).dropFirst().first else { continue }
                    members.append([UUID(), districtId, school.id!, ParentLevel.class.rawValue, schoolClass.gradeNumber, schoolClass.id!, guardian.guardianId, true,
                                    start.adding(days: 20).iso, String?.none, principal.id!, now] as [any Encodable & Sendable])
                }
            }
        }
        try await BulkInsert.insert(into: ParentEventAttendance.schema, columns: ["id", "district_id", "school_id", "event_id", "student_id", "attended",
                                                                                  "marked_by", "marked_at"], rows: attendance, on: db)
        try await BulkInsert.insert(into: ParentCommitteeMember.schema, columns: ["id", "district_id", "school_id", "level", "grade_number", "class_id",
                                                                                  "guardian_id", "chair", "since", "until", "added_by", "added_at"], rows: members, on: db)
        try await db.audit(nil, districtId: districtId, schoolId: nil, action: "seed", entity: "parent_school", entityId: nil,
                           detail: ["families marked": String(attendance.count), "committee members": String(members.count)])
    }
}
