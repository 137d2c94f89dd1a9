#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel
import PGClient

/// What an authorization reads and writes: the stored token among the parties a tenant may authorize for, the EMSP
/// connection to ask in real time, the tenant's location, and the record of the decision.
///
/// A tenant may authorize with the tokens of every party whose connection it is granted to (connected, with the
/// party among its reader parties); no other tenant's grants, and no other party, count.
public struct TokenLookup: Sendable {
    let pool: PGPool

    public init(pool: PGPool) {
        self.pool = pool
    }

    /// Every stored token with this key, at any party (uids are unique only within a party), each with whether the
    /// tenant may use it: a connected connection granted to the tenant speaks for its party.
    public func storedTokens(tenant: TenantID, key: TokenKey) async throws -> [StoredToken] {
        try await pool.query(TokenStatements.stored(tenant: tenant, key: key)).rows.map { row in
            StoredToken(
                party: PartyCode(countryCode: try row.decode(0), partyID: try row.decode(1)),
                token: try OCPIJSON.decoder.decode(Token.self, from: Data(try row.decode(2, as: String.self).utf8)),
                holder: try TokenStatements.holder(row, from: 3), usable: try row.decode(8), waiting: try row.decode(9))
        }
    }

    /// Every party that might own a token the platform does not store: each EMSP party of each connection granted
    /// the tenant, in any state, with or without a Tokens Sender (its reader parties; its declared EMSP roles while
    /// it has none). Each comes with the connection to ask when one is connected and has a Tokens Sender.
    public func possibleOwners(tenant: TenantID) async throws -> [PartyCode: EMSPConnection?] {
        var owners: [PartyCode: EMSPConnection?] = [:]
        for row in try await pool.query(TokenStatements.possibleOwners(tenant: tenant)).rows {
            guard let party = PartyCode(text: try row.decode(0, as: String.self)) else { continue }
            let holder = try TokenStatements.holder(row, from: 1)
            if owners[party] == nil || (owners[party] == .some(nil) && holder != nil) { owners[party] = .some(holder) }
        }
        return owners
    }

    /// Whether the tenant has the location, and which of `evseUIDs` it lacks; nil when it has no such location.
    public func missingEVSEs(tenant: TenantID, location: LocationReferences) async throws -> [String]? {
        guard let row = try await pool.query(TokenStatements.location(tenant: tenant, location: location)).first else { return nil }
        return try row.decode(0, as: [String].self)
    }

    /// Records a decision (one autocommit statement that does not wait for the WAL flush).
    public func record(_ record: AuthorizationRecord) async throws {
        try await pool.withConnection { connection in
            try await connection.query(TokenStatements.record(record))
        }
    }
}

/// A stored token, and whether a tenant may authorize with it.
public struct StoredToken: Sendable, Hashable {
    public var party: PartyCode
    public var token: Token
    /// The connection to ask in real time; nil when the party's connection has no Tokens Sender (or is not usable).
    public var holder: EMSPConnection?
    /// A connected connection granted to the tenant speaks for its party.
    public var usable: Bool
    /// A connection granted to the tenant speaks for its party but is not connected (failed, handshake pending,
    /// unregistered): the token is its, and cannot be used now.
    public var waiting: Bool
}

/// How to reach an EMSP's Tokens Sender interface.
public struct EMSPConnection: Sendable, Hashable {
    public var peerID: PeerID
    public var version: VersionNumber
    public var token: String
    public var tokenFormat: String
    public var tokensURL: String
}

/// Where an answer came from.
public enum AuthorizationSource: String, Sendable, Hashable {
    /// The stored token (whitelist ALWAYS, or ALLOWED and valid).
    case stored
    /// The EMSP, asked in real time.
    case realTime = "real_time"
    /// The stored token, because the EMSP could not be reached (whitelist ALLOWED_OFFLINE).
    case storedOffline = "stored_offline"
    /// Nothing was decided.
    case none
}

/// One authorization, as `authorizations.sql` shows it.
public struct AuthorizationRecord: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        case answered
        case unknownToken = "unknown_token"
        /// Stored by several EMSP parties granted to the tenant: none is guessed.
        case ambiguous
        case emspUnreachable = "emsp_unreachable"
        case emspRefused = "emsp_refused"
    }

    public var tenant: TenantID
    public var key: TokenKey
    public var party: PartyCode?
    public var peerID: PeerID?
    public var location: LocationReferences?
    public var allowed: AllowedType?
    public var source: AuthorizationSource
    public var outcome: Outcome
    public var authorizationReference: String?
    public var latency: Duration
    public var detail: String?

    public init(
        tenant: TenantID, key: TokenKey, party: PartyCode?, peerID: PeerID?, location: LocationReferences?, allowed: AllowedType?,
        source: AuthorizationSource, outcome: Outcome, authorizationReference: String?, latency: Duration, detail: String?
    ) {
        self.tenant = tenant
        self.key = key
        self.party = party
        self.peerID = peerID
        self.location = location
        self.allowed = allowed
        self.source = source
        self.outcome = outcome
        self.authorizationReference = authorizationReference
        self.latency = latency
        self.detail = detail
    }
}

/// The statements of an authorization, in one place: the service sends them and `make bench` runs the stored
/// lookup's text under pgbench as its limit.
public enum TokenStatements {
    public static func stored(tenant: TenantID, key: TokenKey) -> PGQuery {
        """
        SELECT t.country_code, t.party_id, t.document::text, g.id, g.version, g.peer_token, g.peer_token_format, g.tokens_url,
               g.id IS NOT NULL,
               EXISTS (SELECT 1 FROM peer_connections w
                        WHERE w.state <> 'connected' AND t.country_code || '*' || t.party_id = ANY (w.reader_parties)
                          AND (w.all_tenants OR EXISTS (SELECT 1 FROM peer_tenant_grants wg
                                                         WHERE wg.peer_id = w.id AND wg.country_code = \(tenant.countryCode)
                                                           AND wg.party_id = \(tenant.partyID))))
          FROM emsp_tokens t
          LEFT JOIN LATERAL (
                SELECT p.id, p.version, p.peer_token, p.peer_token_format,
                       ocpi_tokens_sender_url(p.endpoints) AS tokens_url
                  FROM peer_connections p
                 WHERE p.state = 'connected' AND t.country_code || '*' || t.party_id = ANY (p.reader_parties)
                   AND (p.all_tenants OR EXISTS (SELECT 1 FROM peer_tenant_grants g
                                                  WHERE g.peer_id = p.id AND g.country_code = \(tenant.countryCode)
                                                    AND g.party_id = \(tenant.partyID)))
                 ORDER BY p.id LIMIT 1) g ON true
         WHERE t.uid_key = lower(\(key.uid)) AND t.token_type = upper(\(key.type.rawValue))
         ORDER BY t.country_code, t.party_id
        """
    }

    static func possibleOwners(tenant: TenantID) -> PGQuery {
        """
        SELECT party, CASE WHEN p.state = 'connected' THEN p.id END, p.version, p.peer_token, p.peer_token_format,
               ocpi_tokens_sender_url(p.endpoints)
          FROM peer_connections p,
               unnest(coalesce(p.reader_parties,
                               ARRAY(SELECT r.country_code || '*' || r.party_id FROM peer_roles r WHERE r.peer_id = p.id AND r.role = 'EMSP'))) party
         WHERE p.all_tenants OR EXISTS (SELECT 1 FROM peer_tenant_grants g
                                         WHERE g.peer_id = p.id AND g.country_code = \(tenant.countryCode) AND g.party_id = \(tenant.partyID))
         ORDER BY party, p.id
        """
    }

    static func location(tenant: TenantID, location: LocationReferences) -> PGQuery {
        """
        SELECT ARRAY(SELECT u FROM unnest(\(location.evseUIDs ?? [])::text[]) u
                      WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(l.document -> 'evses') e WHERE lower(e ->> 'uid') = lower(u)))
          FROM locations l
         WHERE l.country_code = \(tenant.countryCode) AND l.party_id = \(tenant.partyID) AND l.id_key = lower(\(location.locationID))
        """
    }

    public static func record(_ record: AuthorizationRecord) -> PGQuery {
        let micros = record.latency.components.seconds * 1_000_000 + record.latency.components.attoseconds / 1_000_000_000_000
        return """
            SELECT ocpi_record_authorization(
                \(record.tenant.countryCode), \(record.tenant.partyID), \(record.key.uid), \(record.key.type.rawValue),
                \(record.party?.countryCode), \(record.party?.partyID), \(record.peerID?.rawValue), \(record.location?.locationID),
                \(record.location?.evseUIDs)::text[], \(record.allowed?.rawValue), \(record.source.rawValue), \(record.outcome.rawValue),
                \(record.authorizationReference), \(micros), \(record.detail))
            """
    }

    /// The connection columns of a row, from `index`: id, version, token, format, Tokens Sender URL.
    static func holder(_ row: PGRow, from index: Int) throws -> EMSPConnection? {
        guard let id = try row.decode(index, as: Int64?.self), let version = try row.decode(index + 1, as: String?.self),
            let token = try row.decode(index + 2, as: String?.self), let url = try row.decode(index + 4, as: String?.self)
        else { return nil }
        return EMSPConnection(
            peerID: PeerID(rawValue: id), version: VersionNumber(rawValue: version), token: token, tokenFormat: try row.decode(index + 3),
            tokensURL: url)
    }
}
