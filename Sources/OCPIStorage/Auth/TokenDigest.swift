import Crypto
import PGClient

/// The SHA-256 digest under which a token is stored (swift-crypto: BoringSSL on Linux, CryptoKit on Apple
/// platforms). The plain token never reaches the database or a log.
public struct TokenDigest: Sendable, Hashable, PGEncodable {
    public let bytes: [UInt8]

    public init(token: String) {
        self.bytes = Array(SHA256.hash(data: Array(token.utf8)))
    }

    public var pgText: String? { PGBytes(bytes).pgText }
}
