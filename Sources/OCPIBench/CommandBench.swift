#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import OCPIModel
import OCPIStorage
import PGClient

/// The Commands module's special path: an EMSP's START_SESSION, relayed to the tenant's back-office (the bench's
/// loopback receiver, which accepts at once) and answered with its CommandResponse: the command's round trip
/// through the platform. The fixture's peer (`NL*BPR`, granted every tenant) sends it for a token of its own.
struct CommandBench {
    /// Every tenant's back-office (its Commands and ChargingProfiles) is the loopback receiver. The EMSP's connection
    /// is known at loopback (as a registered EMSP is known at its versions URL), so its `response_url` on loopback
    /// passes the host check.
    static func seed(_ pool: PGPool, receiverPort: Int) async throws {
        try await pool.query(
            PGQuery(unsafeSQL: "UPDATE peer_connections SET versions_url = 'http://127.0.0.1:9/ocpi/versions' WHERE id = (\(BenchFixture.peerIDExpression))"))
        for tenant in BenchFixture.tenants {
            try await pool.query(
                """
                SELECT ocpi_admin.connect_backoffice(\(tenant.countryCode), \(tenant.partyID),
                                                     \("http://127.0.0.1:\(receiverPort)/ocpi/cpo/2.2.1/commands"),
                                                     \("http://127.0.0.1:\(receiverPort)/ocpi/cpo/2.2.1/chargingprofiles"), 'bench-backoffice')
                """)
        }
    }

    /// The loopback back-office's answer to a command, and to a charging-profile request (a CommandResponse and a
    /// ChargingProfileResponse have the same shape).
    static let backofficeAnswer = #"{"data": {"result": "ACCEPTED", "timeout": 30}, "status_code": 1000, "timestamp": "2026-12-01T00:00:00Z"}"#

    static func wrkStartSession(_ fixture: BenchFixture) -> String {
        Scripts.luaPrelude(fixture) + """
            local headers = {["Authorization"] = "\(Scripts.authorization(fixture.peerToken))", ["Content-Type"] = "application/json"}
            local token = [[{"country_code": "NL", "party_id": "BPR", "uid": "APP-1", "type": "APP_USER", "contract_id": "NL-BPR-C1", "issuer": "Bench EMSP", "valid": true, "whitelist": "NEVER", "last_updated": "2026-12-01T00:00:00Z"}]]
            request = function()
              local t, id = pick()
              local body = '{"response_url": "http://127.0.0.1:9/results", "token": ' .. token .. ', "location_id": "' .. id .. '", "evse_uid": "E1", "connector_id": "1"}'
              return wrk.format("POST", "/ocpi/cpo/2.2.1/commands/START_SESSION", headers, body)
            end
            """
    }

    /// One START_SESSION before the load: it must reach the loopback back-office and come back ACCEPTED.
    static func check(_ serviceURL: String, _ fixture: BenchFixture) async throws {
        let body = #"{"response_url": "http://127.0.0.1:9/results", "token": {"country_code": "NL", "party_id": "BPR", "uid": "APP-1", "type": "APP_USER", "contract_id": "NL-BPR-C1", "issuer": "Bench EMSP", "valid": true, "whitelist": "NEVER", "last_updated": "2026-12-01T00:00:00Z"}, "location_id": "L1-00001", "evse_uid": "E1", "connector_id": "1"}"#
        try await BenchProbe.expect(
            serviceURL + "/ocpi/cpo/2.2.1/commands/START_SESSION", token: fixture.peerToken, body: body, containing: #""result":"ACCEPTED""#)
    }

    /// The same SQL as a START_SESSION: the peer's read of the location, the tenant's back-office link, the check of
    /// its response_url against the connection's URLs, the command's record, and its acceptance.
    static func pgStartSession(_ fixture: BenchFixture) -> String {
        let tenant = BenchFixture.tenants[0]
        let command = NewCommand(
            tenant: tenant, peer: PeerID(rawValue: 1), peerParty: PartyCode(countryCode: "NL", partyID: "BPR"), module: .commands,
            command: "START_SESSION", version: .v2_2_1, subject: "L1-00001/E1/1", request: "{}", responseURL: "http://127.0.0.1:9/results")
        let country = [1: Scripts.countryExpression, 2: Scripts.partyExpression]
        let bpr = BenchFixture.peerIDExpression
        return Scripts.pgPrelude(fixture) + [
            Scripts.pgbench(ObjectStore<Locations>.sharedObjectStatement(id: "L1-00001", version: .v2_3_0), [1: Scripts.idExpression]),
            Scripts.pgbench(CommandStatements.backoffice(tenant), country),
            Scripts.pgbench(CommandStatements.peerURLs(PeerID(rawValue: 1)), [1: bpr, 2: bpr]),
            "BEGIN;",
            Scripts.pgbench(
                CommandStatements.record(command, publicID: "X"),
                [1: "md5(random()::text)", 2: Scripts.countryExpression, 3: Scripts.partyExpression, 4: "(SELECT min(id) FROM peer_connections)"]),
            Scripts.pgbench(
                CommandStatements.accepted(1, response: #"{"result": "ACCEPTED", "timeout": 30}"#, timeout: .seconds(30)),
                [3: "(SELECT max(id) FROM commands)"]),
            "COMMIT;",
        ].joined(separator: "\n")
    }
}
