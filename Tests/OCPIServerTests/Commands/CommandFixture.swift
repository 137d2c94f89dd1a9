import Foundation
import HTTPTypes
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// A tenant with a site (LOC1: EVSE E1, connector 1; EVSE E2) and a back-office on loopback linked to it, an EMSP
/// connection granted it with a response_url receiver on loopback, and the relay of results.
struct CommandFixture {
    var tenant: TenantID
    var ownerToken: String
    var emsp: TokenFixture.EMSP
    var backoffice: LoopbackRecorder
    var results: LoopbackRecorder
    var http: LocationsClient
    var pool: PGPool

    static func make(_ http: LocationsClient, _ pool: PGPool, link: Bool = true) async throws -> CommandFixture {
        let (tenant, owner) = try await Charge.tenantWithSite(http, pool)
        let emsp = try await TokenFixture.emsp(pool, granted: [tenant])
        let backoffice = LoopbackRecorder()
        try await backoffice.start()
        backoffice.answer(LoopbackRecorder.accepting(timeout: 30))
        let results = LoopbackRecorder()
        try await results.start()
        // The EMSP's token B, which the relay presents at its response_url, and its versions URL, on the host its
        // response_urls must be on.
        try await pool.query(
            """
            UPDATE peer_connections SET peer_token = 'emsp-token-b', version = '2.2.1', versions_url = \(results.baseURL + "/ocpi/versions")
             WHERE id = (SELECT peer_id FROM peer_roles WHERE country_code = \(emsp.party.countryCode) AND party_id = \(emsp.party.partyID))
            """)
        if link {
            try await pool.query(
                """
                SELECT ocpi_admin.connect_backoffice(\(tenant.countryCode), \(tenant.partyID),
                                                     \(backoffice.baseURL + "/ocpi/cpo/2.2.1/commands"),
                                                     \(backoffice.baseURL + "/ocpi/cpo/2.2.1/chargingprofiles"), 'backoffice-token')
                """)
        }
        return CommandFixture(tenant: tenant, ownerToken: owner, emsp: emsp, backoffice: backoffice, results: results, http: http, pool: pool)
    }

    func stop() async {
        await backoffice.stop()
        await results.stop()
    }

    static func relay(_ pool: PGPool) -> CommandResultRelay {
        CommandResultRelay(pool: pool, client: TestApp.peerClient, logger: TestDatabase.logger)
    }

    /// Passes of a relay until `done` holds, at most `limit`: a relay of a test running alongside may hold one of
    /// this test's results for a moment.
    static func relay(_ pool: PGPool, limit: Duration = .seconds(10), until done: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        let relay = relay(pool)
        while ContinuousClock.now < deadline {
            _ = try await relay.runOnce()
            if try await done() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The EMSP's command, as its client sends it.
    func send(_ command: String, _ body: String, as token: String? = nil) async throws -> LocationsReply {
        try await http.send(.post, "/ocpi/cpo/2.2.1/commands/\(command)", token: token ?? emsp.token, body: body)
    }

    var responseURL: String { results.baseURL + "/emsp/results/1" }

    func startSession(evse: String = "E1", connector: String? = "1", location: String = "LOC1", tokenParty: TenantID? = nil) -> String {
        let token = TokenFixture.body(tokenParty ?? emsp.party, "APP-1", type: "APP_USER", whitelist: "NEVER")
        let connectorField = connector.map { #", "connector_id": "\#($0)""# } ?? ""
        return #"{"response_url": "\#(responseURL)", "token": \#(token), "location_id": "\#(location)", "evse_uid": "\#(evse)"\#(connectorField)}"#
    }

    func reserveNow(_ reservation: String) -> String {
        let token = TokenFixture.body(emsp.party, "APP-1", type: "APP_USER", whitelist: "NEVER")
        return #"{"response_url": "\#(responseURL)", "token": \#(token), "expiry_date": "2030-01-01T00:00:00Z", "reservation_id": "\#(reservation)", "location_id": "LOC1", "evse_uid": "E1"}"#
    }

    /// The path of the response_url the platform gave the back-office, for the test client.
    static func resultPath(_ call: LoopbackRecorder.Call) throws -> String {
        let url = try #require(call.json["response_url"]?.string)
        try #require(url.hasPrefix(TestApp.publicURL + "/ocpi/cpo/2.2.1/commands/"), "\(url)")
        return String(url.dropFirst(TestApp.publicURL.count))
    }

    /// The state and relay of the tenant's commands, oldest first.
    func commands() async throws -> [(command: String, state: String, relay: String)] {
        try await pool.query(
            "SELECT command, state, relay FROM commands WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID) ORDER BY id"
        ).rows.map { (try $0.decode(0), try $0.decode(1), try $0.decode(2)) }
    }
}
