/// A table or column name that a generic statement is built around (a module's table). Only a string literal can
/// make one, so input can never become part of the SQL text this way.
public struct PGIdentifier: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let description: String

    public init(stringLiteral value: StaticString) {
        description = value.description
    }
}

extension PGQuery.StringInterpolation {
    /// A trusted identifier, written into the SQL text as it is (see `PGIdentifier`).
    public mutating func appendInterpolation(identifier: PGIdentifier) {
        appendLiteral(identifier.description)
    }
}
