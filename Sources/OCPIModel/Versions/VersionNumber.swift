/// An OCPI version. An open set: peers may list versions we do not speak (2.1.1, later ones), and must still parse.
public struct VersionNumber: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let v2_1_1 = Self(rawValue: "2.1.1")
    public static let v2_2_1 = Self(rawValue: "2.2.1")
    public static let v2_3_0 = Self(rawValue: "2.3.0")

    /// The versions this platform serves, oldest first.
    public static let supported: [VersionNumber] = [.v2_2_1, .v2_3_0]

    public var isSupported: Bool { Self.supported.contains(self) }

    public var description: String { rawValue }

    /// Numeric ordering (2.10 after 2.9); unparsable parts sort first. Compared part by part without allocating:
    /// every request that renders by version asks.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        var left = Parts(lhs.rawValue.utf8)
        var right = Parts(rhs.rawValue.utf8)
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case (let l?, let r?): if l != r { return l < r }
            }
        }
    }

    /// The dotted parts as numbers (-1 for a part that is not one), empty parts skipped.
    private struct Parts: IteratorProtocol {
        let bytes: String.UTF8View
        var index: String.UTF8View.Index

        init(_ bytes: String.UTF8View) {
            self.bytes = bytes
            self.index = bytes.startIndex
        }

        mutating func next() -> Int? {
            while index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") { bytes.formIndex(after: &index) }
            guard index < bytes.endIndex else { return nil }
            var value = 0
            var digits = 0
            var isNumber = true
            while index < bytes.endIndex, bytes[index] != UInt8(ascii: ".") {
                let byte = bytes[index]
                if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 {
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                    digits += 1
                } else {
                    isNumber = false
                }
                bytes.formIndex(after: &index)
            }
            return isNumber ? value : -1
        }
    }
}
