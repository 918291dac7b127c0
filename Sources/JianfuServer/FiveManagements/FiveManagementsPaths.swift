/// The five managements' pages (五项管理): phones so far.
enum FiveManagementsPaths {
    static let phones = FixedPath("/phones")
    static let applications = FixedPath("/phones/applications")
    static let application = RecordPath("/phones/applications/:id")
    static let custody = FixedPath("/phones/custody")
}
