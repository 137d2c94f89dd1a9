#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A token we present to a peer, and how its `Authorization` header is written.
///
/// OCPI 2.2+ wants Base64; many peers (and every 2.1.1 one) want the raw token. We start with what the version
/// prescribes and, when a peer answers 401, try the other form once and remember what worked.
public struct PeerToken: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable {
        case base64
        case raw
    }

    public var value: String
    public var format: Format

    public init(value: String, format: Format) {
        self.value = value
        self.format = format
    }

    /// The `Authorization` header value.
    public var headerValue: String {
        switch format {
        case .base64: "Token " + Data(value.utf8).base64EncodedString()
        case .raw: "Token " + value
        }
    }

    /// The same token in the other format.
    public var alternative: PeerToken {
        PeerToken(value: value, format: format == .base64 ? .raw : .base64)
    }
}
