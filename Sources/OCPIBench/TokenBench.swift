#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import OCPIModel
import OCPIStorage
import PGClient

/// The Tokens module's hot paths: a back-office's authorize of a stored `ALWAYS` token (answered from storage, and
/// recorded), and of a `NEVER` token (asked of its EMSP in real time). The fixture's peer (`NL*BPR`, granted every
/// tenant) pushes `count` tokens, `TOK-00001`…; a second EMSP (`NL*BRT`, with a Tokens Sender on the bench's
/// loopback receiver) pushes `RT-00001`… as NEVER.
struct TokenBench {
    static let count = 1000
    static let party = TenantID(countryCode: "NL", partyID: "BPR")!
    static let realTimeParty = TenantID(countryCode: "NL", partyID: "BRT")!

    /// The loopback EMSP's answer to an authorize.
    static func realTimeAnswer(uid: String) -> String {
        #"""
        {"data": {"allowed": "ALLOWED", "authorization_reference": "BENCH-\#(uid)", "token": {"country_code": "NL", "party_id": "BRT",
         "uid": "\#(uid)", "type": "RFID", "contract_id": "NL-BRT-C1", "issuer": "Bench EMSP", "valid": true, "whitelist": "NEVER",
         "last_updated": "2026-12-01T00:00:00Z"}}, "status_code": 1000, "timestamp": "2026-12-01T00:00:00Z"}
        """#
    }

    /// The real-time EMSP's connection and its NEVER tokens, its Tokens Sender at `senderPort` on loopback.
    static func seedRealTime(_ pool: PGPool, senderPort: Int) async throws {
        _ = try await pool.query("SELECT ocpi_admin.register_peer('NL', 'BRT', 'EMSP', '*', NULL, NULL)")
        let endpoints = #"[{"identifier": "tokens", "role": "SENDER", "url": "http://127.0.0.1:\#(senderPort)/ocpi/emsp/2.2.1/tokens"}]"#
        try await pool.query(
            """
            UPDATE peer_connections SET version = '2.2.1', peer_token = 'bench-token-b', endpoints = \(endpoints)::jsonb
             WHERE id = (SELECT peer_id FROM peer_roles WHERE country_code = 'NL' AND party_id = 'BRT')
            """)
        let writer = ObjectWriter<Tokens>(pool: pool)
        let context = ObjectContext(version: .v2_2_1, defaultLastUpdated: nil, timeZones: nil)
        for number in 1...count {
            let uid = "RT-" + String(format: "%05d", number)
            let body = #"""
                {"country_code": "NL", "party_id": "BRT", "uid": "\#(uid)", "type": "RFID", "contract_id": "NL-BRT-C\#(number)",
                 "issuer": "Bench EMSP", "valid": true, "whitelist": "NEVER", "last_updated": "2026-12-01T00:00:00Z"}
                """#
            let address = ObjectAddress(tenant: realTimeParty, ids: [TokenKey(uid: uid, type: .rfid).storedID])
            _ = try await writer.write(ObjectWrite(method: .put, address: address, body: try Tokens.decodeBody(Data(body.utf8), depth: 1), context: context))
        }
    }

    /// One real-time authorize before the load, so that the load measures answers, not refusals (an OCPI refusal is
    /// HTTP 200, which wrk counts as a success).
    static func checkRealTime(_ serviceURL: String) async throws {
        try await BenchProbe.expect(
            serviceURL + "/ocpi/cpo/2.2.1/tokens/RT-00001/authorize", token: BenchFixture.ownerToken(0), body: nil, containing: "BENCH-RT-00001")
    }

    /// POST …/tokens/RT-…/authorize: each asked of the loopback EMSP.
    static func wrkRealTime() -> String {
        wrkAuthorize().replacingOccurrences(of: "/tokens/TOK-%05d/authorize", with: "/tokens/RT-%05d/authorize")
    }

    static func uid(_ number: Int) -> String {
        "TOK-" + String(format: "%05d", number)
    }

    /// Stores the tokens through the pipeline's writer, as the peer's PUTs would.
    static func seed(_ pool: PGPool) async throws {
        let writer = ObjectWriter<Tokens>(pool: pool)
        let context = ObjectContext(version: .v2_2_1, defaultLastUpdated: nil, timeZones: nil)
        for number in 1...count {
            let body = #"""
                {"country_code": "NL", "party_id": "BPR", "uid": "\#(uid(number))", "type": "RFID", "contract_id": "NL-BPR-C\#(number)",
                 "issuer": "Bench EMSP", "valid": true, "whitelist": "ALWAYS", "last_updated": "2026-12-01T00:00:00Z"}
                """#
            let draft = try Tokens.decodeBody(Data(body.utf8), depth: 1)
            let address = ObjectAddress(tenant: party, ids: [TokenKey(uid: uid(number), type: .rfid).storedID])
            _ = try await writer.write(ObjectWrite(method: .put, address: address, body: draft, context: context))
        }
    }

    /// POST …/tokens/{uid}/authorize by a tenant's back-office, without a location.
    static func wrkAuthorize() -> String {
        TariffBench.luaPrelude + """
            local tokens = {"\(Scripts.authorization(BenchFixture.ownerToken(0)))", "\(Scripts.authorization(BenchFixture.ownerToken(1)))", "\(Scripts.authorization(BenchFixture.ownerToken(2)))"}
            request = function()
              local t = math.random(1, 3)
              local path = string.format("/ocpi/cpo/2.2.1/tokens/TOK-%05d/authorize", math.random(1, \(count)))
              return wrk.format("POST", path, {["Authorization"] = tokens[t]})
            end
            """
    }

    /// The same SQL as an authorize from storage: the token's lookup among the tenant's granted parties, then the
    /// decision's record.
    static func pgAuthorize() -> String {
        let tenant = BenchFixture.tenants[0]
        let key = TokenKey(uid: "TOK-00001", type: .rfid)
        let uid = "'TOK-' || lpad(:n::text, 5, '0')"
        let record = AuthorizationRecord(
            tenant: tenant, key: key, party: PartyCode(countryCode: "NL", partyID: "BPR"), peerID: nil, location: nil, allowed: .allowed,
            source: .stored, outcome: .answered, authorizationReference: nil, latency: .microseconds(80), detail: nil)
        return [
            "\\set t random(1, 3)", "\\set n random(1, \(count))",
            Scripts.pgbench(TokenStatements.stored(tenant: tenant, key: key), [1: Scripts.countryExpression, 2: Scripts.partyExpression, 3: uid]),
            Scripts.pgbench(TokenStatements.record(record), [1: Scripts.countryExpression, 2: Scripts.partyExpression, 3: uid]),
        ].joined(separator: "\n")
    }
}
