#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Any JSON value. For comparing objects field by field (which fields a PATCH changed) and for building bodies
/// whose shape is decided at run time (a push PATCH with only the changed fields).
public enum JSONValue: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    public var string: String? { if case .string(let value) = self { value } else { nil } }
    public var number: Double? { if case .number(let value) = self { value } else { nil } }
    public var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    public var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    public var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }

    /// The top-level keys whose values differ between two objects (added or changed; OCPI PATCH cannot remove).
    public static func changedKeys(from old: [String: JSONValue], to new: [String: JSONValue]) -> [String] {
        new.keys.filter { old[$0] != new[$0] }.sorted()
    }

    /// The top-level keys whose values differ between the OCPI encodings of two values; nil when either does not
    /// encode to an object.
    public static func changedKeys<T: Encodable>(encoding old: T, _ new: T) -> [String]? {
        func object(_ value: T) -> [String: JSONValue]? {
            try? OCPIJSON.decoder.decode(JSONValue.self, from: OCPIJSON.encoder.encode(value)).object
        }
        guard let before = object(old), let after = object(new) else { return nil }
        return changedKeys(from: before, to: after)
    }
}
