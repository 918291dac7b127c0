/// The timetables' pages, and the published timetables (no sign-in).
enum SchoolDayPaths {
    static let index = FixedPath("/timetables")
    static let importFile = FixedPath("/timetables/import")
    static let classPage = RecordPath("/timetables/classes/:id")
    static let publicClass = RecordPath("/public/classes/:id/timetable")
    static let publicSchool = RecordPath("/public/schools/:id/timetables")
}
