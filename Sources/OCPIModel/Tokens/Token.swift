// ocpi:draft: `TokenDraft`, the form a request body takes, is generated from this type (Plugins/DraftGenerator).
/// A driver's means of identification (RFID card, app account, eMAID), as its EMSP pushes it to the CPO so that
/// chargers can decide without asking. It belongs to the EMSP's party, not to a tenant: every tenant the EMSP is
/// granted may authorize with it. Keyed by `(country_code, party_id, uid, type)`; never deleted (`valid: false`).
///
/// 2.2.1 and 2.3.0 have the same fields; 2.3.0 adds the TokenType EMAID and makes TokenType an OpenEnum.
public struct Token: Codable, Sendable, Hashable {
    /// CiString(2), the EMSP's.
    public var countryCode: String
    /// CiString(3), the EMSP's.
    public var partyID: String
    /// CiString(36): unique together with `type`, kept as first written.
    public var uid: String
    public var type: TokenType
    /// CiString(36): the driver's contract (an eMAID where possible).
    public var contractID: String
    /// string(64): what is printed on the card.
    public var visualNumber: String?
    /// string(64): the company that issued the card.
    public var issuer: String
    /// CiString(36): tokens that work as one (a card and a key fob).
    public var groupID: String?
    public var valid: Bool
    /// When the CPO may decide from this stored token and when it must ask the EMSP.
    public var whitelist: WhitelistType
    /// ISO 639-1, two letters.
    public var language: String?
    public var defaultProfileType: ProfileType?
    public var energyContract: EnergyContract?
    public var lastUpdated: DateTime

    public init(
        countryCode: String, partyID: String, uid: String, type: TokenType, contractID: String, visualNumber: String? = nil,
        issuer: String, groupID: String? = nil, valid: Bool, whitelist: WhitelistType, language: String? = nil,
        defaultProfileType: ProfileType? = nil, energyContract: EnergyContract? = nil, lastUpdated: DateTime
    ) {
        self.countryCode = countryCode
        self.partyID = partyID
        self.uid = uid
        self.type = type
        self.contractID = contractID
        self.visualNumber = visualNumber
        self.issuer = issuer
        self.groupID = groupID
        self.valid = valid
        self.whitelist = whitelist
        self.language = language
        self.defaultProfileType = defaultProfileType
        self.energyContract = energyContract
        self.lastUpdated = lastUpdated
    }

    enum CodingKeys: String, CodingKey {
        case countryCode = "country_code"
        case partyID = "party_id"
        case uid, type
        case contractID = "contract_id"
        case visualNumber = "visual_number"
        case issuer
        case groupID = "group_id"
        case valid, whitelist, language
        case defaultProfileType = "default_profile_type"
        case energyContract = "energy_contract"
        case lastUpdated = "last_updated"
    }
}
