/// The tutor system's pages.
enum GrowthPaths {
    static let index = FixedPath("/growth")
    static let plan = FixedPath("/growth/plan")
    static let split = FixedPath("/growth/split")
    static let logs = FixedPath("/growth/logs")
    static let acknowledge = RecordPath("/growth/logs/:id/acknowledge")
    static let schoolClass = RecordPath("/growth/classes/:id")
    static let assign = RecordPath("/growth/classes/:id/tutors")
    static let pupil = RecordPath("/growth/students/:id")
    static let families = FixedPath("/growth/families")
    static let events = FixedPath("/growth/families/events")
    static let event = RecordPath("/growth/families/events/:id")
    static let attendance = RecordPath("/growth/families/events/:id/attendance")
    static let committees = FixedPath("/growth/families/committees")
}
