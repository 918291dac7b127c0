import OpenAPIRuntime
import Vapor

/// Turns every error into a page or a JSON body in the user's language; a stack
/// trace or an internal message never reaches the user.
struct ErrorPages: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await Self.response(for: error, request: request)
        }
    }

    static func response(for error: any Error, request: Request) async -> Response {
        let language = request.language
        let status: HTTPResponseStatus
        let code: String
        let message: String
        var details: [String: ErrorDetail] = [:]
        var error = error
        if let server = error as? ServerError {
            if server.underlyingError is any UserFacingError || server.httpStatus.code >= 500 {
                error = server.underlyingError
            } else {
                error = Abort(HTTPResponseStatus(statusCode: server.httpStatus.code))
            }
        }
        switch error {
        case let refusal as any UserFacingError:
            status = refusal.status
            code = refusal.code
            message = refusal.message(language)
            details = refusal.details
        case let abort as any AbortError where abort.status.code < 500:
            status = abort.status
            switch abort.status {
            case .notFound: code = "not_found"; message = AppError.notFound.message(language)
            case .unauthorized: code = "unauthenticated"; message = AppError.unauthenticated.message(language)
            case .payloadTooLarge: code = "too_large"; message = Strings.text("error.tooLarge", language)
            default: code = "bad_request"; message = Strings.text("error.badRequest", language)
            }
        case is DecodingError:
            status = .badRequest
            code = "bad_request"
            message = Strings.text("error.badRequest", language)
        default:
            // The log is for operators: the full error, which PostgreSQL's driver hides from `description`.
            request.logger.error("\(request.method) \(request.url.path): \(String(reflecting: error))")
            status = .internalServerError
            code = "internal_error"
            message = Strings.text("error.internal", language)
        }
        if request.url.path.hasPrefix("/api/") || request.headers.accept.contains(where: { $0.mediaType.type == "application" && $0.mediaType.subType == "json" }) {
            let body = APIErrorBody(error: .init(code: code, message: message, details: details))
            let response = Response(status: status)
            try? response.content.encode(body, as: .json)
            if status == .unauthorized { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
            return response
        }
        if status == .unauthorized, request.method == .GET {
            return request.redirect(to: AccountsPaths.signIn.path + "?next=" + (request.url.path.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "/"))
        }
        do {
            let page = ErrorPage(layout: Layout(request, title: Strings.text("error.title", language)), status: Int(status.code), message: message)
            let response = try await request.view.render("error", page).encodeResponse(for: request)
            response.status = status
            return response
        } catch {
            let response = Response(status: status, body: .init(string: message))
            response.headers.contentType = .plainText
            return response
        }
    }
}

struct ErrorPage: Encodable {
    let layout: Layout
    let status: Int
    let message: String
}
