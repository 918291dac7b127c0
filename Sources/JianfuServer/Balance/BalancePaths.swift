/// The balanced-development pages (优质均衡).
enum BalancePaths {
    static let index = FixedPath("/balance")
    static let school = RecordPath("/balance/schools/:id")
}
