import Fluent
import Foundation
import JianfuCore
import Vapor

/// The survey engine: any module puts a questionnaire to an audience, the audience answers once each, the module and
/// the bureau read the results with their response rate. The pages and the API call here.
enum SurveyService {
    static let maxTitleLength = 100

    struct NewSurvey: Sendable {
        var title: String
        var schoolId: UUID?
        var respondents: Survey.Respondents
        var scope: Survey.Scope
        var gradeNumber: Int? = nil
        var classId: UUID? = nil
        var group: [UUID] = []
        var anonymous: Bool
        var opensOn: String
        var closesOn: String
        var questions: [SurveyQuestion]
        var topic: String? = nil
        var topicId: UUID? = nil
        var termId: UUID? = nil
    }

    /// May put a survey: the bureau's administrators anywhere in the district, a school's administrators in their school.
    static func mayCreate(schoolId: UUID?, _ actor: Actor) -> Bool {
        actor.isBureauAdmin || schoolId.map { actor.adminSchoolIds.contains($0) } ?? false
    }

    /// May read the results: the district's roles, the school's administrators, and whoever put it (a head teacher
    /// asking the families of their class about its meeting).
    static func mayReadResults(_ survey: Survey, _ actor: Actor) -> Bool {
        actor.districtId == survey.districtId
            && (actor.isDistrictWide || survey.schoolId.map { actor.adminSchoolIds.contains($0) } ?? false || survey.createdBy == actor.userId)
    }

    /// Checks and saves a survey in the caller's transaction; modules call this with their own records as the topic.
    static func create(_ new: NewSurvey, districtId: UUID, by actor: Actor?, createdBy: UUID, on db: any Database) async throws -> Survey {
        let title = new.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= maxTitleLength else { throw AppError.invalid(field: "title", messageKey: "form.required", args: ["sv.title"]) }
        guard let opens = LocalDate(iso: new.opensOn) else { throw SurveyError.badDate("opensOn") }
        guard let closes = LocalDate(iso: new.closesOn) else { throw SurveyError.badDate("closesOn") }
        do { try SurveyRules.check(new.questions, opensOn: opens, closesOn: closes) } catch { throw SurveyError.definition(error) }
        switch new.scope {
        case .district: guard new.schoolId == nil else { throw SurveyError.badAudience("schoolId") }
        case .school, .group: guard new.schoolId != nil else { throw SurveyError.badAudience("schoolId") }
        case .grade: guard new.schoolId != nil, let g = new.gradeNumber, (1...12).contains(g) else { throw SurveyError.badAudience("gradeNumber") }
        case .class:
            guard let classId = new.classId, let schoolClass = try await SchoolClass.find(classId, on: db), schoolClass.schoolId == new.schoolId else {
                throw SurveyError.badAudience("classId")
            }
        }
        if let schoolId = new.schoolId {
            guard let school = try await School.find(schoolId, on: db), school.districtId == districtId else { throw AppError.notFound }
        }
        // A group is the school's own pupils (or staff): a school's survey never reaches another school's families.
        if new.scope == .group, let schoolId = new.schoolId {
            let members = Set(new.group)
            let ofSchool = new.respondents == .staff ? try await SurveyQueries.staffCount(members, schoolId: schoolId, on: db)
                : try await SurveyQueries.pupilCount(members, schoolId: schoolId, on: db)
            guard !members.isEmpty, ofSchool == members.count else { throw SurveyError.badAudience("group") }
        }
        let survey = Survey()
        survey.districtId = districtId
        survey.schoolId = new.schoolId
        survey.title = title
        survey.respondents = new.respondents.rawValue
        survey.scope = new.scope.rawValue
        survey.gradeNumber = new.scope == .grade ? new.gradeNumber : nil
        survey.classId = new.scope == .class ? new.classId : nil
        survey.groupMembers = new.scope == .group ? String(decoding: try JSONEncoder().encode(new.group), as: UTF8.self) : nil
        survey.anonymous = new.anonymous
        survey.opensOn = opens.iso
        survey.closesOn = closes.iso
        survey.questions = String(decoding: try JSONEncoder().encode(new.questions), as: UTF8.self)
        survey.topic = new.topic
        survey.topicId = new.topicId
        survey.termId = new.termId
        survey.createdBy = createdBy
        try await survey.create(on: db)
        try await db.audit(actor, districtId: districtId, schoolId: new.schoolId, action: "survey.create", entity: Survey.schema, entityId: survey.id,
                           detail: ["title": title, "respondents": new.respondents.rawValue, "scope": new.scope.rawValue, "anonymous": String(new.anonymous),
                                    "questions": String(new.questions.count)])
        return survey
    }

    /// A survey the caller puts through the API or a page.
    static func create(_ new: NewSurvey, _ actor: Actor, on db: any Database) async throws -> Survey {
        guard mayCreate(schoolId: new.schoolId, actor) else { throw AppError.forbidden }
        return try await db.writeTransaction { tx in try await create(new, districtId: actor.districtId, by: actor, createdBy: actor.userId, on: tx) }
    }

    /// Who the caller may answer as: themselves (a guardian for the family, a member of staff) or each child of theirs
    /// in the audience, for a pupils' survey.
    struct Respondent: Sendable, Equatable {
        let key: String
        let studentId: UUID?
        let name: String
    }

    static func respondents(_ survey: Survey, _ actor: Actor, on db: any Database) async throws -> [Respondent] {
        let grades = survey.scopeKind == .grade ? try await SurveyQueries.grades(classIds: actor.children.map(\.classId), on: db) : [:]
        return respondents(survey, actor, childGrades: grades)
    }

    /// `childGrades`: the grade of each of the caller's children's classes, for a grade's survey.
    static func respondents(_ survey: Survey, _ actor: Actor, childGrades grades: [UUID: Int]) -> [Respondent] {
        guard actor.districtId == survey.districtId else { return [] }
        switch survey.respondentKind {
        case .staff:
            let inScope = switch survey.scopeKind {
            case .district: actor.isDistrictWide || !actor.staffSchoolIds.isEmpty
            case .group: survey.members.contains(actor.userId) && (survey.schoolId.map { actor.staffSchoolIds.contains($0) } ?? true)
            case .school, .grade, .class: survey.schoolId.map { actor.staffSchoolIds.contains($0) } ?? false
            }
            return inScope ? [Respondent(key: "staff:\(actor.userId)", studentId: nil, name: actor.displayName)] : []
        case .parents, .pupils:
            let children = actor.children.filter { child in
                switch survey.scopeKind {
                case .district: true
                case .school: child.schoolId == survey.schoolId
                case .grade: child.schoolId == survey.schoolId && grades[child.classId] == survey.gradeNumber
                case .class: child.classId == survey.classId
                case .group: survey.members.contains(child.studentId) && (survey.schoolId.map { $0 == child.schoolId } ?? true)
                }
            }
            if survey.respondentKind == .parents {
                return children.isEmpty ? [] : [Respondent(key: "guardian:\(actor.userId)", studentId: nil, name: actor.displayName)]
            }
            return children.map { Respondent(key: "pupil:\($0.studentId)", studentId: $0.studentId, name: $0.name) }
        }
    }

    /// The survey if the caller may answer it or read its results; others do not learn it exists.
    static func visible(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> (survey: Survey, respondents: [Respondent]) {
        guard let survey = try await Survey.find(id, on: db), survey.districtId == actor.districtId else { throw AppError.notFound }
        let respondents = try await respondents(survey, actor, on: db)
        guard !respondents.isEmpty || mayReadResults(survey, actor) else { throw AppError.notFound }
        return (survey, respondents)
    }

    /// The respondent keys of these that have answered.
    static func answered(_ survey: Survey, _ respondents: [Respondent], on db: any Database) async throws -> Set<String> {
        guard !respondents.isEmpty else { return [] }
        return Set(try await SurveyRespondent.query(on: db).filter(\.$surveyId == survey.id!).filter(\.$respondentKey ~~ respondents.map(\.key)).all()
            .map(\.respondentKey))
    }

    /// Saves a response: once per respondent, checked against the questions and the dates; an anonymous one without
    /// who gave it. Audited without the answers.
    static func answer(surveyId: UUID, studentId: UUID?, answers: [String: SurveyAnswer], _ actor: Actor, on db: any Database) async throws -> UUID {
        let (survey, respondents) = try await visible(surveyId, actor, on: db)
        guard !respondents.isEmpty else { throw AppError.forbidden }
        let respondent: Respondent
        if survey.respondentKind == .pupils {
            guard let match = studentId.flatMap({ id in respondents.first { $0.studentId == id } }) ?? (respondents.count == 1 ? respondents[0] : nil) else {
                throw studentId == nil ? SurveyError.chooseWhoFor : AppError.notFound
            }
            respondent = match
        } else {
            respondent = respondents[0]
        }
        guard let district = try await District.find(survey.districtId, on: db) else { throw AppError.notFound }
        let today = WallClock.today(in: district.zone)
        do {
            try SurveyRules.check(answers, to: survey.questionList, today: today, opensOn: survey.opens, closesOn: survey.closes)
        } catch {
            let id: String? = switch error {
            case .missing(let q), .unknownQuestion(let q), .notAnOption(let q), .oneChoiceOnly(let q), .outsideScale(let q), .notANumber(let q),
                 .tooLong(let q, _), .outOfRange(let q, _, _): q
            case .closed, .notOpenYet: nil
            }
            throw SurveyError.response(error, question: id.map { q in survey.questionList.first { $0.id == q }?.text ?? q } ?? "")
        }
        let body = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
        do {
            return try await save(survey, respondent, body, today: today, actor, on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same respondent twice at once: the second is told, as if it came after.
            throw SurveyError.alreadyAnswered
        }
    }

    private static func save(_ survey: Survey, _ respondent: Respondent, _ body: String, today: LocalDate, _ actor: Actor,
                             on db: any Database) async throws -> UUID {
        let surveyId = survey.id!
        return try await db.writeTransaction { tx in
            guard try await SurveyRespondent.query(on: tx).filter(\.$surveyId == surveyId).filter(\.$respondentKey == respondent.key).count() == 0 else {
                throw SurveyError.alreadyAnswered
            }
            let mark = SurveyRespondent()
            mark.districtId = survey.districtId
            mark.surveyId = surveyId
            mark.respondentKey = respondent.key
            try await mark.create(on: tx)
            let response = SurveyResponse()
            response.districtId = survey.districtId
            response.schoolId = survey.schoolId
            response.surveyId = surveyId
            response.answers = body
            response.submittedOn = today.iso
            if !survey.anonymous {
                response.respondentId = actor.userId
                response.studentId = respondent.studentId
                response.submittedAt = WallClock.now()
            }
            try await response.create(on: tx)
            try await tx.audit(actor, districtId: survey.districtId, schoolId: survey.schoolId, action: "survey.respond", entity: Survey.schema,
                               entityId: surveyId, detail: survey.anonymous ? [:] : ["response": response.id!.uuidString])
            return response.id!
        }
    }

    struct Results: Sendable {
        let survey: Survey
        let audience: Int
        let responses: [SurveyResponse]
        let questions: [SurveyQuestionResult]

        var ratePercent: Int? { SurveyResults.ratePercent(responses: responses.count, audience: audience) }
    }

    static func results(surveyId: UUID, _ actor: Actor, on db: any Database) async throws -> Results {
        guard let survey = try await Survey.find(surveyId, on: db), mayReadResults(survey, actor) else { throw AppError.notFound }
        return try await results(survey, on: db)
    }

    static func results(_ survey: Survey, on db: any Database) async throws -> Results {
        let responses = try await SurveyResponse.query(on: db).filter(\.$surveyId == survey.id!)
            // By day, then by the random id: never in the order given, which would match the answered marks' order.
            .sort(\.$submittedOn).sort(\.$id).all()
        return Results(survey: survey, audience: try await SurveyQueries.audienceSize(survey, on: db), responses: responses,
                       questions: SurveyResults.tally(survey.questionList, responses.map(\.answerMap)))
    }

    /// The caller's surveys: open ones they may answer (with whether they have), and those whose results they read.
    struct Mine: Sendable {
        let toAnswer: [(survey: Survey, respondents: [Respondent], answered: Set<String>)]
        let managed: [Survey]
        let responseCounts: [UUID: Int]
    }

    static func mine(_ actor: Actor, on db: any Database) async throws -> Mine {
        guard let district = try await District.find(actor.districtId, on: db) else { throw AppError.notFound }
        let localToday = WallClock.today(in: district.zone)
        let today = localToday.iso
        // The term's surveys and the last term's: what is still being answered or still being read.
        let recent = try await Survey.query(on: db).filter(\.$districtId == actor.districtId).filter(\.$closesOn >= localToday.adding(days: -200).iso)
            .sort(\.$closesOn, .descending).sort(\.$title).all()
        var toAnswer: [(survey: Survey, respondents: [Respondent], answered: Set<String>)] = []
        let keys = ["guardian:\(actor.userId)", "staff:\(actor.userId)"] + actor.children.map { "pupil:\($0.studentId)" }
        let done = Set(try await SurveyRespondent.query(on: db).filter(\.$districtId == actor.districtId).filter(\.$respondentKey ~~ keys).all()
            .map { "\($0.surveyId)|\($0.respondentKey)" })
        let grades = try await SurveyQueries.grades(classIds: actor.children.map(\.classId), on: db)
        for survey in recent where survey.opensOn <= today && survey.closesOn >= today {
            let respondents = respondents(survey, actor, childGrades: grades)
            guard !respondents.isEmpty else { continue }
            toAnswer.append((survey, respondents, Set(respondents.map(\.key).filter { done.contains("\(survey.id!)|\($0)") })))
        }
        let managed = recent.filter { mayReadResults($0, actor) }
        return Mine(toAnswer: toAnswer, managed: managed, responseCounts: try await SurveyQueries.responseCounts(surveyIds: managed.map { $0.id! }, on: db))
    }
}
