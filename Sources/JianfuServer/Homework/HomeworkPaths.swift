/// The homework pages' paths.
enum HomeworkPaths {
    static let homeworkFile = FixedPath("/homework/file")
    static let reviewQueue = FixedPath("/homework/review")
    static let homeworkEntry = RecordPath("/homework/:id")
    static let homeworkReview = RecordPath("/homework/:id/review")
    static let homeworkResubmit = RecordPath("/homework/:id/resubmit")
    static let homeworkWithdraw = RecordPath("/homework/:id/withdraw")
    static let classHomework = RecordPath("/classes/:id/homework")
    static let classFeedback = RecordPath("/classes/:id/feedback")
    static let calendarFeed = NamedPath("/feeds/:file")
}
