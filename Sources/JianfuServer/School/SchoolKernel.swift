import JianfuCore

/// The shared school kernel: districts, schools, classes, people and calendars, the class context, the audit trail and
/// the helpers every domain uses. It has no pages of its own; it brings the tables everything else stands on.
enum SchoolKernel: Domain {
    static let migrations: [NumberedMigration] = [
        // 001: districts, schools, grades, classes, subjects, terms and their calendars
        NumberedMigration(1, CreateOrganisation()),
        // 002: people, roles, teaching assignments, pupils and guardians
        NumberedMigration(2, CreatePeople()),
        // 003: API tokens, sign-in throttling, the audit trail
        NumberedMigration(3, CreateAccessAndAudit()),
        // 007: the audit trail records the address, is indexed for search and refuses changes and deletions
        NumberedMigration(7, SealAuditTrail()),
        // 008: pupils erased on request stay as anonymous rows for the statistics
        NumberedMigration(8, AddStudentErasure()),
        // 012: a class's version, so that what its parents share can be reused until it changes
        NumberedMigration(12, AddClassVersion()),
        // 016: teaching assignments by school, for the school summaries
        NumberedMigration(16, AddAssignmentSchoolIndex()),
    ]

    static let labelled: [any Labelled.Type] = [Role.self, SchoolStage.self]
}
