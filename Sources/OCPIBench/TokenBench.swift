#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import NIOHTTP1
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
        // What a PUT stores, for the pgbench script: the service's own documents.
        for column in ["document", "doc_221", "doc_230"] {
            try await pool.query(
                PGQuery(unsafeSQL: "INSERT INTO bench_templates SELECT 'token_\(column)', \(column)::text FROM emsp_tokens ORDER BY seq DESC LIMIT 1"))
        }
    }

    /// PUT of one of its tokens by the EMSP, as its Tokens Sender pushes a change: the write of a module that peers
    /// write (`last_updated` equals the stored one, which is taken).
    static func wrkPut(_ fixture: BenchFixture) -> String {
        """
        math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
        local headers = {["Authorization"] = "\(Scripts.authorization(fixture.peerToken))", ["Content-Type"] = "application/json"}
        local body = [[\(putTemplate)]]
        request = function()
          local n = math.random(1, \(count))
          local uid = string.format("TOK-%05d", n)
          return wrk.format("PUT", "/ocpi/cpo/2.2.1/tokens/NL/BPR/" .. uid .. "?type=RFID", headers, string.format(body, uid, n))
        end
        """
    }

    /// A token as the EMSP PUTs it: `%s` is its uid, `%d` its number.
    static let putTemplate =
        #"{"country_code": "NL", "party_id": "BPR", "uid": "%s", "type": "RFID", "contract_id": "NL-BPR-C%d", "issuer": "Bench EMSP", "valid": true, "whitelist": "ALWAYS", "last_updated": "2026-12-01T00:00:00Z"}"#

    /// One PUT before the load: it must be taken (a refusal would still count as an answer for wrk).
    static func checkPut(_ serviceURL: String, _ fixture: BenchFixture) async throws {
        let body = putTemplate.replacingOccurrences(of: "%s", with: uid(1)).replacingOccurrences(of: "%d", with: "1")
        try await BenchProbe.expect(
            serviceURL + "/ocpi/cpo/2.2.1/tokens/NL/BPR/\(uid(1))?type=RFID", method: .PUT, token: fixture.peerToken, body: body,
            containing: #""status_code":1000"#)
    }

    /// The same SQL as the PUT: the pipeline's plain document write (lock, load, update, commit), without an outbox
    /// record, since tokens are never pushed on.
    static func pgPut() -> String {
        let address = ObjectAddress(tenant: party, ids: ["X"])
        let id = "'TOK-' || lpad(:n::text, 5, '0') || '/RFID'"
        // The stored documents are the last token's: each row gets its own uid back, or its document would name
        // another token (and later rounds would run on data the service never writes).
        let template = { (name: String) in
            "replace((SELECT body FROM bench_templates WHERE name = 'token_\(name)'), '\(uid(count))', 'TOK-' || lpad(:n::text, 5, '0'))"
        }
        let update = ObjectStatements<Tokens>.update(
            .init(tenant: party, id: "X", document: PGJSON("{}"), doc221: "", doc230: "", shared: true, lastUpdated: .now()))
        return [
            "\\set n random(1, \(count))", "BEGIN;",
            Scripts.pgbench(ObjectStatements<Tokens>.lock(address), [1: "'tokens/\(party)/' || lower(\(id))"]),
            Scripts.pgbench(ObjectStatements<Tokens>.load(address), [3: id]),
            Scripts.pgbench(update, [1: template("document"), 2: template("doc_221"), 3: template("doc_230"), 5: "now()", 8: id]),
            "COMMIT;",
        ].joined(separator: "\n")
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
