#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel
import PGClient

/// The Tokens module: the tokens an EMSP's connection pushes for the parties it speaks for, so that the tenants it
/// is granted can authorize its drivers (`TokenLookup`). Written by peers, not by tenants (`writtenBy`); keyed by
/// party, uid and type; never deleted (`valid: false`) and never pushed on.
///
/// The pipeline keys an object by one id, so a Token's row id is `TokenKey.storedID` (`uid/TYPE`).
public enum Tokens: DataModule {
    public typealias Object = Token
    public typealias Body = TokenDraft

    public static let id = ModuleID.tokens
    public static let peerRole = InterfaceRole.receiver
    public static let table: PGIdentifier = "emsp_tokens"
    public static let idPath = ["token_uid"]
    public static let partPath: [PartStep] = []
    public static let levelNames = ["token"]
    public static let unknownObjectCode = OCPIStatusCode.unknownToken
    /// The writing peer's methods: PUT and PATCH; there is no DELETE.
    public static let ownerMethods: [WriteMethod] = [.put, .patch]
    /// Unused by the pipeline's peer reads: a token is read by its own party's connection, and used by tenants only
    /// through authorization.
    public static let readers = ReaderRule.sharedObjectsOfGrantedTenants
    public static let writtenBy = ObjectWriterRole.peerParty
    public static let keyParameter: String? = "type"

    public static func objectID(of token: Token) -> String {
        TokenKey(uid: token.uid, type: token.type).storedID
    }

    public static func isShared(_ token: Token) -> Bool {
        false
    }

    public static func withdrawn(_ token: Token, at lastUpdated: DateTime) -> Token {
        token
    }

    public static func storedID(urlID: String, keyValue: String?, version: VersionNumber) throws(ValidationError) -> String {
        try TokenKey(uid: urlID, typeParameter: keyValue, version: version).storedID
    }

    public static func decodeBody(_ data: Data, depth: Int) throws -> TokenDraft {
        try OCPIJSON.decoder.decode(TokenDraft.self, from: data)
    }

    /// PUT creates or replaces the Token; PATCH changes the fields it carries. Both need `last_updated` (an EMSP's
    /// push is never stamped for it), and either is refused when it is older than the stored one. The body's
    /// `country_code`, `party_id`, `uid` and `type` must match the URL (they are filled in from it on PUT).
    public static func apply(_ write: ObjectWrite<TokenDraft>, to stored: Token?) throws(ObjectWriteError) -> WriteDecision<Token> {
        guard let key = TokenKey(storedID: write.address.objectID) else {
            preconditionFailure("a token's address is its stored id")
        }
        var draft = write.body
        let party = write.address.tenant
        let isPut = write.method == .put
        try ObjectWriteError.reconcile(&draft.countryCode, with: party.countryCode, field: "country_code", urlName: "country_code", fill: isPut)
        try ObjectWriteError.reconcile(&draft.partyID, with: party.partyID, field: "party_id", urlName: "party_id", fill: isPut)
        try ObjectWriteError.reconcile(&draft.uid, with: key.uid, field: "uid", urlName: "token_uid", fill: isPut)
        if let type = draft.type, type.normalized != key.type.normalized {
            throw .mismatch(field: "type", given: type.rawValue, urlName: "type", urlValue: key.type.rawValue)
        }
        if isPut {
            draft.type = key.type
            var token = try ObjectWriteError.building { () throws(ValidationError) in try Token(draft: draft, context: write.context) }
            try refuseFuture(token)
            token.countryCode = party.countryCode
            token.partyID = party.partyID
            if let stored {
                token.uid = stored.uid
                try ObjectWriteError.refuseStale(write.address, stored: stored.lastUpdated, given: token.lastUpdated)
            }
            return WriteDecision(object: token, created: stored == nil, change: .replaced, lastUpdated: token.lastUpdated)
        }
        guard let stored else {
            throw .unknownObject(write.address, missing: "token \(key.uid) of type \(key.type)")
        }
        let token = try ObjectWriteError.building { () throws(ValidationError) in try stored.patched(with: draft, context: write.context) }
        try refuseFuture(token)
        try ObjectWriteError.refuseStale(write.address, stored: stored.lastUpdated, given: token.lastUpdated)
        return WriteDecision(object: token, created: false, change: .between(stored, token), lastUpdated: token.lastUpdated)
    }

    static func refuseFuture(_ token: Token) throws(ObjectWriteError) {
        if token.lastUpdated.isAheadOfPeerClockTolerance {
            throw .invalid(ValidationError(issues: [.init(field: "last_updated", rule: "must not be more than 5 minutes ahead of the platform's clock (\(DateTime.now()))")]))
        }
    }

    public static func renderedPart(of token: Token, at address: ObjectAddress, for version: VersionNumber) throws -> String? {
        nil
    }
}

/// A Token's key below its party: its uid and its type together (the same uid may name an RFID card and an app
/// account). The row keeps them as one id, `uid/TYPE`; a uid in a URL never holds '/'.
public struct TokenKey: Sendable, Hashable, CustomStringConvertible {
    public var uid: String
    public var type: TokenType

    public init(uid: String, type: TokenType) {
        self.uid = uid
        self.type = type
    }

    /// The key a URL names: its uid and its `type` parameter (`TokenType.parameter`: RFID when there is none).
    public init(uid: String, typeParameter: String?, version: VersionNumber) throws(ValidationError) {
        self.init(uid: uid, type: try TokenType.parameter(typeParameter, version: version))
    }

    /// Splits a stored id at its last '/'.
    public init?(storedID: String) {
        guard let slash = storedID.lastIndex(of: "/") else { return nil }
        self.init(uid: String(storedID[..<slash]), type: TokenType(rawValue: String(storedID[storedID.index(after: slash)...])))
    }

    public var storedID: String { "\(uid)/\(type.rawValue)" }

    public var description: String { "\(uid) (\(type))" }
}
