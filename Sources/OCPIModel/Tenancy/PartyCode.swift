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

extension PartyCode {
    /// `NL*EMS`, as `peer_connections.reader_parties` and the admin scripts write a party.
    public init?(text: some StringProtocol) {
        let parts = text.split(separator: "*")
        guard parts.count == 2 else { return nil }
        self.init(countryCode: String(parts[0]), partyID: String(parts[1]))
    }

    /// A tenant, as the party it is.
    public init(_ tenant: TenantID) {
        self.init(countryCode: tenant.countryCode, partyID: tenant.partyID)
    }
}
