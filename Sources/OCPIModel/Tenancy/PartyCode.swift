/// An OCPI party named by `(country_code, party_id)` that is not necessarily hosted here: the EMSP a Session or CDR
/// concerns (its `cdr_token`'s party). Upper-cased, as `TenantID` and the peer roles are, so comparisons are
/// case-insensitive by construction.
public struct PartyCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let countryCode: String
    public let partyID: String

    public init(countryCode: String, partyID: String) {
        self.countryCode = countryCode.uppercased()
        self.partyID = partyID.uppercased()
    }

    public var description: String { "\(countryCode)*\(partyID)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.countryCode, lhs.partyID) < (rhs.countryCode, rhs.partyID)
    }
}
