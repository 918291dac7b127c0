import Vapor

/// How every form answers: the action's response, or, when the user can put the input right,
/// the same page again with the message in their language and the refusal's status.
enum FormResponse {
    static func handle(_ req: Request, _ action: () async throws -> Response,
                       rerender: (_ message: String) async throws -> View) async throws -> Response {
        do {
            return try await action()
        } catch let error as any UserFacingError where error.isCorrectableOnThePage {
            let response = try await rerender(error.message(req.language)).encodeResponse(for: req)
            response.status = error.status
            return response
        }
    }
}
