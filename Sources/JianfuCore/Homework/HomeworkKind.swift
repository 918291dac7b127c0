/// The kinds of homework API.md names; the profile says which count as written.
public enum HomeworkKind: String, Codable, Sendable, CaseIterable {
    case written
    case oral
    case reading
    case practical
    case inquiry
    case crossSubject = "cross_subject"
    case exercise
    case art
    case labour
}
