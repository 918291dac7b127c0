/// The audit pages' paths.
enum AuditPaths {
    static let audit = FixedPath("/audit")
}
