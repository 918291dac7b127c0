/// Roles as API.md names them; each membership is scoped to a district, school, grade, subject or class.
enum Role: String, Codable, Sendable, CaseIterable {
    case bureauAdmin = "bureau_admin"
    case inspector
    case schoolAdmin = "school_admin"
    case gradeLeader = "grade_leader"
    case subjectLeader = "subject_leader"
    case headTeacher = "head_teacher"
    case teacher
    case parent

    var isDistrictWide: Bool { self == .bureauAdmin || self == .inspector }
}
