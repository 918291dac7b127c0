import Fluent
import Foundation
import JianfuCore

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
    /// The district's values over time (`PolicyHistory` as JSON); nil until its first change.
    @OptionalField(key: "policy_history") var policyHistory: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    /// The district's school system (六三制, 五四制). There is no default to fall back on: the app refuses to start while a
    /// district has one it does not know (`App.checkDistricts`).
    var system: SchoolSystem {
        get throws {
            guard let system = SchoolSystem(rawValue: schoolSystem) else { throw UnknownSchoolSystem(district: code, value: schoolSystem) }
            return system
        }
    }

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

struct UnknownSchoolSystem: Error, CustomStringConvertible {
    let district: String
    let value: String
    var description: String {
        "district \(district) has the school system \(value), which Jianfu does not know (known: \(SchoolSystem.allCases.map(\.rawValue).joined(separator: ", ")))"
    }
}
