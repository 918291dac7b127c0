/// The five managements' pages (五项管理): the term's monitoring, the reading list, and phones.
enum FiveManagementsPaths {
    static let index = FixedPath("/five-managements")
    static let school = RecordPath("/five-managements/schools/:id")
    static let start = RecordPath("/five-managements/schools/:id/monitoring")
    static let reading = FixedPath("/reading")
    static let strike = RecordPath("/reading/:id/strike")
    static let phones = FixedPath("/phones")
    static let applications = FixedPath("/phones/applications")
    static let application = RecordPath("/phones/applications/:id")
    static let custody = FixedPath("/phones/custody")
}
