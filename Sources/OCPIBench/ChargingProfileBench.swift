#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import NIOHTTP1
import OCPIModel
import OCPIStorage
import PGClient

/// The ChargingProfiles module's special path: the fixture's EMSP (`NL*BPR`, the token party of the bench's
/// sessions) sets a charging profile on one of its ACTIVE sessions, naming the tenant with `OCPI-to-*` (every tenant
/// has sessions `S-00001`…). The platform relays it to the tenant's back-office (the bench's loopback receiver,
/// which accepts at once) and answers with its ChargingProfileResponse: the request's round trip.
struct ChargingProfileBench {
    static let body =
        #"{"response_url": "http://127.0.0.1:9/profiles", "charging_profile": {"charging_rate_unit": "W", "charging_profile_period": [{"start_period": 0, "limit": 11000}, {"start_period": 1800, "limit": 7400}]}}"#

    static func wrkSet(_ fixture: BenchFixture) -> String {
        """
        local tenants = {{"DE", "BN1"}, {"NL", "BN2"}, {"FR", "BN3"}}
        math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
        local body = [[\(body)]]
        request = function()
          local t = math.random(1, 3)
          local path = string.format("/ocpi/cpo/2.2.1/chargingprofiles/S-%05d", math.random(1, \(SessionBench.perTenant)))
          return wrk.format("PUT", path, {["Authorization"] = "\(Scripts.authorization(fixture.peerToken))", ["Content-Type"] = "application/json",
            ["OCPI-to-country-code"] = tenants[t][1], ["OCPI-to-party-id"] = tenants[t][2]}, body)
        end
        """
    }

    /// One SetChargingProfile before the load: it must reach the loopback back-office and come back ACCEPTED.
    static func check(_ serviceURL: String, _ fixture: BenchFixture) async throws {
        let tenant = BenchFixture.tenants[0]
        try await BenchProbe.expect(
            serviceURL + "/ocpi/cpo/2.2.1/chargingprofiles/S-00001", method: .PUT, token: fixture.peerToken, body: body,
            headers: ["OCPI-to-country-code": tenant.countryCode, "OCPI-to-party-id": tenant.partyID], containing: #""result":"ACCEPTED""#)
    }

    /// The same SQL as a SetChargingProfile: the check of its response_url against the connection's URLs, the
    /// session's read among the EMSP's parties at the named tenant, the tenant's back-office link, the request's
    /// record and its acceptance, each on its own as the service runs them (the call to the back-office comes
    /// between the record and the acceptance).
    static func pgSet(_ fixture: BenchFixture) -> String {
        let tenant = BenchFixture.tenants[0]
        let party = PartyCode(countryCode: "NL", partyID: "BPR")
        let bpr = BenchFixture.peerIDExpression
        let session = "'S-' || lpad(:n::text, 5, '0')"
        let request = NewCommand(
            tenant: tenant, peer: PeerID(rawValue: 1), peerParty: party, module: .chargingProfiles, command: "SET_PROFILE", version: .v2_2_1,
            subject: "S-00001", request: body, responseURL: "http://127.0.0.1:9/profiles")
        return [
            "\\set t random(1, 3)", "\\set n random(1, \(SessionBench.perTenant))",
            Scripts.pgbench(CommandStatements.peerURLs(PeerID(rawValue: 1)), [1: bpr, 2: bpr]),
            Scripts.pgbench(
                ObjectStore<Sessions>.partyObjectStatement(id: "S-00001", scope: .tenants([tenant]), parties: [party], version: .v2_3_0),
                [1: session, 5: "ARRAY[\(Scripts.countryExpression)]", 6: "ARRAY[\(Scripts.partyExpression)]"]),
            Scripts.pgbench(CommandStatements.backoffice(tenant), [1: Scripts.countryExpression, 2: Scripts.partyExpression]),
            Scripts.pgbench(
                CommandStatements.record(request, publicID: "X"),
                [1: "md5(random()::text)", 2: Scripts.countryExpression, 3: Scripts.partyExpression, 4: bpr]),
            Scripts.pgbench(
                CommandStatements.accepted(1, response: #"{"result": "ACCEPTED", "timeout": 30}"#, timeout: .seconds(35)),
                [3: "(SELECT max(id) FROM commands)"]),
        ].joined(separator: "\n")
    }
}
