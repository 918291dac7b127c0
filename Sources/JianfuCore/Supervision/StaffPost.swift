/// A post in a school or the district whose holder observes lessons against a quota: 校长, 业务副校长, 中层 (the
/// academic and moral-education offices' heads, grade heads), and the district's 教研员.
public enum StaffPost: String, Codable, Sendable, CaseIterable {
    case principal
    case vicePrincipal
    case middleManager
    case researcher

    /// A school's post, held by its staff; the researcher is the district's.
    public var isSchoolPost: Bool { self != .researcher }
}
