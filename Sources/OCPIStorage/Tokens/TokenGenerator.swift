/// Generates tokens we issue from the service (token C, token B for peers): 32 bytes from the system's
/// cryptographically secure generator, base64url without padding (43 characters, within OCPI's 64).
public enum TokenGenerator {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var output: [UInt8] = []
        output.reserveCapacity(43)
        var bits: UInt32 = 0
        var bitCount = 0
        for _ in 0..<32 {
            bits = bits << 8 | UInt32(UInt8.random(in: .min ... .max, using: &generator))
            bitCount += 8
            while bitCount >= 6 {
                bitCount -= 6
                output.append(alphabet[Int((bits >> UInt32(bitCount)) & 0x3F)])
            }
        }
        if bitCount > 0 { output.append(alphabet[Int((bits << UInt32(6 - bitCount)) & 0x3F)]) }
        return String(decoding: output, as: UTF8.self)
    }
}
