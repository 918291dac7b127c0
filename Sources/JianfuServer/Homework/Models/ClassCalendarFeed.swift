import Fluent
import Foundation

/// The secret address of a class's published homework as an iCalendar feed.
final class ClassCalendarFeed: Model, @unchecked Sendable {
    static let schema = "class_calendar_feeds"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "class_id") var classId: UUID
    @Field(key: "token") var token: String

    init() {}

    init(districtId: UUID, schoolId: UUID, classId: UUID, token: String) {
        self.districtId = districtId
        self.schoolId = schoolId
        self.classId = classId
        self.token = token
    }
}
