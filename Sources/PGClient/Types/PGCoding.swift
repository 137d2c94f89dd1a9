/// A Swift value that can be sent as a statement parameter, in PostgreSQL's text format.
public protocol PGEncodable: Sendable {
    /// The text PostgreSQL parses for this value, or nil for SQL NULL.
    var pgText: String? { get }
}

/// A Swift value that can be read from a column in PostgreSQL's text format.
public protocol PGDecodable: Sendable {
    init(pgText: String) throws(PGDecodingFailure)
}

/// Why a column's text could not become the requested type; wrapped into a `PGError` with the column name.
public struct PGDecodingFailure: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Lets `PGRow.decode` return nil for NULL when the requested type is an Optional.
protocol PGOptionalDecodable {
    static var pgNull: Self { get }
}

extension Optional: PGOptionalDecodable {
    static var pgNull: Optional<Wrapped> { .none }
}

extension Optional: PGEncodable where Wrapped: PGEncodable {
    public var pgText: String? { self?.pgText }
}

extension Optional: PGDecodable where Wrapped: PGDecodable {
    public init(pgText: String) throws(PGDecodingFailure) {
        self = .some(try Wrapped(pgText: pgText))
    }
}

extension String: PGEncodable, PGDecodable {
    public var pgText: String? { self }
    public init(pgText: String) { self = pgText }
}

extension Substring: PGEncodable {
    public var pgText: String? { String(self) }
}

extension Int: PGEncodable, PGDecodable {
    public var pgText: String? { String(self) }
    public init(pgText: String) throws(PGDecodingFailure) {
        guard let value = Int(pgText) else { throw PGDecodingFailure("'\(pgText)' is not an integer") }
        self = value
    }
}

extension Int32: PGEncodable, PGDecodable {
    public var pgText: String? { String(self) }
    public init(pgText: String) throws(PGDecodingFailure) {
        guard let value = Int32(pgText) else { throw PGDecodingFailure("'\(pgText)' is not a 32-bit integer") }
        self = value
    }
}

extension Int64: PGEncodable, PGDecodable {
    public var pgText: String? { String(self) }
    public init(pgText: String) throws(PGDecodingFailure) {
        guard let value = Int64(pgText) else { throw PGDecodingFailure("'\(pgText)' is not a 64-bit integer") }
        self = value
    }
}

extension Double: PGEncodable, PGDecodable {
    public var pgText: String? { "\(self)" }
    public init(pgText: String) throws(PGDecodingFailure) {
        guard let value = Double(pgText) else { throw PGDecodingFailure("'\(pgText)' is not a number") }
        self = value
    }
}

extension Bool: PGEncodable, PGDecodable {
    public var pgText: String? { self ? "t" : "f" }
    public init(pgText: String) throws(PGDecodingFailure) {
        switch pgText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PGDecodingFailure("'\(pgText)' is not a boolean")
        }
    }
}

/// A `bytea` value.
public struct PGBytes: PGEncodable, PGDecodable, Hashable {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    public var pgText: String? {
        var text = [UInt8]("\\x".utf8)
        text.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            text.append(Self.hexDigits[Int(byte >> 4)])
            text.append(Self.hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public init(pgText: String) throws(PGDecodingFailure) {
        let utf8 = Array(pgText.utf8)
        guard utf8.count % 2 == 0, utf8.starts(with: "\\x".utf8) else { throw PGDecodingFailure("bytea is not in hex format") }
        func nibble(_ c: UInt8) throws(PGDecodingFailure) -> UInt8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: throw PGDecodingFailure("bytea has a non-hex digit")
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            bytes.append(try nibble(utf8[index]) << 4 | nibble(utf8[index + 1]))
            index += 2
        }
        self.bytes = bytes
    }
}

/// A `jsonb` or `json` value, carried as JSON text so callers choose their own coder.
public struct PGJSON: PGEncodable, PGDecodable, Hashable {
    public var text: String
    public init(_ text: String) { self.text = text }
    public var pgText: String? { text }
    public init(pgText: String) { self.text = pgText }
}

/// A `numeric` value as its exact decimal text, so no precision is lost on the way.
public struct PGNumeric: PGEncodable, PGDecodable, Hashable {
    public var text: String
    public init(_ text: String) { self.text = text }
    public var pgText: String? { text }
    public init(pgText: String) { self.text = pgText }
}
