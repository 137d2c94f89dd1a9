#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Generates tokens we issue from the service (token C, token B for peers): 32 bytes from the system's
/// cryptographically secure generator (`SystemRandomNumberGenerator`: `getrandom(2)` on Linux, `arc4random_buf` on
/// Apple platforms), base64url without padding (43 characters, within OCPI's 64).
public enum TokenGenerator {
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
        return String(base64.compactMap { character -> Character? in
            switch character {
            case "+": "-"
            case "/": "_"
            case "=": nil
            default: character
            }
        })
    }
}
