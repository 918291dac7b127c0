/// The supervision pages' paths.
enum SupervisionPaths {
    static let index = FixedPath("/supervision")
    static let newInspection = FixedPath("/supervision/inspections/new")
    static let inspections = FixedPath("/supervision/inspections")
    static let inspection = RecordPath("/supervision/inspections/:id")
    static let setRectification = RecordPath("/supervision/findings/:id/rectification")
    static let rectification = RecordPath("/supervision/rectifications/:id")
    static let response = RecordPath("/supervision/rectifications/:id/response")
    static let decision = RecordPath("/supervision/rectifications/:id/decision")
    static let warnings = FixedPath("/supervision/warnings")
    static let acknowledge = RecordPath("/supervision/warnings/:id/acknowledge")
}

extension SupervisionPaths {
    static let assessment = FixedPath("/supervision/assessment")
    static let table = RecordPath("/supervision/assessment/:id")
    static let decisions = RecordPath("/supervision/assessment/:id/decisions")
    static let rating = RecordPath("/supervision/assessment/:id/rating")
}

extension SupervisionPaths {
    static let routines = FixedPath("/supervision/routines")
    static let observations = FixedPath("/supervision/routines/observations")
    static let sessions = FixedPath("/supervision/routines/sessions")
    static let posts = FixedPath("/supervision/routines/posts")
}

extension SupervisionPaths {
    static let reports = FixedPath("/supervision/reports")
    static let report = RecordPath("/supervision/reports/:id")
    static let submissions = RecordPath("/supervision/reports/:id/submissions")
}
