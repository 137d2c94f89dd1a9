/// A fresh id for `X-Request-ID` and `X-Correlation-ID`: a random (version 4) UUID in lower case.
///
/// Made from `SystemRandomNumberGenerator` (the `getrandom` system call) because Foundation's `UUID()` opens and
/// closes `/dev/urandom` on every call on Linux: two file operations per request on the hottest path.
public enum MessageID {
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    static func random(using generator: inout some RandomNumberGenerator) -> String {
        var bytes = InlineArray<16, UInt8>(repeating: 0)
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * index))
            bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * index))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 9562 variant
        // Written straight into the string's storage: this runs twice per request.
        return String(unsafeUninitializedCapacity: 36) { text in
            let digits: StaticString = "0123456789abcdef"
            var offset = 0
            for index in 0..<16 {
                let byte = bytes[index]
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[offset] = UInt8(ascii: "-")
                    offset += 1
                }
                text[offset] = digits.utf8Start[Int(byte >> 4)]
                text[offset + 1] = digits.utf8Start[Int(byte & 0x0F)]
                offset += 2
            }
            return offset
        }
    }
}
