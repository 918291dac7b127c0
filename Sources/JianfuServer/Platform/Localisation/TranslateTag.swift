import Leaf
import Vapor

/// `#t("key")` in a template: the text in the reader's language.
struct TranslateTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else { throw Abort(.internalServerError, reason: "#t needs a key") }
        let language = ctx.request?.language ?? .zh
        let args = ctx.parameters.dropFirst().map { $0.string ?? $0.description }
        return .string(Strings.text(key, language, Array(args)))
    }
}
