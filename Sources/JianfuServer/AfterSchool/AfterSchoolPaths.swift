/// The after-school pages' paths.
enum AfterSchoolPaths {
    static let index = FixedPath("/after-school")
    static let school = RecordPath("/after-school/schools/:id")
    static let plan = RecordPath("/after-school/schools/:id/plan")
    static let resubmission = RecordPath("/after-school/schools/:id/resubmission")
    static let programs = RecordPath("/after-school/schools/:id/programs")
    static let providers = FixedPath("/after-school/providers")
}

extension AfterSchoolPaths {
    static let pupil = RecordPath("/after-school/pupils/:id")
    static let pupilEnrolments = RecordPath("/after-school/pupils/:id/enrolments")
    static let withdraw = RecordPath("/after-school/enrolments/:id/withdraw")
    static let review = RecordPath("/after-school/enrolments/:id/review")
    static let signUp = RecordPath("/after-school/schools/:id/sign-up")
    static let allocation = RecordPath("/after-school/schools/:id/allocation")
}

extension AfterSchoolPaths {
    static let register = RecordPath("/after-school/programs/:id/register")
    static let capacity = RecordPath("/after-school/programs/:id/capacity")
}

extension AfterSchoolPaths {
    static let schoolStipends = RecordPath("/after-school/schools/:id/stipends")
    static let schoolStipendsCSV = RecordPath("/after-school/schools/:id/stipends.csv")
    static let stipends = FixedPath("/after-school/stipends")
}

extension AfterSchoolPaths {
    static let schoolSatisfaction = RecordPath("/after-school/schools/:id/satisfaction")
    static let satisfaction = FixedPath("/after-school/satisfaction")
}

extension AfterSchoolPaths {
    static let priority = RecordPath("/after-school/schools/:id/priority")
}
