/// The organisation pages' paths.
enum OrganisationPaths {
    static let home = FixedPath("/")
    static let schools = FixedPath("/schools")
    static let schoolNew = FixedPath("/schools/new")
    static let school = RecordPath("/schools/:id")
    static let schoolClass = RecordPath("/classes/:id")
    static let people = FixedPath("/people")
    static let personPassword = RecordPath("/people/:id/password")
    static let personRole = FixedPath("/people/roles")
    static let importRoster = FixedPath("/import")
    static let importTemplate = NamedPath("/import/templates/:file")
    static let terms = FixedPath("/terms")
    static let termDays = FixedPath("/terms/days")
    static let schoolSettings = RecordPath("/schools/:id/settings")
    static let classRosterExport = RecordPath("/classes/:id/roster.csv")
    static let classPupilErase = RecordPath("/classes/:id/erase")
}
