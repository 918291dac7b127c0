/// The balanced-development pages (优质均衡).
enum BalancePaths {
    static let index = FixedPath("/balance")
    static let school = RecordPath("/balance/schools/:id")
    static let placements = FixedPath("/balance/placements")
    static let placement = RecordPath("/balance/placements/:id")
    static let confirm = RecordPath("/balance/placements/:id/confirm")
    static let transfers = RecordPath("/balance/placements/:id/transfers")
}
