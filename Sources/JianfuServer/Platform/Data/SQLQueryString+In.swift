import Foundation
import SQLKit

extension SQLQueryString {
    /// Appends ` AND column IN (…)` for the ids, or nothing when there is no restriction (nil): the scope filter of
    /// the district-wide reads, with its binds in a stable order so the statement's text is the same each time.
    mutating func appendAnd(_ column: String, in ids: Set<UUID>?) {
        guard let ids else { return }
        appendInterpolation(unsafeRaw: " AND \(column) IN (")
        appendInterpolation(binds: ids.sorted { $0.uuidString < $1.uuidString })
        appendInterpolation(unsafeRaw: ")")
    }
}
