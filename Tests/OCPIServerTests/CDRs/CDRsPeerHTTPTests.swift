import HTTPTypes
import HummingbirdTesting
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// Who reads a CDR: the EMSP of its token, at tenants it is granted.
@Suite struct CDRsPeerHTTPTests {
    /// Two EMSPs granted one tenant each list and read only the CDRs of their own tokens; the other's are 404.
    @Test func twoEMSPsAtOneTenantEachSeeOnlyTheirOwnCDRs() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let first = try await Loc.peerWithParty(pool, granted: [tenant])
            let second = try await Loc.peerWithParty(pool, granted: [tenant])
            for (id, party) in [("CA1", first.party), ("CB1", second.party), ("CA2", first.party)] {
                let body = ChargeBodies.cdr(tenant, id, token: party, totals: CDRsHTTPTests.priced)
                #expect(try await http.send(.post, ChargeURL.cdrs(), token: token, body: body).status == .created)
            }

            for (peer, own, others) in [(first.token, ["CA1", "CA2"], ["CB1"]), (second.token, ["CB1"], ["CA1", "CA2"])] {
                for query in ["", ChargeURL.since] {
                    let list = try await http.get(ChargeURL.cdrs(query: query), token: peer)
                    #expect(list.status == .ok)
                    #expect(Charge.ids(list) == own, "GET /cdrs?\(query)")
                }
                for id in own {
                    let read = try await http.get(ChargeURL.cdrs(id), token: peer)
                    #expect(read.status == .ok, "\(id)")
                    #expect(read.data?["cdr_token"]?["party_id"]?.string != nil)
                    #expect(read.data?["id"]?.string == id)
                }
                for id in others {
                    #expect(try await http.get(ChargeURL.cdrs(id), token: peer).status == .notFound, "\(id) concerns the other EMSP")
                }
            }
            let owner = try await http.get(ChargeURL.cdrs(), token: token)
            #expect(Set(Charge.ids(owner)) == ["CA1", "CB1", "CA2"], "the owner lists every CDR of its tenant")
        }
    }

    /// A peer may not write CDRs: the module's URL refuses its POST.
    @Test func aPeerCannotPostACDR() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await Charge.tenantWithSite(http, pool)
            let peer = try await Loc.peerWithParty(pool, granted: [tenant])
            let body = ChargeBodies.cdr(tenant, "CDR1", token: peer.party, totals: CDRsHTTPTests.priced)
            let refused = try await http.send(.post, ChargeURL.cdrs(), token: peer.token, body: body)
            #expect(refused.status == .methodNotAllowed)
            #expect(Charge.ids(try await http.get(ChargeURL.cdrs(), token: peer.token)).isEmpty)
        }
    }
}
