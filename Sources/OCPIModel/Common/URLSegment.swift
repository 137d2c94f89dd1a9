/// What an id must be to travel in one URL path segment and be read back as itself.
public enum URLSegment {
    /// Printable ASCII, no `/` (peers' paths and our push keys split on it), and not `.` or `..` (URLs resolve those
    /// away).
    public static func isAddressable(_ id: String) -> Bool {
        !id.isEmpty && id != "." && id != ".." && id.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E && $0 != UInt8(ascii: "/") }
    }
}
