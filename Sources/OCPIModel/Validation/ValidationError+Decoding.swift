#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ValidationError {
    /// Turns what `JSONDecoder` reports into an issue a client can act on: the JSON path it wrote and a plain rule.
    public init(decoding error: DecodingError) {
        self.init(decoding: error, droppingPathPrefix: 0)
    }

    /// As `init(decoding:)`, with the first `droppingPathPrefix` path components removed, so that an object decoded
    /// inside a larger body reports paths relative to itself (its parent adds its own prefix).
    init(decoding error: DecodingError, droppingPathPrefix depth: Int) {
        let issue: Issue
        switch error {
        case .typeMismatch(let type, let context):
            issue = Issue(field: Self.path(context.codingPath.dropFirst(depth)), rule: Self.rule(expecting: type))
        case .valueNotFound(_, let context):
            issue = Issue(field: Self.path(context.codingPath.dropFirst(depth)), rule: "is required")
        case .keyNotFound(let key, let context):
            issue = Issue(field: Self.path(context.codingPath.dropFirst(depth) + [key]), rule: "is required")
        case .dataCorrupted(let context):
            issue = Issue(field: Self.path(context.codingPath.dropFirst(depth)), rule: context.debugDescription)
        @unknown default:
            issue = Issue(field: "", rule: String(describing: error))
        }
        self.init(issues: [issue])
    }

    /// `evses[0].connectors[1].max_voltage`: array positions in brackets, keys joined with dots.
    static func path(_ keys: some Sequence<any CodingKey>) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    /// What a JSON value of the decoded Swift type looks like, in the client's terms.
    static func rule(expecting type: Any.Type) -> String {
        switch type {
        case is String.Type: return "must be a string"
        case is Bool.Type: return "must be a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: return "must be an integer"
        case is Double.Type, is Float.Type, is Decimal.Type: return "must be a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "must be an array" }
            if name.hasPrefix("Dictionary") { return "must be an object" }
            return "must be a valid \(name)"
        }
    }
}
