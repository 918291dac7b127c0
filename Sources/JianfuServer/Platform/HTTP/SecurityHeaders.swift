import Vapor

/// Headers every response carries: no framing, no type sniffing, scripts and styles from this site
/// only (no inline script), and, where the request came over TLS, HSTS and cookies marked Secure.
struct SecurityHeaders: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
        "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", Self.contentSecurityPolicy),
            ("X-Frame-Options", "DENY"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        // Pages and API answers about people must not stay in a shared computer's cache; static files
        // (they carry an ETag) are revalidated instead.
        if !response.headers.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: response.headers.contains(name: .eTag) ? "no-cache" : "no-store")
        }
        if request.cameOverTLS {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
            for name in response.cookies.all.keys { response.cookies[name]?.isSecure = true }
        }
        return response
    }
}

extension Request {
    /// TLS ends at the server or at the reverse proxy in front of it, which says so in `X-Forwarded-Proto`.
    var cameOverTLS: Bool {
        url.scheme == "https" || headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }
}
