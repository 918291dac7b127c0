/// The assessments pages' paths.
enum AssessmentsPaths {
    static let tests = FixedPath("/tests")
    static let test = RecordPath("/tests/:id")
    static let testResults = RecordPath("/tests/:id/results")
    static let testSpecification = RecordPath("/tests/:id/specification")
    static let testWithdraw = RecordPath("/tests/:id/withdraw")
}
