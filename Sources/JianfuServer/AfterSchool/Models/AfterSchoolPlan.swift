import Fluent
import Foundation
import JianfuCore

/// A school's after-school plan for a term (一校一案): every grade's week of sessions and the fee, as the school
/// administrator last saved it. A plan that falls short is kept and shown as falling short.
final class AfterSchoolPlan: Model, @unchecked Sendable {
    static let schema = "after_school_plans"

    enum Status: String, Sendable {
        case submitted
        /// The bureau sent it back with a reason; saving it again submits it again.
        case resubmissionRequired = "resubmission_required"
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "term_id") var termId: UUID
    /// The grades' sessions as JSON (`[StoredGrade]`).
    @Field(key: "grades") var grades: String
    @Field(key: "fee_free") var feeFree: Bool
    @OptionalField(key: "fee_yuan_per_month") var feeYuanPerMonth: Int?
    @Field(key: "fee_waiver") var feeWaiver: String
    @Field(key: "status") var status: String
    @OptionalField(key: "resubmission_reason") var resubmissionReason: String?
    @Field(key: "updated_by") var updatedBy: UUID
    @Field(key: "version") var version: Int
    /// The last day guardians rank the limited programs; the allocation runs after it.
    @OptionalField(key: "signup_closes_on") var signupClosesOn: String?
    /// 家长申请、班级审核: every application waits for the pupil's head teacher.
    @Field(key: "class_review") var classReview: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// How a grade is kept in the row: times as "HH:MM".
    struct StoredGrade: Codable, Sendable, Equatable {
        struct Session: Codable, Sendable, Equatable {
            let weekday: Int
            let start: String
            let end: String
            let kind: String
        }

        let grade: Int
        let lessonsEnd: String?
        let sessions: [Session]
    }

    var plan: ServicePlan {
        let stored = (try? JSONDecoder().decode([StoredGrade].self, from: Data(grades.utf8))) ?? []
        return ServicePlan(grades: stored.map(\.gradePlan), fee: ServiceFee(free: feeFree, yuanPerMonth: feeYuanPerMonth, waiver: feeWaiver))
    }

    static func stored(_ plan: ServicePlan) -> String {
        let grades = plan.grades.sorted { $0.grade < $1.grade }.map { grade in
            StoredGrade(grade: grade.grade, lessonsEnd: grade.lessonsEnd?.hhmm,
                        sessions: grade.sessions.sorted { ($0.weekday, $0.start) < ($1.weekday, $1.start) }
                            .map { .init(weekday: $0.weekday, start: $0.start.hhmm, end: $0.end.hhmm, kind: $0.kind.rawValue) })
        }
        return String(decoding: (try? JSONEncoder.sorted.encode(grades)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

extension AfterSchoolPlan.StoredGrade {
    var gradePlan: GradePlan {
        GradePlan(grade: grade, lessonsEnd: lessonsEnd.flatMap(TimeOfDay.init(hhmm:)),
                  sessions: sessions.compactMap { s in
                      guard let start = TimeOfDay(hhmm: s.start), let end = TimeOfDay(hhmm: s.end), let kind = ServiceSessionKind(rawValue: s.kind) else {
                          return nil
                      }
                      return ServiceSession(weekday: s.weekday, start: start, end: end, kind: kind)
                  })
    }
}
