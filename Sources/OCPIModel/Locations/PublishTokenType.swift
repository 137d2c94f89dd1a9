/// Identifies the tokens to which an unpublished Location may still be shown: a token matches when it matches every
/// field set here.
public struct PublishTokenType: Codable, Sendable, Hashable {
    /// CiString(36). Requires `type`.
    public var uid: String?
    public var type: TokenType?
    /// string(64). Requires `issuer`.
    public var visualNumber: String?
    /// string(64).
    public var issuer: String?
    /// CiString(36).
    public var groupID: String?

    public init(
        uid: String? = nil, type: TokenType? = nil, visualNumber: String? = nil, issuer: String? = nil,
        groupID: String? = nil
    ) {
        self.uid = uid
        self.type = type
        self.visualNumber = visualNumber
        self.issuer = issuer
        self.groupID = groupID
    }

    enum CodingKeys: String, CodingKey {
        case uid, type
        case visualNumber = "visual_number"
        case issuer
        case groupID = "group_id"
    }
}
