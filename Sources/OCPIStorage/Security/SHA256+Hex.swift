import Crypto

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SHA256 {
    /// The SHA-256 digest of `bytes` as lower-case hex, as PostgreSQL's `encode(sha256(…), 'hex')` writes it: the
    /// checksum a migration is recorded with.
    static func hexDigest(_ bytes: some DataProtocol) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * SHA256.byteCount)
        for byte in SHA256.hash(data: bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
