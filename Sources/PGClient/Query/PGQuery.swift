/// A statement and its parameters. Built by string interpolation, so every interpolated value becomes a `$n`
/// parameter and never part of the SQL text:
///
///     let query: PGQuery = "SELECT name FROM tenants WHERE country_code = \(code) AND party_id = \(party)"
///
/// SQL fragments that are not values go through `unescaped:`, which callers may only use with constants.
public struct PGQuery: Sendable, ExpressibleByStringInterpolation {
    public private(set) var sql: String
    public private(set) var binds: [String?]
    /// Prepared once per connection and reused (the default). Turn off for statements run once, such as DDL.
    public var prepare: Bool

    public init(stringLiteral value: String) {
        self.sql = value
        self.binds = []
        self.prepare = true
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.binds = stringInterpolation.binds
        self.prepare = true
    }

    /// A statement with no parameters whose text the caller vouches for (migrations, constant session settings).
    public init(unsafeSQL sql: String) {
        self.sql = sql
        self.binds = []
        self.prepare = false
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql: String
        var binds: [String?]

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// A value: becomes the next `$n` parameter.
        public mutating func appendInterpolation(_ value: some PGEncodable) {
            binds.append(value.pgText)
            sql += "$\(binds.count)"
        }

        /// An optional value: NULL when nil.
        public mutating func appendInterpolation<Value: PGEncodable>(_ value: Value?) {
            binds.append(value?.pgText)
            sql += "$\(binds.count)"
        }

        /// A constant piece of SQL (a column list, an ORDER BY chosen from a fixed set). Never pass input here.
        public mutating func appendInterpolation(unescaped fragment: StaticString) {
            sql += fragment.description
        }
    }

    /// Calls `body` with libpq's parameter count and value array, valid only during the call. All values are
    /// copied, NUL-terminated, into one temporary buffer.
    func withBindPointers<R>(_ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        if binds.isEmpty { return body(0, nil) }
        var totalBytes = 0
        for bind in binds { totalBytes += (bind?.utf8.count ?? 0) + 1 }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: totalBytes) { buffer in
            withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: binds.count) { pointers in
                var offset = 0
                for (index, bind) in binds.enumerated() {
                    guard let bind else {
                        pointers[index] = nil
                        continue
                    }
                    let start = offset
                    for byte in bind.utf8 {
                        buffer[offset] = CChar(bitPattern: byte)
                        offset += 1
                    }
                    buffer[offset] = 0
                    offset += 1
                    pointers[index] = UnsafePointer(buffer.baseAddress! + start)
                }
                return body(Int32(binds.count), UnsafePointer(pointers.baseAddress))
            }
        }
    }
}
