import Vapor

/// The failures every domain can meet (sign-in, access, a missing record, a form field), mapped once to a status,
/// a stable code for the API and a message in their language. Users never see an internal error text.
enum AppError: UserFacingError {
    case unauthenticated
    case invalidCredentials
    case tooManyAttempts
    case forbidden
    case notFound
    case csrf
    case invalid(field: String, messageKey: String, args: [String] = [])
    case conflict(messageKey: String, args: [String] = [])
    case importRejected(problemCount: Int)
    case policy(PolicyAdjustmentMessage)

    var status: HTTPResponseStatus {
        switch self {
        case .unauthenticated, .invalidCredentials: .unauthorized
        case .tooManyAttempts: .tooManyRequests
        case .forbidden, .csrf: .forbidden
        case .notFound: .notFound
        case .invalid, .importRejected, .policy: .unprocessableEntity
        case .conflict: .conflict
        }
    }

    var code: String {
        switch self {
        case .unauthenticated: "unauthenticated"
        case .invalidCredentials: "invalid_credentials"
        case .tooManyAttempts: "too_many_attempts"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .csrf: "csrf_failed"
        case .invalid: "invalid_input"
        case .conflict: "conflict"
        case .importRejected: "import_rejected"
        case .policy: "policy_loosening"
        }
    }

    func message(_ language: Language) -> String {
        switch self {
        case .unauthenticated: Strings.text("error.unauthenticated", language)
        case .invalidCredentials: Strings.text("error.invalidCredentials", language)
        case .tooManyAttempts: Strings.text("error.tooManyAttempts", language)
        case .forbidden: Strings.text("error.forbidden", language)
        case .notFound: Strings.text("error.notFound", language)
        case .csrf: Strings.text("error.csrf", language)
        case .invalid(_, let key, let args): Strings.text(key, language, args.map { Strings.labelOrValue($0, language) })
        case .conflict(let key, let args): Strings.text(key, language, args.map { Strings.labelOrValue($0, language) })
        case .importRejected(let n): Strings.text("import.rejected", language, [String(n)])
        case .policy(let m): m.text(language)
        }
    }

    var details: [String: ErrorDetail] {
        switch self {
        case .invalid(let field, _, _): ["field": .text(field)]
        case .policy(let m): m.details.mapValues(ErrorDetail.text)
        default: [:]
        }
    }

    var isCorrectableOnThePage: Bool {
        switch self {
        case .notFound, .unauthenticated, .csrf, .tooManyAttempts, .invalidCredentials: false
        default: (400..<500).contains(status.code)
        }
    }
}

/// Why a district's policy value was refused, kept apart so the message can name the rule.
struct PolicyAdjustmentMessage: Sendable {
    let key: String
    let rule: String
    let profileValue: Int?
    let requested: Int?

    func text(_ language: Language) -> String {
        if let profileValue, let requested {
            return Strings.text("policy.loosening", language, [key, rule, String(profileValue), String(requested)])
        }
        return Strings.text("policy.unknownKey", language, [key])
    }

    var details: [String: String] {
        var d = ["key": key, "ruleId": rule]
        if let profileValue { d["profileValue"] = String(profileValue) }
        if let requested { d["requested"] = String(requested) }
        return d
    }
}

/// A value in an error's details: numbers stay numbers in the JSON.
enum ErrorDetail: Codable, Sendable, Equatable {
    case text(String)
    case number(Int)

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int.self) { self = .number(n) } else { self = .text(try c.decode(String.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .text(let s): try c.encode(s)
        case .number(let n): try c.encode(n)
        }
    }
}

/// The API's error body: `{"error": {"code", "message", "details"}}`.
struct APIErrorBody: Content {
    struct Inner: Codable {
        let code: String
        let message: String
        let details: [String: ErrorDetail]
    }
    let error: Inner
}
