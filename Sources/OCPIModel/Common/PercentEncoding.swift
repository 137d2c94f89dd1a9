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
}
