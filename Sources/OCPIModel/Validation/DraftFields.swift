/// Decodes the fields of a request-body draft one by one, recording a field that has the wrong shape as an issue
/// instead of failing the whole body, so that the client hears about every problem at once.
///
/// Issue paths are relative to the object being decoded; the object's parent adds its own prefix when it builds.
struct DraftFields<Key: CodingKey> {
    private let container: KeyedDecodingContainer<Key>
    private let depth: Int
    private(set) var issues: [ValidationError.Issue] = []

    /// Fails only when the body is not a JSON object at all.
    init(_ decoder: any Decoder, keyedBy: Key.Type) throws {
        container = try decoder.container(keyedBy: Key.self)
        depth = decoder.codingPath.count
    }

    /// The field's value; nil when absent, null, or malformed (then recorded in `issues`).
    mutating func value<T: Decodable>(_ key: Key) -> T? {
        do {
            return try container.decodeIfPresent(T.self, forKey: key)
        } catch {
            record(error, key: key)
            return nil
        }
    }

    /// An OCPI `int`: any JSON number with no fraction. Read through `Double` because Foundation reports `3.5` for an
    /// `Int` as "not valid JSON" without a path.
    mutating func integer(_ key: Key) -> Int? {
        do {
            return try container.decodeIntegerIfPresent(forKey: key)
        } catch {
            record(error, key: key)
            return nil
        }
    }

    private mutating func record(_ error: any Error, key: Key) {
        guard let error = error as? DecodingError else {
            issues.append(ValidationError.Issue(field: key.stringValue, rule: String(describing: error)))
            return
        }
        var found = ValidationError(decoding: error, droppingPathPrefix: depth).issues
        // A path-less report (as Foundation gives for some number errors) still belongs to this field.
        for index in found.indices where found[index].field.isEmpty {
            found[index].field = key.stringValue
        }
        issues += found
    }
}

extension KeyedDecodingContainer {
    /// An OCPI `int`, refusing fractions with the field's path (see `DraftFields.integer`).
    func decodeIntegerIfPresent(forKey key: Key) throws -> Int? {
        let decoded: Double?
        do {
            decoded = try decodeIfPresent(Double.self, forKey: key)
        } catch DecodingError.typeMismatch(_, let context) {
            throw DecodingError.typeMismatch(Int.self, context)
        }
        guard let number = decoded else { return nil }
        guard let integer = Int(exactly: number) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "must be an integer")
        }
        return integer
    }

    func decodeInteger(forKey key: Key) throws -> Int {
        guard let integer = try decodeIntegerIfPresent(forKey: key) else {
            throw DecodingError.valueNotFound(
                Int.self, DecodingError.Context(codingPath: codingPath + [key], debugDescription: "is required"))
        }
        return integer
    }
}
