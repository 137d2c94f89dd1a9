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

    /// Numeric ordering (2.10 after 2.9); unparsable parts sort first.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        let left = lhs.rawValue.split(separator: ".").map { Int($0) ?? -1 }
        let right = rhs.rawValue.split(separator: ".").map { Int($0) ?? -1 }
        return left.lexicographicallyPrecedes(right)
    }
}
