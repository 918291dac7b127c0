import Fluent
import Foundation
import JianfuCore

/// The demo's 综合素质评价: the district sets a display of five working days (its own number: EV-03 has none nationally).
/// The demo parent's child's class has every evaluation approved and is on display since two working days ago, with the
/// demo parent's objection waiting for an answer; the home school's other classes are spread along the chain (with the
/// pupil, with the group, the class, the school), each pupil with records and monthly summaries; every other school's
/// first class has begun recording, except that parent2's class at 第一中学 has every classmate approved and waits only
/// for parent2's child, so one pupil can be walked from the self evaluation to the seal.
enum EvaluationDemo {
    static let facts: [QualityDimension: [String]] = [
        .moral: ["担任班级图书角管理员，每周整理图书", "主动帮助同学讲解数学题", "参加升旗仪式担任护旗手"],
        .academic: ["完成“秋天的校园”观察日记", "科学课小组实验报告获评优秀", "坚持每天阅读三十分钟，读完两本书"],
        .health: ["校运会跳绳比赛完成一百八十个", "坚持每天课间跑步", "参加心理健康主题班会并分享"],
        .arts: ["合唱团排练并参加学校艺术节演出", "美术作品在班级展览", "学习一首古筝曲目"],
        .practice: ["参加社区垃圾分类志愿服务", "在家承担洗碗等家务劳动", "参观区科技馆并写下参观记录"],
    ]

    static func seed(_ district: District, today: LocalDate, on db: any Database) async throws {
        let districtId = district.id!
        var adjustments = try PolicyStore.adjustments(of: district)
        adjustments["growth.displayWorkingDays"] = 5
        district.policyAdjustments = JSONText.encode(adjustments)
        try await district.save(on: db)
        guard let term = try await CalendarQueries.planningTerm(districtId: districtId, on: today, on: db),
              let calendar = try await CalendarQueries.calendar(districtId: districtId, containing: LocalDate(iso: term.startsOn)!, on: db),
              let teacher = try await User.query(on: db).filter(\.$username == "teacher").first(),
              let parent = try await User.query(on: db).filter(\.$username == "parent").first(),
              let guardianship = try await Guardianship.query(on: db).filter(\.$guardianId == parent.id!).first(),
              let child = try await Student.find(guardianship.studentId, on: db) else { return }
        var secondChild: UUID?, secondClass: UUID?
        if let secondParent = try await User.query(on: db).filter(\.$districtId == districtId).filter(\.$username == "parent2").first(),
           let link = try await Guardianship.query(on: db).filter(\.$guardianId == secondParent.id!).first() {
            secondChild = link.studentId
            secondClass = try await Student.find(link.studentId, on: db)?.classId
        }
        let termId = term.id!, now = Date()
        let start = calendar.startsOn, last = min(today, calendar.endsOn)
        guard start <= last else { return }
        var records: [[any Encodable & Sendable]] = []
        var summaries: [[any Encodable & Sendable]] = []
        var evaluations: [[any Encodable & Sendable]] = []
        let months = EvaluationMonths.due(termStart: start, termEnd: calendar.endsOn, today: today)
        let span = max(1, last.dayNumber - start.dayNumber)
        func record(_ pupil: Student, _ n: Int, guardian: UUID) {
            for k in 0..<2 {
                let dimension = QualityDimension.allCases[(n + k * 2) % QualityDimension.allCases.count]
                let texts = facts[dimension]!
                let date = start.adding(days: (n * 7 + k * 23) % span)
                records.append([UUID(), districtId, pupil.schoolId, termId, pupil.id!, dimension.rawValue, date.iso, texts[(n + k) % texts.count],
                                k == 0 ? "照片一张" : "", guardian, now] as [any Encodable & Sendable])
            }
        }
        func summarise(_ pupil: Student, guardian: UUID, through: Int) {
            for month in months.prefix(through) {
                summaries.append([UUID(), districtId, pupil.schoolId, termId, pupil.id!, month, "本月按时完成作业，坚持阅读和锻炼。", guardian, now]
                                 as [any Encodable & Sendable])
            }
        }
        func evaluate(_ pupil: Student, _ stage: EvaluationStage, by: UUID) -> UUID {
            let id = UUID()
            let reached = EvaluationChain(group: true, classReview: true).steps.firstIndex(of: stage) ?? 4
            evaluations.append([id, districtId, pupil.schoolId, pupil.classId, termId, pupil.id!, stage.rawValue,
                                "本学期我在学习和生活中都有进步，也认识到还要更主动地发言。",
                                reached > 1 ? "小组评议：团结同学，乐于分享学习方法。" : "",
                                reached > 2 ? "该生品行端正，学习认真，积极参加集体活动。" : "",
                                "", "", by, now, Date?.none] as [any Encodable & Sendable])
            return id
        }

        let guardianships = try await Guardianship.query(on: db).filter(\.$districtId == districtId).all()
        let guardianOf = Dictionary(guardianships.map { ($0.studentId, $0.guardianId) }) { first, _ in first }
        let schools = try await School.query(on: db).filter(\.$districtId == districtId).sort(\.$code).all()
        var childEvaluation: UUID?
        for school in schools {
            let isHome = school.id == child.schoolId
            let classes = try await SchoolClass.query(on: db).filter(\.$schoolId == school.id!).sort(\.$gradeNumber).sort(\.$number).all()
            for schoolClass in isHome ? classes : Array(classes.prefix(1)) {
                let pupils = try await Student.query(on: db).filter(\.$classId == schoolClass.id!).filter(\.$erasedAt == nil).sort(\.$studentNumber).all()
                for (n, pupil) in pupils.enumerated() {
                    guard let guardian = guardianOf[pupil.id!] else { continue }
                    record(pupil, n, guardian: guardian)
                    if schoolClass.id == secondClass, pupil.id != secondChild {
                        summarise(pupil, guardian: guardian, through: months.count)
                        _ = evaluate(pupil, .approved, by: schoolClass.headTeacherId ?? guardian)
                    }
                    if !isHome { continue }
                    if schoolClass.id == child.classId {
                        summarise(pupil, guardian: guardian, through: months.count)
                        let id = evaluate(pupil, .approved, by: schoolClass.headTeacherId ?? teacher.id!)
                        if pupil.id == child.id { childEvaluation = id }
                    } else {
                        summarise(pupil, guardian: guardian, through: max(0, months.count - 1))
                        let stages: [EvaluationStage?] = [nil, nil, .group, .classReview, .school]
                        if let stage = stages[n % stages.count] { _ = evaluate(pupil, stage, by: guardian) }
                    }
                }
            }
        }
        try await BulkInsert.insert(into: QualityRecord.schema, columns: ["id", "district_id", "school_id", "term_id", "student_id", "dimension", "occurred_on",
                                                                          "fact", "evidence", "entered_by", "created_at"], rows: records, on: db)
        try await BulkInsert.insert(into: QualitySummary.schema, columns: ["id", "district_id", "school_id", "term_id", "student_id", "month", "text",
                                                                           "written_by", "written_at"], rows: summaries, on: db)
        try await BulkInsert.insert(into: QualityEvaluation.schema, columns: ["id", "district_id", "school_id", "class_id", "term_id", "student_id", "stage",
                                                                              "self_text", "group_text", "class_text", "school_note", "returned_note",
                                                                              "updated_by", "updated_at", "sealed_at"], rows: evaluations, on: db)
        // The child's class went on display two working days ago.
        var displayStart = today
        for _ in 0..<2 {
            repeat { displayStart = displayStart.adding(days: -1) } while !EvaluationDisplay.isWorkingDay(displayStart, calendar: calendar)
        }
        let display = QualityDisplay()
        display.districtId = districtId
        display.schoolId = child.schoolId
        display.classId = child.classId
        display.termId = termId
        display.startsOn = displayStart.iso
        display.endsOn = EvaluationDisplay.lastDay(start: displayStart, workingDays: 5, calendar: calendar).iso
        display.workingDays = 5
        display.startedBy = try await SchoolClass.find(child.classId, on: db)?.headTeacherId ?? teacher.id!
        display.startedAt = now
        try await display.create(on: db)
        if let childEvaluation {
            let objection = QualityObjection()
            objection.districtId = districtId
            objection.schoolId = child.schoolId
            objection.displayId = display.id!
            objection.evaluationId = childEvaluation
            objection.raisedBy = parent.id!
            objection.raisedAt = now
            objection.text = "孩子本学期参加了区科技节并获得三等奖，公示材料中没有这条记录，请核实补充。"
            objection.answer = ""
            try await objection.create(on: db)
        }
        try await db.audit(nil, districtId: districtId, schoolId: nil, action: "seed", entity: "quality_evaluation", entityId: nil,
                           detail: ["records": String(records.count), "evaluations": String(evaluations.count)])
    }
}
