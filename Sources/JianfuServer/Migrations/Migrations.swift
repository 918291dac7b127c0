import Fluent
import Vapor

extension Application {
    /// One ordered list for the whole app; add-only.
    func registerMigrations() {
        // 001: districts, schools, grades, classes, subjects, terms and their calendars
        migrations.add(CreateOrganisation())
        // 002: people, roles, teaching assignments, pupils and guardians
        migrations.add(CreatePeople())
        // 003: API tokens, sign-in throttling, the audit trail
        migrations.add(CreateAccessAndAudit())
        // 004: homework entries, their review history, parents' feedback, calendar feeds
        migrations.add(CreateHomework())
        // Sessions survive a restart because they live in the database.
        migrations.add(SessionRecord.migration)
        // 005: tests filed before they are held, their results as levels, refused filings
        migrations.add(CreateTests())
        // 006: per class-day and per school-day sums of homework and feedback, kept as they change
        migrations.add(CreateDailyLoads())
        // 007: the audit trail records the address, is indexed for search and refuses changes and deletions
        migrations.add(SealAuditTrail())
        // 008: pupils erased on request stay as anonymous rows for the statistics
        migrations.add(AddStudentErasure())
    }
}
