import HTTPTypes
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// Sessions and CDRs pushed to their token's EMSP: a tenant with one location (LOC1, EVSE E1, connector 1), EMSPs
/// (`ScriptedReceiver`) registered as peers granted that tenant with Sessions and CDRs Receivers, the tenant's
/// owner writing over HTTP (2.2.1), and the push worker delivering.
struct TokenPartyPushFixture {
    var tenant: TenantID
    var ownerToken: String
    var http: LocationsClient
    var pool: PGPool

    static let version = "2.2.1"

    static func make(_ http: LocationsClient, _ pool: PGPool) async throws -> TokenPartyPushFixture {
        let (tenant, ownerToken) = try await TestDatabase.createTenant(pool)
        let fixture = TokenPartyPushFixture(tenant: tenant, ownerToken: ownerToken, http: http, pool: pool)
        let reply = try await http.put(
            "/ocpi/cpo/\(version)/locations/\(tenant.countryCode)/\(tenant.partyID)/LOC1", token: ownerToken, PushFixture.location("LOC1"))
        #expect(reply.code == 1000, "location: \(reply.message)")
        return fixture
    }

    /// A started EMSP for `party`, registered as a peer granted the tenant with these Receivers, connected as a
    /// finished handshake leaves it; and the peer's id.
    func receiver(party: TenantID = TestDatabase.uniqueTenant(), modules: [String] = ["sessions", "cdrs"]) async throws -> (ScriptedReceiver, Int64) {
        let receiver = ScriptedReceiver(party: party, version: Self.version)
        try await receiver.start()
        let tokenC = try await pool.query(
            "SELECT ocpi_admin.register_peer(\(party.countryCode), \(party.partyID), 'EMSP', \(tenant.description), NULL, NULL)"
        ).first!.decode(0, as: String.self)
        let list = modules.map { #"{"identifier": "\#($0)", "role": "RECEIVER", "url": "\#(receiver.baseURL)/ocpi/emsp/\#(Self.version)/\#($0)"}"# }
        let peer = try await pool.query(
            """
            UPDATE peer_connections SET version = \(Self.version), peer_token = \(receiver.token), endpoints = \(PGJSON("[" + list.joined(separator: ",") + "]"))::jsonb
             WHERE id = (SELECT peer_id FROM tokens WHERE digest = \(TokenDigest(token: tokenC))) RETURNING id
            """
        ).first!.decode(0, as: Int64.self)
        return (receiver, peer)
    }

    // MARK: Owner writes

    func sessionURL(_ id: String) -> String {
        "/ocpi/cpo/\(Self.version)/sessions/\(tenant.countryCode)/\(tenant.partyID)/\(id)"
    }

    func putSession(_ id: String, for party: TenantID, periods: [String] = [], kwh: String = "0") async throws {
        let reply = try await http.put(sessionURL(id), token: ownerToken, Self.session(id, tenant: tenant, party: party, periods: periods, kwh: kwh))
        #expect(reply.code == 1000, "PUT session \(id): \(reply.message)")
    }

    /// A PATCH that appends `periods` and sets `kwh`, without `last_updated` (the platform stamps it).
    func appendPeriods(_ id: String, _ periods: [String], kwh: String) async throws {
        let reply = try await http.patch(sessionURL(id), token: ownerToken, #"{"kwh": \#(kwh), "charging_periods": [\#(periods.joined(separator: ","))]}"#)
        #expect(reply.code == 1000, "PATCH session \(id): \(reply.message)")
    }

    @discardableResult
    func postCDR(_ id: String, for party: TenantID) async throws -> LocationsReply {
        let reply = try await http.send(.post, "/ocpi/cpo/\(Self.version)/cdrs", token: ownerToken, body: Self.cdr(id, tenant: tenant, party: party))
        #expect(reply.code == 1000, "POST CDR \(id): \(reply.message)")
        return reply
    }

    // MARK: Bodies (2.2.1)

    static func token(_ party: TenantID) -> String {
        #"{"country_code": "\#(party.countryCode)", "party_id": "\#(party.partyID)", "uid": "012345678", "type": "RFID", "contract_id": "\#(party.countryCode)-\#(party.partyID)-C12345678-X"}"#
    }

    /// One charging period: `kwh` of energy from `start` (an ISO time on 2024-06-01).
    static func period(_ start: String, kwh: String) -> String {
        #"{"start_date_time": "2024-06-01T\#(start):00Z", "dimensions": [{"type": "ENERGY", "volume": \#(kwh)}]}"#
    }

    static func session(_ id: String, tenant: TenantID, party: TenantID, periods: [String], kwh: String) -> String {
        """
        {"country_code": "\(tenant.countryCode)", "party_id": "\(tenant.partyID)", "id": "\(id)",
         "start_date_time": "2024-06-01T10:00:00Z", "kwh": \(kwh), "cdr_token": \(token(party)), "auth_method": "WHITELIST",
         "location_id": "LOC1", "evse_uid": "E1", "connector_id": "1", "currency": "EUR",
         "charging_periods": [\(periods.joined(separator: ","))], "status": "ACTIVE", "last_updated": "2024-06-01T10:00:00Z"}
        """
    }

    /// A finished charge's CDR with its totals (the platform keeps them).
    static func cdr(_ id: String, tenant: TenantID, party: TenantID) -> String {
        """
        {"country_code": "\(tenant.countryCode)", "party_id": "\(tenant.partyID)", "id": "\(id)",
         "start_date_time": "2024-06-01T10:00:00Z", "end_date_time": "2024-06-01T11:00:00Z", "session_id": "SES-\(id)",
         "cdr_token": \(token(party)), "auth_method": "WHITELIST",
         "cdr_location": {"id": "LOC1", "address": "Stationsplein 1", "city": "Utrecht", "postal_code": "3511ED", "country": "NLD",
                          "coordinates": {"latitude": "52.089444", "longitude": "5.110278"}, "evse_uid": "E1", "evse_id": "NL*EMS*E1",
                          "connector_id": "1", "connector_standard": "IEC_62196_T2", "connector_format": "SOCKET",
                          "connector_power_type": "AC_3_PHASE"},
         "currency": "EUR",
         "charging_periods": [\(period("10:00", kwh: "10"))],
         "total_cost": {"excl_vat": 2.5, "incl_vat": 3.03}, "total_energy": 10, "total_time": 1,
         "last_updated": "2024-06-01T11:01:00Z"}
        """
    }

    // MARK: The worker and the database

    /// Passes of the worker until `done` holds (back-offs included), at most `limit`.
    static func deliver(_ worker: PushWorker, limit: Duration = .seconds(15), until done: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            await worker.deliverPending()
            if try await done() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The peer's deliveries of this tenant's object, by state.
    func deliveries(_ peer: Int64, module: String, _ id: String) async throws -> [String: Int] {
        let key = "\(module)/\(tenant.countryCode)/\(tenant.partyID)/\(id)".lowercased()
        let rows = try await pool.query(
            "SELECT state, count(*)::bigint FROM push_deliveries WHERE peer_id = \(peer) AND object_key = \(key) GROUP BY state").rows
        var counts: [String: Int] = [:]
        for row in rows { counts[try row.decode(0, as: String.self)] = Int(try row.decode(1, as: Int64.self)) }
        return counts
    }

    /// What `cdr_deliveries` records of a CDR at a peer; nil when it has no row.
    struct CDRDelivery: Sendable, Equatable {
        var attempts: Int
        var attempted: Bool
        var delivered: Bool
        var locationURL: String?
        var confirmedBy: String?
        /// Sent, and its answer lost: the peer may have it.
        var inDoubt: Bool { attempted && !delivered }
    }

    func cdrDelivery(_ peer: Int64, _ id: String) async throws -> CDRDelivery? {
        guard let row = try await pool.query(
            """
            SELECT attempts, attempted_at IS NOT NULL, delivered_at IS NOT NULL, location_url, confirmed_by FROM cdr_deliveries
             WHERE peer_id = \(peer) AND country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID) AND cdr_key = lower(\(id))
            """
        ).first else { return nil }
        return CDRDelivery(
            attempts: try row.decode(0), attempted: try row.decode(1), delivered: try row.decode(2), locationURL: try row.decode(3),
            confirmedBy: try row.decode(4))
    }

    /// Every peer with a `cdr_deliveries` row for the CDR.
    func cdrDeliveryPeers(_ id: String) async throws -> Set<Int64> {
        Set(try await pool.query(
            """
            SELECT peer_id FROM cdr_deliveries
             WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID) AND cdr_key = lower(\(id))
            """
        ).rows.map { try $0.decode(0, as: Int64.self) })
    }
}

extension JSONValue {
    /// The `start_date_time` of each charging period in a Session or CDR body.
    static func periodStarts(_ body: [String: JSONValue]) -> [String]? {
        body["charging_periods"]?.array?.map { $0["start_date_time"]?.string ?? "?" }
    }
}
