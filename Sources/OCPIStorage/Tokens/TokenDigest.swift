import PGClient

/// The SHA-256 digest under which a token is stored. The plain token never reaches the database or a log.
public struct TokenDigest: Sendable, Hashable, PGEncodable {
    public let bytes: [UInt8]

    public init(token: String) {
        self.bytes = SHA256.hash(Array(token.utf8))
    }

    public var pgText: String? { PGBytes(bytes).pgText }
}
