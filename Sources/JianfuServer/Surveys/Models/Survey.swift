import Fluent
import Foundation
import JianfuCore

/// A questionnaire put to an audience between two dates: any module's (after-school satisfaction, 五项管理 monitoring,
/// the parent school) through `SurveyService`.
final class Survey: Model, @unchecked Sendable {
    static let schema = "surveys"

    /// Who answers: a guardian for the family, a pupil (on a guardian's phone), or a member of staff.
    enum Respondents: String, Codable, Sendable, CaseIterable {
        case parents
        case pupils
        case staff
    }

    /// Whose: the district's, a school's, a grade's, a class's, or a group the module names (a program's pupils).
    enum Scope: String, Codable, Sendable, CaseIterable {
        case district
        case school
        case grade
        case `class`
        case group
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @OptionalField(key: "school_id") var schoolId: UUID?
    @Field(key: "title") var title: String
    @Field(key: "respondents") var respondents: String
    @Field(key: "scope") var scope: String
    @OptionalField(key: "grade_number") var gradeNumber: Int?
    @OptionalField(key: "class_id") var classId: UUID?
    /// JSON list of pupil ids (parents, pupils) or account ids (staff), for a group.
    @OptionalField(key: "group_members") var groupMembers: String?
    /// Anonymous: a response keeps no link to who gave it, and no time of day (only that the person has answered).
    @Field(key: "anonymous") var anonymous: Bool
    @Field(key: "opens_on") var opensOn: String
    @Field(key: "closes_on") var closesOn: String
    /// JSON list of `SurveyQuestion`.
    @Field(key: "questions") var questions: String
    /// The module and its record the survey is about ("after_school.program" and the program), for its own pages.
    @OptionalField(key: "topic") var topic: String?
    @OptionalField(key: "topic_id") var topicId: UUID?
    @OptionalField(key: "term_id") var termId: UUID?
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var questionList: [SurveyQuestion] { (try? JSONDecoder().decode([SurveyQuestion].self, from: Data(questions.utf8))) ?? [] }
    var members: Set<UUID> { Set(((try? JSONDecoder().decode([UUID].self, from: Data((groupMembers ?? "[]").utf8))) ?? [])) }
    var respondentKind: Respondents { Respondents(rawValue: respondents) ?? .parents }
    var scopeKind: Scope { Scope(rawValue: scope) ?? .school }
    var opens: LocalDate { LocalDate(iso: opensOn)! }
    var closes: LocalDate { LocalDate(iso: closesOn)! }
}

/// One response. Named surveys keep who answered (and for whom); anonymous ones only the day.
final class SurveyResponse: Model, @unchecked Sendable {
    static let schema = "survey_responses"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @OptionalField(key: "school_id") var schoolId: UUID?
    @Field(key: "survey_id") var surveyId: UUID
    /// JSON object of question id to `SurveyAnswer`.
    @Field(key: "answers") var answers: String
    @Field(key: "submitted_on") var submittedOn: String
    @OptionalField(key: "respondent_id") var respondentId: UUID?
    @OptionalField(key: "student_id") var studentId: UUID?
    @OptionalField(key: "submitted_at") var submittedAt: Date?

    init() {}

    var answerMap: [String: SurveyAnswer] { (try? JSONDecoder().decode([String: SurveyAnswer].self, from: Data(answers.utf8))) ?? [:] }
}

/// That a respondent has answered a survey: one response each, without saying which response is theirs.
final class SurveyRespondent: Model, @unchecked Sendable {
    static let schema = "survey_respondents"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "survey_id") var surveyId: UUID
    /// "guardian:<account>", "pupil:<pupil>" or "staff:<account>".
    @Field(key: "respondent_key") var respondentKey: String

    init() {}
}
