import Foundation
import HTTPTypes
import OCPIModel
import PGClient
import Testing
import TestSupport

/// `sql/admin/authorizations.sql`, run through psql as an operator runs it: the tenant's decisions, newest first,
/// with token, EMSP, location, answer, source and outcome; bad variables stop it with a message.
@Suite struct AuthorizationsAdminScriptTests {
    @Test func showsATenantsDecisionsNewestFirst() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, owner) = try await Charge.tenantWithSite(http, pool)
            let (other, otherOwner) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant, other])
            #expect(try await http.put(TokenFixture.token(emsp.party, "ADM1"), token: emsp.token, TokenFixture.body(emsp.party, "ADM1")).status == .created)
            _ = try await http.send(.post, TokenFixture.authorize("ADM1"), token: owner, body: #"{"location_id": "LOC1", "evse_uids": ["E1", "E2"]}"#)
            _ = try await http.send(.post, TokenFixture.authorize("NOPE"), token: owner)
            _ = try await http.send(.post, TokenFixture.authorize("ADM1"), token: otherOwner)

            let outcome = try AdminScript.run("authorizations", ["tenant": tenant.description.lowercased()])
            #expect(outcome.succeeded, "\(outcome.stderr)")
            let rows = PushTests.CDRDeliveriesAdminScriptTests.rows(outcome.stdout)
            #expect(rows.map { $0["token"] ?? "" } == ["NOPE", "ADM1"], "newest first, this tenant only: \(outcome.stdout)")
            let allowed = try #require(rows.last)
            #expect(allowed["tenant"] == tenant.description)
            #expect(allowed["emsp"] == emsp.party.description)
            #expect(allowed["location"] == "LOC1")
            #expect(allowed["evses"] == "E1,E2")
            #expect(allowed["allowed"] == "ALLOWED")
            #expect(allowed["source"] == "stored")
            #expect(allowed["outcome"] == "answered")
            #expect(Double(allowed["ms"] ?? "") != nil)
            let unknown = try #require(rows.first)
            #expect(unknown["outcome"] == "unknown_token" && unknown["allowed"] == "" && unknown["source"] == "none")
            #expect(unknown["detail"]?.contains("has pushed it") == true, "\(unknown["detail"] ?? "")")

            let one = try AdminScript.run("authorizations", ["tenant": tenant.description, "token": "adm1"])
            #expect(PushTests.CDRDeliveriesAdminScriptTests.rows(one.stdout).map { $0["token"] ?? "" } == ["ADM1"])
            let bad = try AdminScript.run("authorizations", ["tenant": "nope"])
            #expect(!bad.succeeded)
            #expect(bad.stderr.contains("tenant must be a country code and a party id"), "\(bad.stderr)")
        }
    }
}
