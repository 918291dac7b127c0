import Fluent
import Foundation

/// A day that breaks the weekday pattern: a public holiday, or a make-up working day (调休).
final class CalendarDay: Model, @unchecked Sendable {
    static let schema = "calendar_days"

    enum Kind: String, Codable, Sendable {
        case holiday
        case makeUpWorkday = "make_up_workday"
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "term_id") var termId: UUID
    @Field(key: "date") var date: String
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String

    init() {}

    init(id: UUID? = nil, districtId: UUID, termId: UUID, date: String, kind: Kind, name: String) {
        self.id = id
        self.districtId = districtId
        self.termId = termId
        self.date = date
        self.kind = kind.rawValue
        self.name = name
    }
}
