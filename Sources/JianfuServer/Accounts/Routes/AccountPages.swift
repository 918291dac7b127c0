import Fluent
import JianfuCore
import Vapor

/// 修改密码: a person replaces the password an administrator issued with one of their own.
enum AccountPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(AccountsPaths.accountPassword, use: form)
        routes.post(AccountsPaths.accountPassword, use: change)
    }

    struct Page: Encodable {
        let layout: Layout
        let notice: String?
        let error: String?
        let minimumLength: Int
    }

    struct Form: Content {
        let current: String?
        let password: String?
        let confirm: String?
    }

    @Sendable static func form(_ req: Request) async throws -> View {
        try await render(req, notice: nil, error: nil)
    }

    static func render(_ req: Request, notice: String?, error: String?) async throws -> View {
        try await req.view.render("accounts/account-password", Page(layout: Layout(req, title: req.t("account.title")), notice: notice, error: error,
                                                          minimumLength: PasswordRules.minimumLength))
    }

    @Sendable static func change(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode(Form.self)
        return try await FormResponse.handle(req, {
            try await PeopleService.changeOwnPassword(actor, current: form.current ?? "", new: form.password ?? "", confirm: form.confirm ?? "", request: req)
            // A new session id, as at sign-in: whoever held the old cookie is out.
            try await SignInPages.startSession(req, userId: actor.userId)
            return try await render(req, notice: req.t("account.changed"), error: nil).encodeResponse(for: req)
        }, rerender: { try await render(req, notice: nil, error: $0) })
    }
}
