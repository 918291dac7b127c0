import Fluent
import Foundation
import JianfuCore

/// The term's five-managements questionnaires in every demo school but the last, open since ten days ago, answered for
/// about two pupils in three: most sleep enough in the lower grades and less in the upper, a few bring phones without
/// consent. The demo parents' children have no answers yet, so a visitor can give one.
enum MonitoringDemo {
    static func seed(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        guard let term = try await CalendarQueries.planningTerm(districtId: district.id!, on: today, on: db) else { return }
        let profile = try policies.profile(for: district)
        let system = try district.system
        let bureau = try await AfterSchoolDemo.bureauAdmin(district.id!, on: db)
        let opens = today.adding(days: -10)
        let schools = try await School.query(on: db).filter(\.$districtId == district.id!).sort(\.$code).all()
        for school in schools.dropLast() {
            _ = try await MonitoringService.put(school, term: term, opensOn: opens.iso, closesOn: today.adding(days: 4).iso, profile: profile, system: system,
                                                by: nil, createdBy: bureau, on: db)
        }
        let visitors = Set(try await User.query(on: db).filter(\.$districtId == district.id!).filter(\.$username ~~ AfterSchoolDemo.demoParents).all()
            .compactMap(\.id))
        let visitorsChildren = Set(try await Guardianship.query(on: db).filter(\.$guardianId ~~ visitors).all().map(\.studentId))
        let classes = Dictionary(try await SchoolClass.query(on: db).filter(\.$districtId == district.id!).all().map { ($0.id!, $0.gradeNumber) },
                                 uniquingKeysWith: { a, _ in a })
        let pupils = Dictionary(grouping: try await Student.query(on: db).filter(\.$districtId == district.id!).all(),
                                by: { PupilGrade(school: $0.schoolId, grade: classes[$0.classId] ?? 0) })
        let surveys = try await MonitoringQueries.surveys(districtId: district.id!, schoolIds: nil, termId: term.id!, on: db)
        var marks: [[any Encodable & Sendable]] = []
        var responses: [[any Encodable & Sendable]] = []
        for survey in surveys {
            guard let grade = survey.gradeNumber, let schoolId = survey.schoolId else { continue }
            var rng = SeededGenerator(seed: UInt64(grade) &* 7919 &+ survey.title.unicodeScalars.reduce(UInt64(17)) { $0 &* 31 &+ UInt64($1.value) })
            let questions = survey.questionList
            func options(_ q: MonitoringQuestion) -> [String] { questions.first { $0.id == q.rawValue }?.options ?? [] }
            let bedtimes = options(.bedtime), phones = options(.phone)
            guard bedtimes.count == 3, phones.count == 3 else { continue }
            // Older pupils sleep less and later: the picture monitoring exists to show.
            let sleepHours: [Double] = grade <= 3 ? [10, 10, 10.5, 9.5, 10, 9, 10, 11] : grade <= 6 ? [10, 9.5, 9, 10, 9, 8.5, 10, 9.5] : [9, 8.5, 8, 9, 7.5, 9, 8, 9.5]
            let bedtimeBands = grade <= 6 ? [0, 0, 0, 0, 1, 1, 2] : [0, 0, 1, 1, 1, 2, 2]
            for pupil in pupils[PupilGrade(school: schoolId, grade: grade)] ?? [] where !visitorsChildren.contains(pupil.id!) && rng.below(3) != 0 {
                let answers: [String: SurveyAnswer] = [
                    MonitoringQuestion.sleep.rawValue: .number(sleepHours[Int(rng.below(UInt64(sleepHours.count)))]),
                    MonitoringQuestion.bedtime.rawValue: .choice([bedtimes[bedtimeBands[Int(rng.below(UInt64(bedtimeBands.count)))]]]),
                    MonitoringQuestion.activityInSchool.rawValue: .number([60, 70, 80, 50, 60, 90][Int(rng.below(6))]),
                    MonitoringQuestion.activityOutOfSchool.rawValue: .number([30, 60, 45, 90, 20, 60, 0][Int(rng.below(7))]),
                    MonitoringQuestion.reading.rawValue: .number([20, 30, 40, 15, 60, 30][Int(rng.below(6))]),
                    MonitoringQuestion.phone.rawValue: .choice([phones[[0, 0, 0, 0, 0, 0, 0, 0, 1, 2][Int(rng.below(10))]]]),
                ]
                marks.append([UUID(), district.id!, survey.id!, "pupil:\(pupil.id!)"])
                responses.append([UUID(), district.id!, schoolId, survey.id!, String(decoding: try JSONEncoder().encode(answers), as: UTF8.self),
                                  opens.adding(days: Int(rng.below(10))).iso])
            }
        }
        // Shuffled apart: the marks and the anonymous responses are written in different orders, so nothing pairs them.
        var order = SeededGenerator(seed: 101)
        responses = responses.map { ($0, order.next()) }.sorted { $0.1 < $1.1 }.map(\.0)
        try await BulkInsert.insert(into: SurveyRespondent.schema, columns: ["id", "district_id", "survey_id", "respondent_key"], rows: marks, on: db)
        try await BulkInsert.insert(into: SurveyResponse.schema, columns: ["id", "district_id", "school_id", "survey_id", "answers", "submitted_on"],
                                    rows: responses, on: db)
    }

    private struct PupilGrade: Hashable {
        let school: UUID
        let grade: Int
    }
}
