/// The survey pages' paths.
enum SurveyPaths {
    static let index = FixedPath("/surveys")
    static let survey = RecordPath("/surveys/:id")
    static let results = RecordPath("/surveys/:id/results")
    static let resultsCSV = RecordPath("/surveys/:id/results.csv")
}
