import Foundation
import Yams

enum YAMLToJSON {
    /// Converts a YAML document to JSON bytes, keeping key order irrelevant (JSON objects are unordered).
    static func convert(_ yaml: String) throws -> Data {
        let object = try Yams.load(yaml: yaml) ?? [:]
        return try JSONSerialization.data(withJSONObject: normalise(object), options: [.sortedKeys])
    }

    /// YAML scalars such as `"200"` keys and numbers come back as Swift values JSONSerialization accepts.
    static func normalise(_ value: Any) -> Any {
        switch value {
        case let dict as [AnyHashable: Any]:
            var out: [String: Any] = [:]
            for (k, v) in dict { out[String(describing: k)] = normalise(v) }
            return out
        case let array as [Any]:
            return array.map(normalise)
        default:
            return value
        }
    }
}
