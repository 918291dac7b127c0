import Fluent
import Foundation
import JianfuCore
import Vapor

/// The term's satisfaction survey (seed 000 §(七)): the school puts one questionnaire to its families and one to its
/// pupils, and one to the families of each program's pupils, through the survey engine; the school reads them per
/// program, the bureau per school, each with its response rate. Every questionnaire's first question, "overall", is
/// the headline figure.
extension AfterSchoolService {
    enum SatisfactionTopic: String, Sendable {
        case school = "after_school.school"
        case program = "after_school.program"
    }

    static let headlineQuestion = "overall"

    /// The questionnaires, their texts in the district's language from the strings table.
    static func satisfactionQuestions(_ kind: SatisfactionTopic, respondents: Survey.Respondents, _ language: Language) -> [SurveyQuestion] {
        func t(_ key: String) -> String { Strings.text("as.sat.q." + key, language) }
        func scale(_ id: String) -> SurveyQuestion { SurveyQuestion(id: id, kind: .scale, text: t(id)) }
        let say = SurveyQuestion(id: "say", kind: .text, text: t("say"), required: false)
        switch (kind, respondents) {
        case (.program, _):
            return [SurveyQuestion(id: headlineQuestion, kind: .scale, text: t("programOverall")), SurveyQuestion(id: "again", kind: .single, text: t("again"), options: [t("yes"), t("no"), t("unsure")]), say]
        case (.school, .pupils):
            return [SurveyQuestion(id: headlineQuestion, kind: .scale, text: t("pupilOverall")), SurveyQuestion(id: "homework", kind: .scale, text: t("pupilHomework")),
                    SurveyQuestion(id: "favourite", kind: .text, text: t("favourite"), required: false)]
        case (.school, _):
            return [scale(headlineQuestion), scale("homework"), scale("activities"), scale("safety"),
                    SurveyQuestion(id: "burden", kind: .single, text: t("burden"), options: [t("lighter"), t("same"), t("heavier")]), say]
        }
    }

    /// One questionnaire's line: whose it is (the school's families or pupils, or a program's families) and its figures.
    struct SatisfactionLine: Sendable {
        let survey: Survey
        let programName: String?
        let responses: Int
        let audience: Int
        /// The mean of the headline question, 1–5; nil before anyone answered it.
        let mean: Double?

        var ratePercent: Int? { SurveyResults.ratePercent(responses: responses, audience: audience) }
    }

    struct SchoolSatisfaction: Sendable {
        let school: School
        let term: Term
        let today: LocalDate
        let lines: [SatisfactionLine]
        let mayStart: Bool
    }

    /// May read a school's satisfaction: its administrators and the district's roles.
    static func mayReadSatisfaction(_ school: School, _ actor: Actor) -> Bool {
        actor.districtId == school.districtId && (actor.isDistrictWide || actor.adminSchoolIds.contains(school.id!))
    }

    /// The term's questionnaires of a school, the school-wide ones first, with their figures: four queries.
    static func satisfaction(schoolId: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> SchoolSatisfaction {
        let current = try await schoolPlan(schoolId: schoolId, actor, policies: policies, on: db)
        guard mayReadSatisfaction(current.school, actor) else { throw AppError.notFound }
        let surveys = try await Survey.query(on: db).filter(\.$schoolId == schoolId).filter(\.$termId == current.term.id!)
            .filter(\.$topic ~~ [SatisfactionTopic.school.rawValue, SatisfactionTopic.program.rawValue]).sort(\.$title).all()
        let figures = try await SurveyQueries.scaleMeans(surveyIds: surveys.map { $0.id! }, questionId: headlineQuestion, on: db)
        let audiences = try await SurveyQueries.schoolAudiences(districtId: current.school.districtId, schoolId: schoolId, on: db)[schoolId]
        let programSurveys = surveys.filter { $0.topic == SatisfactionTopic.program.rawValue }
        let families = try await SurveyQueries.groupFamilies(programSurveys, on: db)
        let names = programSurveys.isEmpty ? [:] : Dictionary(try await AfterSchoolProgram.query(on: db).filter(\.$id ~~ programSurveys.compactMap(\.topicId)).all()
            .map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let lines = surveys.map { survey in
            let audience = survey.topic == SatisfactionTopic.program.rawValue ? families[survey.id!] ?? 0
                : survey.respondentKind == .pupils ? audiences?.pupils ?? 0 : audiences?.families ?? 0
            let figure = figures[survey.id!]
            return SatisfactionLine(survey: survey, programName: survey.topicId.flatMap { names[$0] }, responses: figure?.responses ?? 0, audience: audience,
                                    mean: figure?.mean)
        }.sorted { ($0.programName == nil ? 0 : 1, $0.programName ?? "", $0.survey.respondents) < ($1.programName == nil ? 0 : 1, $1.programName ?? "", $1.survey.respondents) }
        return SchoolSatisfaction(school: current.school, term: current.term, today: WallClock.today(in: current.district.zone), lines: lines,
                                  mayStart: mayPlan(current.school, actor) && surveys.isEmpty)
    }

    /// Puts the term's questionnaires: the families' and the pupils' of the school, and the families' of each program
    /// with pupils enrolled; anonymous, one response each. Once a term.
    static func startSatisfaction(schoolId: UUID, opensOn: String, closesOn: String, _ actor: Actor, policies: PolicyStore,
                                  on db: any Database) async throws -> Int {
        let current = try await schoolPlan(schoolId: schoolId, actor, policies: policies, on: db)
        guard mayPlan(current.school, actor) else { throw AppError.forbidden }
        let (school, term) = (current.school, current.term)
        do {
            return try await db.writeTransaction { tx in
                try await putSatisfaction(school, term: term, opensOn: opensOn, closesOn: closesOn, by: actor, createdBy: actor.userId, on: tx)
            }
        } catch {
            // Started by someone else at the same moment (PostgreSQL runs both transactions at once): nothing of ours is
            // kept. Any other broken constraint is not that, and stays the error it is.
            guard (error as? any DatabaseError)?.isConstraintFailure == true, try await hasSatisfaction(schoolId: school.id!, termId: term.id!, on: db) else {
                throw error
            }
            throw AfterSchoolError.satisfactionStarted
        }
    }

    private static func hasSatisfaction(schoolId: UUID, termId: UUID, on db: any Database) async throws -> Bool {
        try await Survey.query(on: db).filter(\.$schoolId == schoolId).filter(\.$termId == termId)
            .filter(\.$topic == SatisfactionTopic.school.rawValue).count() > 0
    }

    /// In the caller's write transaction. `actor`: nil for the demo's seeding, which has no request.
    static func putSatisfaction(_ school: School, term: Term, opensOn: String, closesOn: String, by actor: Actor?, createdBy: UUID,
                                on db: any Database) async throws -> Int {
        let schoolId = school.id!
        let termId = term.id!
        let programs = try await AfterSchoolQueries.programs(schoolId: schoolId, termId: termId, on: db)
        let enrolled = Dictionary(grouping: try await AfterSchoolEnrolment.query(on: db).filter(\.$programId ~~ programs.map(\.id))
            .filter(\.$status == AfterSchoolEnrolment.Status.enrolled.rawValue).all(), by: \.programId)
        let language = Language.zh
        func survey(_ title: String, _ respondents: Survey.Respondents, _ topic: SatisfactionTopic, scope: Survey.Scope, group: [UUID] = [],
                    topicId: UUID) -> SurveyService.NewSurvey {
            SurveyService.NewSurvey(title: title, schoolId: schoolId, respondents: respondents, scope: scope, group: group, anonymous: true, opensOn: opensOn,
                                    closesOn: closesOn, questions: satisfactionQuestions(topic, respondents: respondents, language), topic: topic.rawValue,
                                    topicId: topicId, termId: termId)
        }
        var surveys = [
            survey(Strings.text("as.sat.titleFamilies", language, [term.name]), .parents, .school, scope: .school, topicId: schoolId),
            survey(Strings.text("as.sat.titlePupils", language, [term.name]), .pupils, .school, scope: .school, topicId: schoolId),
        ]
        for program in programs {
            guard let pupils = enrolled[program.id], !pupils.isEmpty else { continue }
            surveys.append(survey(Strings.text("as.sat.titleProgram", language, [program.name, term.name]), .parents, .program, scope: .group,
                                  group: pupils.map(\.studentId), topicId: program.id))
        }
        guard try await !hasSatisfaction(schoolId: schoolId, termId: termId, on: db) else { throw AfterSchoolError.satisfactionStarted }
        for new in surveys {
            _ = try await SurveyService.create(new, districtId: school.districtId, by: actor, createdBy: createdBy, on: db)
        }
        try await db.audit(actor, districtId: school.districtId, schoolId: schoolId, action: "after_school.satisfaction.start", entity: School.schema,
                           entityId: schoolId, detail: ["term": term.name, "surveys": String(surveys.count), "opensOn": opensOn, "closesOn": closesOn])
        return surveys.count
    }

    /// One school's line for the bureau: its families' and pupils' questionnaires of the term.
    struct SchoolSatisfactionTotal: Sendable {
        let schoolId: UUID
        let schoolName: String
        let families: SatisfactionLine?
        let pupils: SatisfactionLine?
        let programs: Int
    }

    /// Every school's figures for the term, in five queries whatever the district's size.
    static func districtSatisfaction(_ actor: Actor, on db: any Database) async throws -> (term: Term, schools: [SchoolSatisfactionTotal]) {
        guard actor.isDistrictWide, let district = try await District.find(actor.districtId, on: db) else { throw AppError.notFound }
        guard let term = try await CalendarQueries.planningTerm(districtId: district.id!, on: WallClock.today(in: district.zone), on: db) else {
            throw AfterSchoolError.noTerm
        }
        let schools = try await School.query(on: db).filter(\.$districtId == district.id!).sort(\.$code).all()
        return (term, try await satisfactionTotals(districtId: district.id!, termId: term.id!, schools: schools, on: db))
    }

    /// The schools' lines of a term, in three queries.
    static func satisfactionTotals(districtId: UUID, termId: UUID, schools: [School], on db: any Database) async throws -> [SchoolSatisfactionTotal] {
        let surveys = try await Survey.query(on: db).filter(\.$districtId == districtId).filter(\.$termId == termId)
            .filter(\.$topic ~~ [SatisfactionTopic.school.rawValue, SatisfactionTopic.program.rawValue]).all()
        let school = surveys.filter { $0.topic == SatisfactionTopic.school.rawValue }
        let figures = try await SurveyQueries.scaleMeans(surveyIds: school.map { $0.id! }, questionId: headlineQuestion, on: db)
        let audiences = try await SurveyQueries.schoolAudiences(districtId: districtId, on: db)
        let bySchool = Dictionary(grouping: school, by: { $0.schoolId })
        return schools.map { s in
            func line(_ respondents: Survey.Respondents) -> SatisfactionLine? {
                guard let survey = bySchool[s.id!]?.first(where: { $0.respondentKind == respondents }) else { return nil }
                let audience = respondents == .pupils ? audiences[s.id!]?.pupils ?? 0 : audiences[s.id!]?.families ?? 0
                return SatisfactionLine(survey: survey, programName: nil, responses: figures[survey.id!]?.responses ?? 0, audience: audience,
                                        mean: figures[survey.id!]?.mean)
            }
            return SchoolSatisfactionTotal(schoolId: s.id!, schoolName: s.name, families: line(.parents), pupils: line(.pupils),
                                           programs: surveys.filter { $0.schoolId == s.id && $0.topic == SatisfactionTopic.program.rawValue }.count)
        }
    }
}
