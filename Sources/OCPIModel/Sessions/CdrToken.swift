// ocpi:draft: `CdrTokenDraft`, the form a request body takes, is generated from this type (Plugins/DraftGenerator).
/// The token a Session or CDR was started with: enough to identify it at its eMSP (country_code, party_id, uid and
/// type together are the key). The eMSP's party, not the CPO's.
public struct CdrToken: Codable, Sendable, Hashable {
    /// CiString(2): ISO 3166-1 alpha-2 of the eMSP that owns the token.
    public var countryCode: String
    /// CiString(3): the eMSP's party id.
    public var partyID: String
    /// CiString(36): the token's uid (RFID uid, app user id, …).
    public var uid: String
    /// OpenEnum in 2.3.0 (EMAID is 2.3.0's); a 2.2.1 reader gets OTHER for values 2.2.1 lacks.
    public var type: TokenType
    /// CiString(36): the driver's contract id, an eMAID where possible.
    public var contractID: String

    public init(countryCode: String, partyID: String, uid: String, type: TokenType, contractID: String) {
        self.countryCode = countryCode
        self.partyID = partyID
        self.uid = uid
        self.type = type
        self.contractID = contractID
    }

    enum CodingKeys: String, CodingKey {
        case countryCode = "country_code"
        case partyID = "party_id"
        case uid, type
        case contractID = "contract_id"
    }
}
