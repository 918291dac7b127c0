import Vapor

/// An error a person meets: a status, a stable code for the API, a message in their language and details for the API.
/// `ErrorPages` and `FormResponse` turn any of them into a page or a JSON body in one place.
protocol UserFacingError: Error, Sendable {
    var status: HTTPResponseStatus { get }
    var code: String { get }
    func message(_ language: Language) -> String
    var details: [String: ErrorDetail] { get }
    /// Refusals a person can act on where they are; not-found and sign-in problems go to the error page.
    var isCorrectableOnThePage: Bool { get }
}

/// A refusal by one domain's rules. Each domain lists its refusals as one enum (`HomeworkError`, `AssessmentError`)
/// whose cases carry what the message needs; the enum maps each case once to its status, code and message key.
protocol DomainError: UserFacingError {
    var messageKey: String { get }
    /// The message's `{0}`, `{1}` …: a string-table key among them is shown translated.
    var args: [String] { get }
}

extension DomainError {
    func message(_ language: Language) -> String {
        Strings.text(messageKey, language, args.map { Strings.labelOrValue($0, language) })
    }

    var details: [String: ErrorDetail] { [:] }
    var isCorrectableOnThePage: Bool { status != .notFound && (400..<500).contains(status.code) }
}
