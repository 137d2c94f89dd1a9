/// Percent-encoding of one URL component (RFC 3986): unreserved characters pass, every other byte becomes `%XX`.
public enum PercentEncoding {
    private static let hex = Array("0123456789ABCDEF".utf8)

    /// `keeping` adds characters that may stay as they are where the component goes (`*` in a path segment, say).
    public static func encode(_ component: String, keeping extra: Set<UInt8> = []) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        for byte in component.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            case _ where extra.contains(byte):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The component a percent-encoded one stands for; nil when a `%` is not followed by two hex digits, or the
    /// bytes are not UTF-8.
    public static func decode(_ component: some StringProtocol) -> String? {
        guard component.utf8.contains(UInt8(ascii: "%")) else { return String(component) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        var iterator = component.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

extension PercentEncoding {
    /// `base` (without its trailing slashes) with each of `segments` appended as one encoded path segment (`*` kept):
    /// every URL the platform builds below a URL a peer or a back-office gave it.
    public static func url(_ base: String, appending segments: [String]) -> String {
        var url = base
        while url.hasSuffix("/") { url.removeLast() }
        for segment in segments { url += "/" + encode(segment, keeping: [UInt8(ascii: "*")]) }
        return url
    }
}
