/// A CPO party hosted on this platform: `(country_code, party_id)`, the leading key of every tenant-owned row.
///
/// Both parts are CiStrings. They are kept upper-case, so that comparing two `TenantID`s, or a `TenantID` with a
/// database key, is case-insensitive by construction.
public struct TenantID: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// ISO 3166-1 alpha-2, upper-case.
    public let countryCode: String
    /// Three upper-case letters or digits.
    public let partyID: String

    /// Validates and normalises; nil when either part is malformed.
    public init?(countryCode: String, partyID: String) {
        guard Self.isCountryCode(countryCode), Self.isPartyID(partyID) else { return nil }
        self.countryCode = countryCode.uppercased()
        self.partyID = partyID.uppercased()
    }

    /// Parses the `DE*ABC` form used by admin scripts and logs.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "*", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        self.init(countryCode: String(parts[0]), partyID: String(parts[1]))
    }

    public var description: String { "\(countryCode)*\(partyID)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.countryCode, lhs.partyID) < (rhs.countryCode, rhs.partyID)
    }

    public static func isCountryCode(_ text: String) -> Bool {
        text.utf8.count == 2 && text.utf8.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
    }

    public static func isPartyID(_ text: String) -> Bool {
        text.utf8.count == 3 && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
        }
    }
}
