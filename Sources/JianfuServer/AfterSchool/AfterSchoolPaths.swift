/// The after-school pages' paths.
enum AfterSchoolPaths {
    static let index = FixedPath("/after-school")
    static let school = RecordPath("/after-school/schools/:id")
    static let plan = RecordPath("/after-school/schools/:id/plan")
    static let resubmission = RecordPath("/after-school/schools/:id/resubmission")
    static let programs = RecordPath("/after-school/schools/:id/programs")
    static let providers = FixedPath("/after-school/providers")
}
