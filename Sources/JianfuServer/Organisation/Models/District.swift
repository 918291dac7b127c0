import Fluent
import Foundation

final class District: Model, @unchecked Sendable {
    static let schema = "districts"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "code") var code: String
    /// IANA zone whose dates are the district's dates (Asia/Shanghai unless the district says otherwise).
    @Field(key: "time_zone") var timeZone: String
    @Field(key: "school_system") var schoolSystem: String
    @Field(key: "policy_profile") var policyProfile: String
    /// The district's tightened values as JSON: `{"homework.writtenCap.primaryUpper": 45}`.
    @Field(key: "policy_adjustments") var policyAdjustments: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    /// The zone whose dates are the district's dates.
    var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(identifier: "Asia/Shanghai")! }

    init(id: UUID? = nil, name: String, code: String, timeZone: String = "Asia/Shanghai", schoolSystem: String = "6-3", policyProfile: String = "national") {
        self.id = id
        self.name = name
        self.code = code
        self.timeZone = timeZone
        self.schoolSystem = schoolSystem
        self.policyProfile = policyProfile
        self.policyAdjustments = "{}"
    }
}
