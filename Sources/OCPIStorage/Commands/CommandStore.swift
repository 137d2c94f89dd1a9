#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel
import PGClient

/// Where a tenant's back-office receives commands and charging profiles (`connect_backoffice.sql`).
public struct BackofficeLink: Sendable, Hashable {
    public var commandsURL: String?
    public var chargingProfilesURL: String?
    /// Its Sessions endpoint, for charging preferences.
    public var sessionsURL: String?
    /// The token we present there.
    public var token: String
}

/// A command as it is recorded before it is forwarded.
public struct NewCommand: Sendable {
    public var tenant: TenantID
    public var peer: PeerID
    /// The EMSP party it came from (its token's party, else the connection's first).
    public var peerParty: PartyCode
    public var module: ModuleID
    public var command: String
    public var version: VersionNumber
    /// What it acts on, for the operator (`LOC1/E1/1`, a session id, a reservation id).
    public var subject: String?
    /// The body as the peer sent it.
    public var request: String
    /// The peer's response_url.
    public var responseURL: String

    public init(
        tenant: TenantID, peer: PeerID, peerParty: PartyCode, module: ModuleID, command: String, version: VersionNumber, subject: String?,
        request: String, responseURL: String
    ) {
        self.tenant = tenant
        self.peer = peer
        self.peerParty = peerParty
        self.module = module
        self.command = command
        self.version = version
        self.subject = subject
        self.request = request
        self.responseURL = responseURL
    }
}

/// A result to relay to a peer's response_url.
public struct CommandRelayJob: Sendable, Hashable {
    public var id: Int64
    public var tenant: TenantID
    public var peerParty: PartyCode
    public var responseURL: String
    /// The CommandResult (or other module's result) as JSON.
    public var result: String
    /// The peer's token and its format; nil when the peer has no token to call it with any more.
    public var token: String?
    public var tokenFormat: String
    public var attempts: Int
}

/// Where a peer that set a charging profile receives the ActiveChargingProfiles of that session.
public struct ProfileSubscriber: Sendable, Hashable {
    public var party: PartyCode
    /// Its ChargingProfiles endpoint; nil when it has none.
    public var url: String?
    public var token: String?
    public var tokenFormat: String
}

/// What became of a result the back-office sent.
public enum ResultReceipt: Sendable, Hashable {
    /// In time: it is relayed to the peer.
    case relayed
    /// After the command timed out (the peer got TIMEOUT): kept, not relayed.
    case late
    /// A second result for a command that has one: kept as the late one, not relayed.
    case duplicate
    /// For a command the EMSP was answered REJECTED (the back-office could not be reached in time): kept, not
    /// relayed.
    case afterRefusal
    /// No such command at this tenant.
    case unknown
}

/// The commands' record (`commands`, `reservation_ids`, `backoffice_links`): every write is one statement, so a
/// crash leaves each command in a state the relay service picks up again.
public struct CommandStore: Sendable {
    let pool: PGPool

    public init(pool: PGPool) {
        self.pool = pool
    }

    /// Every URL a peer connection is known at (versions URL, endpoints).
    public func peerURLs(_ peer: PeerID) async throws -> [String] {
        try await pool.query(CommandStatements.peerURLs(peer)).rows.map { try $0.decode(0, as: String.self) }
    }

    public func otherPartysLiveSession(tenant: TenantID, location: String, evse: String, connector: String, parties: [PartyCode]) async throws -> Bool {
        try await pool.query(
            CommandStatements.otherPartysLiveSession(tenant: tenant, location: location, evse: evse, connector: connector, parties: parties)
        ).first!.decode(0, as: Bool.self)
    }

    /// The peer that last set a charging profile for a session of the tenant successfully (its SetChargingProfile
    /// was answered ACCEPTED and its result was ACCEPTED), and may still read the session, with where it receives
    /// ActiveChargingProfiles; nil when none did.
    public func profileSubscriber(tenant: TenantID, sessionID: String) async throws -> ProfileSubscriber? {
        guard let row = try await pool.query(
            """
            SELECT c.peer_country_code, c.peer_party_id,
                   (SELECT e ->> 'url' FROM jsonb_array_elements(p.endpoints) e
                     WHERE e ->> 'identifier' = 'chargingprofiles' AND e ->> 'role' = 'SENDER' LIMIT 1),
                   p.peer_token, p.peer_token_format
              FROM commands c JOIN peer_connections p ON p.id = c.peer_id AND p.state = 'connected'
             WHERE c.country_code = \(tenant.countryCode) AND c.party_id = \(tenant.partyID) AND c.module = 'chargingprofiles'
               AND c.command = 'SET_PROFILE' AND lower(c.subject) = lower(\(sessionID))
               AND c.state = 'result' AND c.result ->> 'result' = 'ACCEPTED' AND c.response ->> 'result' = 'ACCEPTED'
               -- It may still read the session: granted the tenant, speaking for the session's party.
               AND c.peer_country_code || '*' || c.peer_party_id = ANY (coalesce(p.reader_parties, '{}'))
               AND (p.all_tenants OR EXISTS (SELECT 1 FROM peer_tenant_grants g
                                              WHERE g.peer_id = p.id AND g.country_code = c.country_code AND g.party_id = c.party_id))
             ORDER BY c.id DESC LIMIT 1
            """
        ).first else { return nil }
        return ProfileSubscriber(
            party: PartyCode(countryCode: try row.decode(0), partyID: try row.decode(1)), url: try row.decode(2), token: try row.decode(3),
            tokenFormat: try row.decode(4))
    }

    public func backoffice(of tenant: TenantID) async throws -> BackofficeLink? {
        guard let row = try await pool.query(CommandStatements.backoffice(tenant)).first else { return nil }
        return BackofficeLink(
            commandsURL: try row.decode(0), chargingProfilesURL: try row.decode(1), sessionsURL: try row.decode(3), token: try row.decode(2))
    }

    /// Records a command before it is forwarded; returns its row id and the unguessable id of its response_url.
    public func record(_ command: NewCommand) async throws -> (id: Int64, publicID: String) {
        let publicID = TokenGenerator.generate()
        let id = try await pool.query(CommandStatements.record(command, publicID: publicID)).first!.decode(0, as: Int64.self)
        return (id, publicID)
    }

    /// The back-office accepted: its result is due within `timeout`.
    public func accepted(_ id: Int64, response: String, timeout: Duration) async throws {
        try await pool.query(CommandStatements.accepted(id, response: response, timeout: timeout))
    }

    /// The back-office refused, or could not be reached (`error` says why): nothing more happens.
    public func refused(_ id: Int64, response: String, error: String?) async throws {
        try await pool.query(
            """
            UPDATE commands SET state = CASE WHEN state = 'received' THEN 'refused' ELSE state END,
                   response = \(PGJSON(response))::jsonb, forward_error = \(error)
             WHERE id = \(id)
            """)
    }

    /// Takes the back-office's result for the command named by `publicID` at `tenant`. In time, it is queued for the
    /// peer (relayed with back-off until `relayFor` has passed); late or repeated, it is kept and not relayed.
    /// A RESERVE_NOW's later CANCELED_RESERVATION (the CPO cancelled it) is relayed too, as the spec has the CPO
    /// post it to the reservation's response_url.
    public func takeResult(
        publicID: String, tenant: TenantID, module: ModuleID, command: String, result: String, relayFor: Duration
    ) async throws -> ResultReceipt {
        let row = try await pool.query(
            """
            WITH taken AS (
                UPDATE commands SET state = 'result', result = \(PGJSON(result))::jsonb, result_at = now(), relay = 'pending',
                       next_relay_at = now(), relay_deadline = now() + make_interval(secs => \(relayFor.seconds)), relay_attempts = 0
                 WHERE public_id = \(publicID) AND country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID)
                   AND module = \(module.rawValue) AND command = \(command)
                   AND ((state IN ('received', 'waiting') AND (timeout_at IS NULL OR timeout_at >= now()))
                        OR (command = 'RESERVE_NOW' AND state = 'result' AND \(PGJSON(result))::jsonb ->> 'result' = 'CANCELED_RESERVATION'
                            AND result ->> 'result' = 'ACCEPTED'))
                RETURNING 1
            ), kept AS (
                UPDATE commands SET late_result = coalesce(late_result, \(PGJSON(result))::jsonb)
                 WHERE public_id = \(publicID) AND country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID)
                   AND module = \(module.rawValue) AND command = \(command) AND NOT EXISTS (SELECT 1 FROM taken)
                RETURNING state
            )
            SELECT EXISTS (SELECT 1 FROM taken), (SELECT state FROM kept)
            """
        ).first!
        if try row.decode(0, as: Bool.self) { return .relayed }
        switch try row.decode(1, as: String?.self) {
        case nil: return .unknown
        case "result": return .duplicate
        case "refused": return .afterRefusal
        default: return .late
        }
    }

    /// Commands whose result did not come in time get TIMEOUT, queued for their peers. Returns how many.
    @discardableResult
    public func timeOutExpired(relayFor: Duration) async throws -> Int {
        try await pool.query(
            """
            UPDATE commands SET state = 'timed_out', result_at = now(),
                   -- Commands get TIMEOUT; ChargingProfileResultType has no such value: the EMSP goes by the timeout.
                   result = CASE WHEN module = 'commands' THEN '{"result": "TIMEOUT"}'::jsonb END,
                   relay = CASE WHEN module = 'commands' THEN 'pending' ELSE 'none' END,
                   next_relay_at = now(), relay_deadline = now() + make_interval(secs => \(relayFor.seconds))
             WHERE state IN ('received', 'waiting') AND timeout_at < now()
            RETURNING 1
            """
        ).rows.count
    }

    /// Claims results due for relay (a lease: they are not claimed again before `lease` has passed).
    public func claimRelays(limit: Int = 32, lease: Duration) async throws -> [CommandRelayJob] {
        try await pool.query(
            """
            UPDATE commands c SET next_relay_at = now() + make_interval(secs => \(lease.seconds))
              FROM (SELECT id FROM commands WHERE relay = 'pending' AND next_relay_at <= now()
                     ORDER BY next_relay_at LIMIT \(limit) FOR UPDATE SKIP LOCKED) due
             WHERE c.id = due.id
            RETURNING c.id, c.country_code, c.party_id, c.peer_country_code, c.peer_party_id, c.response_url, c.result::text,
                      (SELECT p.peer_token FROM peer_connections p WHERE p.id = c.peer_id AND p.state = 'connected'),
                      coalesce((SELECT p.peer_token_format FROM peer_connections p WHERE p.id = c.peer_id), 'base64'),
                      c.relay_attempts
            """
        ).rows.compactMap { row in
            guard let tenant = TenantID(countryCode: try row.decode(1), partyID: try row.decode(2)) else { return nil }
            return CommandRelayJob(
                id: try row.decode(0), tenant: tenant, peerParty: PartyCode(countryCode: try row.decode(3), partyID: try row.decode(4)),
                responseURL: try row.decode(5), result: try row.decode(6), token: try row.decode(7), tokenFormat: try row.decode(8),
                attempts: Int(try row.decode(9, as: Int32.self)))
        }
    }

    public func relayed(_ id: Int64) async throws {
        try await pool.query(
            """
            UPDATE commands SET relay = 'delivered', relayed_at = now(), relay_attempts = relay_attempts + 1, relay_error = NULL
             WHERE id = \(id) AND relay = 'pending'
            """)
    }

    /// A relay that failed: tried again after `retryAfter`, or given up at once (`giveUp`: the EMSP refused, or
    /// cannot be called any more) or once past its deadline.
    public func relayFailed(_ id: Int64, error: String, retryAfter: Duration, giveUp: Bool) async throws {
        try await pool.query(
            """
            UPDATE commands SET relay_attempts = relay_attempts + 1, relay_error = \(error),
                   relay = CASE WHEN \(giveUp) OR now() + make_interval(secs => \(retryAfter.seconds)) > relay_deadline THEN 'failed'
                                ELSE 'pending' END,
                   next_relay_at = now() + make_interval(secs => \(retryAfter.seconds))
             WHERE id = \(id) AND relay = 'pending'
            """)
    }

    /// When the relay service has work next: a result to relay, or a command to time out.
    public func nextDue() async throws -> DateTime? {
        try await pool.query(
            """
            SELECT least((SELECT min(next_relay_at) FROM commands WHERE relay = 'pending'),
                         (SELECT min(timeout_at) FROM commands WHERE state IN ('received', 'waiting')))
            """
        ).first?.decode(0, as: DateTime?.self)
    }

    // MARK: Reservation ids

    /// The id the back-office knows for an EMSP party's reservation at a tenant; made (unique at the tenant) when
    /// `create` and there is none.
    public func backofficeReservation(
        tenant: TenantID, party: PartyCode, reservationID: String, create: Bool
    ) async throws -> String? {
        if create {
            let candidate = "R-" + String(TokenGenerator.generate().prefix(20))
            try await pool.query(
                """
                INSERT INTO reservation_ids (country_code, party_id, peer_country_code, peer_party_id, reservation_key, reservation_id, backoffice_id)
                VALUES (\(tenant.countryCode), \(tenant.partyID), \(party.countryCode), \(party.partyID), lower(\(reservationID)),
                        \(reservationID), \(candidate))
                ON CONFLICT (country_code, party_id, peer_country_code, peer_party_id, reservation_key) DO NOTHING
                """)
        }
        return try await pool.query(
            """
            SELECT backoffice_id FROM reservation_ids
             WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID) AND peer_country_code = \(party.countryCode)
               AND peer_party_id = \(party.partyID) AND reservation_key = lower(\(reservationID))
            """
        ).first?.decode(0, as: String.self)
    }

    /// The tenant and EMSP party of a reservation one of `parties` made among `tenants` (nil: every tenant).
    public func reservation(
        _ reservationID: String, parties: [PartyCode], tenants: [TenantID]?
    ) async throws -> (tenant: TenantID, party: PartyCode, backofficeID: String)? {
        let rows = try await pool.query(
            """
            SELECT country_code, party_id, peer_country_code, peer_party_id, backoffice_id FROM reservation_ids
             WHERE reservation_key = lower(\(reservationID))
               AND (peer_country_code, peer_party_id) IN (SELECT * FROM unnest(\(parties.map(\.countryCode))::text[], \(parties.map(\.partyID))::text[]))
               AND (\(tenants == nil) OR (country_code, party_id) IN (SELECT * FROM unnest(\((tenants ?? []).map(\.countryCode))::text[],
                                                                                        \((tenants ?? []).map(\.partyID))::text[])))
             ORDER BY created_at DESC
            """
        ).rows
        guard rows.count == 1, let row = rows.first, let tenant = TenantID(countryCode: try row.decode(0), partyID: try row.decode(1)) else { return nil }
        return (tenant, PartyCode(countryCode: try row.decode(2), partyID: try row.decode(3)), try row.decode(4))
    }
}

/// The statements of a command's way in, in one place: the store sends them and `make bench` runs the same text
/// under pgbench as a command's limit.
public enum CommandStatements {
    public static func backoffice(_ tenant: TenantID) -> PGQuery {
        """
        SELECT commands_url, chargingprofiles_url, token, sessions_url FROM backoffice_links
         WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID)
        """
    }

    public static func record(_ command: NewCommand, publicID: String) -> PGQuery {
        """
        INSERT INTO commands (public_id, country_code, party_id, peer_id, peer_country_code, peer_party_id, module, command, version,
                              subject, request, response_url, timeout_at)
        VALUES (\(publicID), \(command.tenant.countryCode), \(command.tenant.partyID), \(command.peer.rawValue),
                \(command.peerParty.countryCode), \(command.peerParty.partyID), \(command.module.rawValue), \(command.command),
                \(command.version.rawValue), \(command.subject), \(PGJSON(command.request))::jsonb, \(command.responseURL),
                now() + interval '15 minutes')
        RETURNING id
        """
    }

    /// The back-office's answer is kept whatever became of the command meanwhile (its result may come first).
    public static func accepted(_ id: Int64, response: String, timeout: Duration) -> PGQuery {
        """
        UPDATE commands SET response = \(PGJSON(response))::jsonb,
               timeout_at = CASE WHEN state = 'received' THEN now() + make_interval(secs => \(timeout.seconds)) ELSE timeout_at END,
               state = CASE WHEN state = 'received' THEN 'waiting' ELSE state END
         WHERE id = \(id)
        """
    }

    /// The hosts a peer connection is known at: its versions URL's and its endpoints'.
    public static func peerURLs(_ peer: PeerID) -> PGQuery {
        """
        SELECT p.versions_url FROM peer_connections p WHERE p.id = \(peer.rawValue) AND p.versions_url IS NOT NULL
        UNION ALL
        SELECT e ->> 'url' FROM peer_connections p, jsonb_array_elements(p.endpoints) e WHERE p.id = \(peer.rawValue) AND e ? 'url'
        """
    }

    /// Whether another EMSP party's session is live at a connector (UNLOCK_CONNECTOR would end it).
    public static func otherPartysLiveSession(
        tenant: TenantID, location: String, evse: String, connector: String, parties: [PartyCode]
    ) -> PGQuery {
        """
        SELECT EXISTS (SELECT 1 FROM sessions s
                        WHERE s.country_code = \(tenant.countryCode) AND s.party_id = \(tenant.partyID)
                          AND lower(s.document ->> 'location_id') = lower(\(location)) AND lower(s.document ->> 'evse_uid') = lower(\(evse))
                          AND lower(s.document ->> 'connector_id') = lower(\(connector))
                          AND s.document ->> 'status' IN ('ACTIVE', 'PENDING', 'RESERVATION')
                          AND NOT (s.reader_country_code || '*' || s.reader_party_id = ANY (\(parties.map(\.description))::text[])))
        """
    }
}
