import Vapor

/// Server-side checks shared by every form and API body.
enum Validate {
    static func required(_ value: String, field: String, label: String, max: Int) throws {
        if value.isEmpty { throw AppError.invalid(field: field, messageKey: "form.required", args: [label]) }
        if value.count > max { throw AppError.invalid(field: field, messageKey: "form.tooLong", args: [label, String(max)]) }
    }

    /// A whole number typed in a form field.
    static func wholeNumber(_ raw: String?, field: String, label: String) throws -> Int {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw AppError.invalid(field: field, messageKey: "form.required", args: [label]) }
        guard let value = Int(text) else { throw AppError.invalid(field: field, messageKey: "form.wholeNumber", args: [label]) }
        return value
    }
}
