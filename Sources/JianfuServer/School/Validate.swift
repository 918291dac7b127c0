import Vapor

/// Server-side checks shared by every form and API body.
enum Validate {
    static func required(_ value: String, field: String, label: String, max: Int) throws {
        if value.isEmpty { throw AppError.invalid(field: field, messageKey: "form.required", args: [label]) }
        if value.count > max { throw AppError.invalid(field: field, messageKey: "form.tooLong", args: [label, String(max)]) }
    }
}
