import Fluent
import Foundation
import JianfuCore
import NIOConcurrencyHelpers
import Vapor

/// The five managements monitored (五项管理监测): each term a school puts one questionnaire to the families of each
/// grade through the survey engine, answered for each pupil (sleep, bedtime, physical activity in and out of school,
/// reading, phones); the school and the bureau read, per grade, the share of pupils within each target with the
/// response rate, beside the homework figures of the homework module. Anonymous: a grade's figures need no names.
enum MonitoringService {
    /// One questionnaire per grade of a school and term: the grade is in the topic, since the survey engine allows one
    /// questionnaire per topic, school and term.
    static let topicPrefix = "five_managements.monitoring.grade."
    static func topic(grade: Int) -> String { topicPrefix + String(grade) }
    static let allTopics = (1...12).map(topic(grade:))

    static func questions(_ profile: PolicyProfile, stage: Stage, _ language: Language) -> [SurveyQuestion] {
        FiveManagementsMonitoring.questions(FiveManagementsMonitoring.targets(profile.schoolDay.monitoring, stage: stage)) { key, args in
            Strings.text("fm.m." + key, language, args)
        }
    }

    /// May start the term's questionnaires: the school's administrators.
    static func mayStart(_ schoolId: UUID, _ actor: Actor) -> Bool { actor.adminSchoolIds.contains(schoolId) }

    /// May read a school's figures: its administrators and the district's roles.
    static func mayRead(_ school: School, _ actor: Actor) -> Bool {
        actor.districtId == school.districtId && (actor.isDistrictWide || actor.adminSchoolIds.contains(school.id!))
    }

    /// The term the school plans for: the one holding `today`, else the next, else the last.
    static func term(districtId: UUID, today: LocalDate, on db: any Database) async throws -> Term {
        guard let term = try await CalendarQueries.planningTerm(districtId: districtId, on: today, on: db) else { throw AppError.notFound }
        return term
    }

    /// Puts the term's questionnaires to the families of each grade with classes; once a term.
    static func start(schoolId: UUID, opensOn: String, closesOn: String, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Int {
        guard let school = try await School.find(schoolId, on: db), school.districtId == actor.districtId else { throw AppError.notFound }
        guard mayStart(schoolId, actor) else { throw AppError.forbidden }
        guard let district = try await District.find(school.districtId, on: db) else { throw AppError.notFound }
        let term = try await term(districtId: district.id!, today: WallClock.today(in: district.zone), on: db)
        let profile = try policies.profile(for: district)
        do {
            return try await db.writeTransaction { tx in
                try await put(school, term: term, opensOn: opensOn, closesOn: closesOn, profile: profile, system: try district.system, by: actor,
                              createdBy: actor.userId, on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Started by another administrator at the same moment: theirs stands.
            throw AppError.conflict(messageKey: "fm.m.e.started")
        }
    }

    /// In the caller's write transaction. `actor`: nil for the demo's seeding.
    static func put(_ school: School, term: Term, opensOn: String, closesOn: String, profile: PolicyProfile, system: SchoolSystem, by actor: Actor?,
                    createdBy: UUID, on db: any Database) async throws -> Int {
        let schoolId = school.id!
        guard try await MonitoringQueries.surveys(districtId: school.districtId, schoolIds: [schoolId], termId: term.id!, on: db).isEmpty else {
            throw AppError.conflict(messageKey: "fm.m.e.started")
        }
        let grades = try await MonitoringQueries.grades(schoolId: schoolId, on: db)
        guard !grades.isEmpty else { throw AppError.conflict(messageKey: "fm.m.e.noClasses") }
        let language = Language.zh
        for grade in grades {
            let title = Strings.text("fm.m.title", language, [term.name, Strings.text("grade.name", language, [String(grade)])])
            _ = try await SurveyService.create(
                SurveyService.NewSurvey(title: title, schoolId: schoolId, respondents: .pupils, scope: .grade, gradeNumber: grade, anonymous: true,
                                        opensOn: opensOn, closesOn: closesOn, questions: questions(profile, stage: system.stage(ofGrade: grade), language),
                                        topic: topic(grade: grade), topicId: schoolId, termId: term.id!),
                districtId: school.districtId, by: actor, createdBy: createdBy, on: db)
        }
        try await db.audit(actor, districtId: school.districtId, schoolId: schoolId, action: "five_managements.monitoring.start", entity: School.schema,
                           entityId: schoolId, detail: ["term": term.name, "grades": grades.map(String.init).joined(separator: ","), "opensOn": opensOn,
                                                        "closesOn": closesOn])
        return grades.count
    }

    /// One grade of a school: its questionnaire (if put), how many pupils could answer, and the figures.
    struct GradeLine: Sendable {
        let grade: Int
        let survey: Survey?
        let audience: Int
        let figures: FiveManagementsMonitoring.Figures

        var ratePercent: Int? { SurveyResults.ratePercent(responses: figures.responses, audience: audience) }
    }

    struct SchoolLine: Sendable {
        let school: School
        let grades: [GradeLine]

        var audience: Int { grades.reduce(0) { $0 + $1.audience } }
        var figures: FiveManagementsMonitoring.Figures { grades.map(\.figures).reduce(.none, +) }
        var started: Bool { grades.contains { $0.survey != nil } }
        var ratePercent: Int? { started ? SurveyResults.ratePercent(responses: figures.responses, audience: audience) : nil }
    }

    struct Overview: Sendable {
        let term: Term
        let today: LocalDate
        let schools: [SchoolLine]
        /// The homework module's figures for the term so far, by school: the fifth management.
        let homework: [UUID: DashboardService.SchoolRow]
        let profile: PolicyProfile
    }

    /// The figures of the schools the caller may read (one school, or the district's), with the homework module's kept
    /// sums for the term so far.
    static func overview(schoolId: UUID?, _ actor: Actor, policies: PolicyStore, cache: DashboardCache, on db: any Database) async throws -> Overview {
        guard let district = try await District.find(actor.districtId, on: db) else { throw AppError.notFound }
        var schools = try await School.query(on: db).filter(\.$districtId == district.id!).sort(\.$code).all()
        if let schoolId {
            schools = schools.filter { $0.id == schoolId }
            guard let school = schools.first, mayRead(school, actor) else { throw AppError.notFound }
        } else {
            guard actor.isDistrictWide else { throw AppError.notFound }
        }
        let today = WallClock.today(in: district.zone)
        let term = try await term(districtId: district.id!, today: today, on: db)
        let profile = try policies.profile(for: district)
        let system = try district.system
        let surveys = try await MonitoringQueries.surveys(districtId: district.id!, schoolIds: schoolId.map { [$0] }, termId: term.id!, on: db)
        let audiences = try await MonitoringQueries.gradeAudiences(districtId: district.id!, schoolId: schoolId, on: db)
        let figures = try await figures(surveys, system: system, profile: profile, on: db)
        let range = try await DashboardService.range(preset: "term", from: nil, to: nil, districtId: district.id!, zone: district.zone, on: db)
        let homework = try await DashboardService.overview(actor, range: range, schoolId: schoolId, policies: policies, cache: cache, on: db).schools
        let bySchool = Dictionary(grouping: surveys, by: { $0.schoolId! })
        let lines = schools.map { school in
            let id = school.id!
            let own = bySchool[id] ?? []
            let grades = Set((audiences[id] ?? [:]).keys).union(own.compactMap(\.gradeNumber)).sorted()
            return SchoolLine(school: school, grades: grades.map { grade in
                let survey = own.first { $0.gradeNumber == grade }
                return GradeLine(grade: grade, survey: survey, audience: audiences[id]?[grade] ?? 0, figures: survey.flatMap { figures[$0.id!] } ?? .none)
            })
        }
        return Overview(term: term, today: today, schools: lines, homework: Dictionary(homework.map { ($0.schoolId, $0) }, uniquingKeysWith: { a, _ in a }),
                        profile: profile)
    }

    /// Each questionnaire's figures, tallied once per new response: a questionnaire whose count of responses has not
    /// changed is read from the tally kept (responses are never changed, only added), the rest from their answers.
    static func figures(_ surveys: [Survey], system: SchoolSystem, profile: PolicyProfile, on db: any Database) async throws
        -> [UUID: FiveManagementsMonitoring.Figures] {
        let counts = try await SurveyQueries.responseCounts(surveyIds: surveys.map { $0.id! }, on: db)
        var result: [UUID: FiveManagementsMonitoring.Figures] = [:]
        var stale: [Survey] = []
        for survey in surveys {
            let count = counts[survey.id!] ?? 0
            let targets = FiveManagementsMonitoring.targets(profile.schoolDay.monitoring, stage: system.stage(ofGrade: survey.gradeNumber ?? 1))
            if count == 0 {
                result[survey.id!] = FiveManagementsMonitoring.Figures.none
            } else if let kept = Tallies.kept(survey.id!, responses: count, targets: targets) {
                result[survey.id!] = kept
            } else {
                stale.append(survey)
            }
        }
        guard !stale.isEmpty else { return result }
        let answers = try await MonitoringQueries.answers(surveyIds: stale.map { $0.id! }, on: db)
        for survey in stale {
            let targets = FiveManagementsMonitoring.targets(profile.schoolDay.monitoring, stage: system.stage(ofGrade: survey.gradeNumber ?? 1))
            let tally = FiveManagementsMonitoring.tally(answers[survey.id!] ?? [], questions: survey.questionList, targets: targets)
            Tallies.keep(survey.id!, tally, targets: targets)
            result[survey.id!] = tally
        }
        return result
    }

    /// Tallies by questionnaire, good while its count of responses and the profile's targets are what they were:
    /// shared by every reader in the process (and by the apps of one test process, whose questionnaires never meet).
    enum Tallies {
        private struct Entry {
            let targets: FiveManagementsMonitoring.Targets
            let figures: FiveManagementsMonitoring.Figures
        }

        private static let entries = NIOLockedValueBox([UUID: Entry]())

        static func kept(_ id: UUID, responses: Int, targets: FiveManagementsMonitoring.Targets) -> FiveManagementsMonitoring.Figures? {
            entries.withLockedValue { $0[id] }.flatMap { $0.figures.responses == responses && $0.targets == targets ? $0.figures : nil }
        }

        static func keep(_ id: UUID, _ figures: FiveManagementsMonitoring.Figures, targets: FiveManagementsMonitoring.Targets) {
            entries.withLockedValue { $0[id] = Entry(targets: targets, figures: figures) }
        }
    }
}
