import Foundation
import HTTPTypes
import OCPIModel
import PGClient
import Testing
import TestSupport

/// An EMSP pushes its tokens to the platform, for the parties its connection speaks for, and reads them back.
@Suite struct TokensReceiverHTTPTests {
    @Test(arguments: ["2.2.1", "2.3.0"])
    func anEMSPPutsReadsAndReplacesItsToken(version: String) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant])
            let url = TokenFixture.token(emsp.party, "04A1B2", version: version)

            let created = try await http.put(url, token: emsp.token, TokenFixture.body(emsp.party, "04A1B2"))
            #expect(created.status == .created)
            #expect(created.code == 1000)
            #expect(created.data?["uid"]?.string == "04A1B2")
            #expect(created.data?["type"]?.string == "RFID", "the URL's type (RFID by default) is the token's")

            let read = try await http.get(url, token: emsp.token)
            #expect(read.status == .ok)
            #expect(read.data?["whitelist"]?.string == "ALWAYS")
            #expect(read.data?["contract_id"]?.string == "\(emsp.party.countryCode)-\(emsp.party.partyID)-C00001")

            let replaced = try await http.put(
                url, token: emsp.token, TokenFixture.body(emsp.party, "04a1b2", valid: false, lastUpdated: "2026-06-02T10:00:00Z"))
            #expect(replaced.status == .ok)
            #expect(replaced.data?["valid"] == .bool(false))
            #expect(replaced.data?["uid"]?.string == "04A1B2", "the uid keeps its first spelling")
        }
    }

    /// The same uid names different tokens for different types; `type` defaults to RFID.
    @Test func uidAndTypeTogetherAreTheKey() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant])
            #expect(try await http.put(TokenFixture.token(emsp.party, "U1"), token: emsp.token, TokenFixture.body(emsp.party, "U1")).status == .created)
            let app = try await http.put(
                TokenFixture.token(emsp.party, "U1", type: "APP_USER"), token: emsp.token,
                TokenFixture.body(emsp.party, "U1", type: "APP_USER", whitelist: "NEVER"))
            #expect(app.status == .created)

            #expect(try await http.get(TokenFixture.token(emsp.party, "U1"), token: emsp.token).data?["whitelist"]?.string == "ALWAYS")
            #expect(try await http.get(TokenFixture.token(emsp.party, "U1", type: "APP_USER"), token: emsp.token).data?["whitelist"]?.string == "NEVER")
            let other = try await http.get(TokenFixture.token(emsp.party, "U1", type: "OTHER"), token: emsp.token)
            #expect(other.status == .notFound)
            #expect(other.code == 2004)
        }
    }

    /// A body whose type differs from the URL's is refused; so is a type the version lacks.
    @Test func theTypeMustMatchTheURLAndTheVersion() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant])
            let mismatch = try await http.put(
                TokenFixture.token(emsp.party, "U2", type: "RFID"), token: emsp.token, TokenFixture.body(emsp.party, "U2", type: "APP_USER"))
            #expect(mismatch.code == 2001)
            #expect(mismatch.message.contains("type"), "\(mismatch.message)")

            let emaid = try await http.put(
                TokenFixture.token(emsp.party, "U2", type: "EMAID", version: "2.2.1"), token: emsp.token,
                TokenFixture.body(emsp.party, "U2", type: "EMAID"))
            #expect(emaid.code == 2001, "EMAID is 2.3.0's")
            let accepted = try await http.put(
                TokenFixture.token(emsp.party, "U2", type: "EMAID", version: "2.3.0"), token: emsp.token,
                TokenFixture.body(emsp.party, "U2", type: "EMAID"))
            #expect(accepted.status == .created)
            let as221 = try await http.get(TokenFixture.token(emsp.party, "U2", type: "EMAID", version: "2.3.0"), token: emsp.token)
            #expect(as221.data?["type"]?.string == "EMAID")
        }
    }

    /// A token is written only for a party the connection speaks for: another party's URL is refused and stores
    /// nothing, and its tokens cannot be read.
    @Test func anotherPartysTokensAreNeitherWrittenNorRead() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let mine = try await TokenFixture.emsp(pool, granted: [tenant])
            let other = try await TokenFixture.emsp(pool, granted: [tenant])
            #expect(try await http.put(TokenFixture.token(other.party, "T1"), token: other.token, TokenFixture.body(other.party, "T1")).status == .created)

            let write = try await http.put(TokenFixture.token(other.party, "T1"), token: mine.token, TokenFixture.body(other.party, "T1", valid: false))
            #expect(write.status == .notFound)
            #expect(write.message.contains("\(mine.party)"), "it names the parties it may write: \(write.message)")
            let read = try await http.get(TokenFixture.token(other.party, "T1"), token: mine.token)
            #expect(read.status == .notFound)
            #expect(read.data == nil || read.data == .null)

            let stored = try await pool.query(
                "SELECT document ->> 'valid' FROM emsp_tokens WHERE country_code = \(other.party.countryCode) AND party_id = \(other.party.partyID)")
            #expect(try stored.rows.map { try $0.decode(0, as: String.self) } == ["true"], "the other party's token is unchanged")
        }
    }

    /// An EMSP's push carries last_updated: without it, or older than what is stored, nothing changes.
    @Test func lastUpdatedIsRequiredAndStaleWritesAreRefused() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant])
            let url = TokenFixture.token(emsp.party, "T2")
            let bare = TokenFixture.body(emsp.party, "T2").replacingOccurrences(of: #", "last_updated": "2026-06-01T10:00:00Z""#, with: "")
            let missing = try await http.put(url, token: emsp.token, bare)
            #expect(missing.code == 2001)
            #expect(missing.message.contains("last_updated"), "\(missing.message)")
            #expect(try await http.get(url, token: emsp.token).status == .notFound, "nothing was stored")

            #expect(try await http.put(url, token: emsp.token, TokenFixture.body(emsp.party, "T2")).status == .created)
            let patchWithout = try await http.patch(url, token: emsp.token, #"{"valid": false}"#)
            #expect(patchWithout.code == 2001)
            #expect(patchWithout.message.contains("last_updated"), "\(patchWithout.message)")
            let stale = try await http.patch(url, token: emsp.token, #"{"valid": false, "last_updated": "2026-05-01T00:00:00Z"}"#)
            #expect(stale.code == 2001)
            #expect(try await http.get(url, token: emsp.token).data?["valid"] == .bool(true))

            let patched = try await http.patch(url, token: emsp.token, #"{"valid": false, "last_updated": "2026-06-03T00:00:00Z"}"#)
            #expect(patched.status == .ok)
            #expect(patched.data?["valid"] == .bool(false))
            #expect(patched.data?["issuer"]?.string == "Test EMSP", "a PATCH keeps what it does not carry")
        }
    }

    /// Every field is checked per the spec, with every issue named at once.
    @Test func invalidTokensAreRefusedWithEveryIssue() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant])
            let body = TokenFixture.body(
                emsp.party, "T3", whitelist: "SOMETIMES",
                extra: #", "language": "nld", "default_profile_type": "TURBO", "energy_contract": {"contract_id": "X"}"#)
            let refused = try await http.put(TokenFixture.token(emsp.party, "T3"), token: emsp.token, body)
            #expect(refused.code == 2001)
            for field in ["whitelist", "language", "default_profile_type", "energy_contract.supplier_name"] {
                #expect(refused.message.contains(field), "\(field): \(refused.message)")
            }
            #expect(try await http.get(TokenFixture.token(emsp.party, "T3"), token: emsp.token).status == .notFound)
        }
    }

    /// A tenant's owner token does not write or read tokens: they are the EMSPs'. It is told how to authorize.
    @Test func anOwnerTokenIsToldToAuthorize() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, owner) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant])
            let put = try await http.put(TokenFixture.token(emsp.party, "T4"), token: owner, TokenFixture.body(emsp.party, "T4"))
            #expect(put.status == .methodNotAllowed)
            #expect(put.message.contains("authorize"), "\(put.message)")
            #expect(try await http.get("/ocpi/cpo/2.2.1/tokens", token: owner).status == .methodNotAllowed)
            #expect(try await http.get(TokenFixture.token(emsp.party, "T4"), token: emsp.token).status == .notFound)
        }
    }
}
