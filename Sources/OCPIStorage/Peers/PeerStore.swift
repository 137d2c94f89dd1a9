import OCPIModel
import PGClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Peer connections in PostgreSQL: reading them, and the few state changes of the credentials handshake, each in
/// one transaction that checks the connection is still in the state the change assumes.
public struct PeerStore: Sendable {
    let pool: PGPool

    public init(pool: PGPool) {
        self.pool = pool
    }

    static let columns: StaticString = "id, state, all_tenants, versions_url, version, peer_token, peer_token_format, endpoints::text, attempts, last_error, array_to_string(versions, ',')"

    static func decode(_ row: PGRow) throws -> PeerConnection {
        let endpoints = try OCPIJSON.decoder.decode([Endpoint].self, from: Data(try row.decode(7, as: String.self).utf8))
        return PeerConnection(
            id: PeerID(rawValue: try row.decode(0)),
            state: PeerConnection.State(rawValue: try row.decode(1)) ?? .failed,
            allTenants: try row.decode(2),
            versionsURL: try row.decode(3),
            version: try row.decode(4, as: String?.self).map(VersionNumber.init(rawValue:)),
            token: try row.decode(5),
            tokenFormat: try row.decode(6),
            endpoints: endpoints,
            attempts: try row.decode(8),
            lastError: try row.decode(9),
            offeredVersions: try row.decode(10, as: String?.self).map { $0.split(separator: ",").map { VersionNumber(rawValue: String($0)) } })
    }

    public func connection(_ id: PeerID) async throws -> PeerConnection? {
        try await pool.query("SELECT \(unescaped: Self.columns) FROM peer_connections WHERE id = \(id.rawValue)")
            .first.map(Self.decode)
    }

    /// Our side of a credentials exchange with this peer: one CPO role per tenant it is granted.
    public func ourRoles(for peer: PeerID) async throws -> [CredentialsRole] {
        try await pool.query(
            """
            SELECT t.country_code, t.party_id, t.name, t.website
              FROM tenants t, peer_connections p
             WHERE p.id = \(peer.rawValue)
               AND (p.all_tenants OR EXISTS (SELECT 1 FROM peer_tenant_grants g
                     WHERE g.peer_id = p.id AND g.country_code = t.country_code AND g.party_id = t.party_id))
             ORDER BY t.country_code, t.party_id
            """
        ).rows.map { row in
            CredentialsRole(
                role: .cpo,
                businessDetails: BusinessDetails(name: try row.decode(2), website: try row.decode(3)),
                partyID: try row.decode(1), countryCode: try row.decode(0))
        }
    }

    /// Issues a token for the peer to call us with (token C, or token B when we register with them); returns the
    /// plain token, which is shown once and never stored.
    @discardableResult
    func issueToken(for peer: PeerID, in transaction: PGSession) async throws -> (token: String, tokenID: Int64) {
        let token = TokenGenerator.generate()
        let id = try await transaction.query(
            """
            INSERT INTO tokens (digest, kind, peer_id, hint)
            VALUES (\(TokenDigest(token: token)), 'peer', \(peer.rawValue), \(String(token.prefix(4)) + "…"))
            RETURNING id
            """
        ).first!.decode(0, as: Int64.self)
        return (token, id)
    }

    /// Stores what the handshake learned and marks the connection connected.
    ///
    /// The parties whose Sessions and CDRs it reads (`reader_parties`) are set here only when the operator named
    /// none: to the EMSP parties it declares that no other live connection holds and that are not a tenant's, once. A later registration or
    /// credentials update never adds any: a peer must not open another EMSP's billing data by declaring a role.
    func store(_ registration: PeerRegistration, for peer: PeerID, in transaction: PGSession) async throws {
        let endpoints = String(decoding: try OCPIJSON.encoder.encode(registration.endpoints), as: UTF8.self)
        let declared = Array(Set((registration.roles ?? []).filter { $0.role == .emsp }
            .map { "\($0.countryCode.uppercased())*\($0.partyID.uppercased())" })).sorted()
        // First registrations that take parties are serialised: two at once must not both take one.
        try await transaction.query("SELECT pg_advisory_xact_lock(hashtextextended('ocpi/reader_parties', 0))")
        try await transaction.query(
            """
            UPDATE peer_connections
               SET reader_parties = coalesce(reader_parties, ARRAY(
                       SELECT d FROM unnest(\(declared)::text[]) d
                        WHERE d ~ '^[A-Z]{2}\\*[A-Z0-9]{3}$'
                          AND NOT EXISTS (SELECT 1 FROM peer_connections o
                                           WHERE o.id <> \(peer.rawValue) AND o.state <> 'unregistered'
                                             AND d = ANY (coalesce(o.reader_parties, '{}')))
                          AND NOT EXISTS (SELECT 1 FROM tenants t WHERE t.country_code || '*' || t.party_id = d)
                        ORDER BY d)),
                   state = 'connected', peer_token = \(registration.token), peer_token_format = \(registration.tokenFormat),
                   versions_url = \(registration.versionsURL), version = \(registration.version.rawValue),
                   endpoints = \(PGJSON(endpoints))::jsonb, hub_party_id = \(registration.hubPartyID),
                   last_error = NULL, attempts = 0, next_attempt_at = NULL, needs_discovery = false,
                   connected_at = coalesce(connected_at, now()), updated_at = now()
             WHERE id = \(peer.rawValue)
            """)
        guard let roles = registration.roles else { return }
        try await transaction.query("DELETE FROM peer_roles WHERE peer_id = \(peer.rawValue)")
        for role in roles {
            let details = String(decoding: try OCPIJSON.encoder.encode(role.businessDetails), as: UTF8.self)
            try await transaction.query(
                """
                INSERT INTO peer_roles (peer_id, role, country_code, party_id, business_details)
                VALUES (\(peer.rawValue), \(role.role.rawValue), upper(\(role.countryCode)), upper(\(role.partyID)), \(PGJSON(details))::jsonb)
                ON CONFLICT DO NOTHING
                """)
        }
    }

    /// Locks the connection for a state change and returns its current state.
    func lock(_ peer: PeerID, in transaction: PGSession) async throws -> PeerConnection.State? {
        try await transaction.query("SELECT state FROM peer_connections WHERE id = \(peer.rawValue) FOR UPDATE").first
            .map { PeerConnection.State(rawValue: try $0.decode(0)) ?? .failed }
    }
}
