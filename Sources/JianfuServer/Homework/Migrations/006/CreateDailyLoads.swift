import Fluent

/// Sums kept as homework and feedback change, so the dashboards read a few rows per school
/// instead of every entry (the same cost with a week of data and with a year).
struct CreateDailyLoads: AsyncMigration {
    var name: String { "006_CreateDailyLoads" }

    func prepare(on database: any Database) async throws {
        try await database.schema("class_day_loads")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("class_id", .uuid, .required, .references("school_classes", "id"))
            .field("band", .string, .required)
            .field("date", .string, .required)
            .field("cap_minutes", .int, .required)
            .field("filed_items", .int, .required)
            .field("written_minutes", .int, .required)
            .field("published_minutes", .int, .required)
            .field("over_cap", .int, .required)
            .field("load_light", .int, .required)
            .field("load_full", .int, .required)
            .field("overrides", .int, .required)
            .field("pending", .int, .required)
            .field("feedback_count", .int, .required)
            .field("feedback_minutes", .int, .required)
            .field("feedback_estimate", .int, .required)
            .field("too_much", .int, .required)
            .unique(on: "class_id", "date")
            .create()
        try await database.sql.raw("CREATE INDEX idx_class_day_loads_school_day ON class_day_loads (school_id, date)").run()
        try await database.schema("school_day_loads")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("band", .string, .required)
            .field("date", .string, .required)
            .field("filed_class_days", .int, .required)
            .field("written_minutes", .int, .required)
            .field("published_minutes", .int, .required)
            .field("over_cap", .int, .required)
            .field("load_light", .int, .required)
            .field("load_full", .int, .required)
            .field("overrides", .int, .required)
            .field("pending", .int, .required)
            .field("feedback_count", .int, .required)
            .field("feedback_minutes", .int, .required)
            .field("feedback_estimate", .int, .required)
            .field("too_much", .int, .required)
            .unique(on: "school_id", "date", "band")
            .create()
        try await database.sql.raw("CREATE INDEX idx_school_day_loads_district_day ON school_day_loads (district_id, date)").run()
        // A class's work touching a day is found from the day forward (due on or after it), not by reading its whole history.
        try await database.sql.raw("CREATE INDEX idx_homework_class_due ON homework_entries (class_id, due_on)").run()
        // The district dashboard counts tests and refusals per school over a date range.
        try await database.sql.raw("CREATE INDEX idx_tests_district_day ON school_tests (district_id, held_on)").run()
        try await database.sql.raw("CREATE INDEX idx_test_refusals_district_day ON test_refusals (district_id, held_on)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX idx_test_refusals_district_day").run()
        try await database.sql.raw("DROP INDEX idx_homework_class_due").run()
        try await database.sql.raw("DROP INDEX idx_tests_district_day").run()
        try await database.schema("school_day_loads").delete()
        try await database.schema("class_day_loads").delete()
    }
}
