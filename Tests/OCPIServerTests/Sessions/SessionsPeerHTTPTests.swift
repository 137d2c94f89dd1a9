import Foundation
import HTTPTypes
import HummingbirdTesting
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// Who reads a session: the EMSP of its token (the token's country_code and party_id are one of the peer's roles),
/// at tenants it is granted. Everything else is 404 to it, or absent from its list.
@Suite struct SessionsPeerHTTPTests {
    /// Two EMSPs granted the same tenant each list and read only the sessions of their own tokens.
    @Test func twoEMSPsAtOneTenantEachSeeOnlyTheirOwnSessions() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let first = try await Loc.peerWithParty(pool, granted: [tenant])
            let second = try await Loc.peerWithParty(pool, granted: [tenant])
            for (id, party) in [("SA1", first.party), ("SB1", second.party), ("SA2", first.party)] {
                #expect(try await http.put(ChargeURL.session(tenant, id), token: token, ChargeBodies.session(tenant, id, token: party)).status == .created)
            }

            for (peer, own, others) in [(first.token, ["SA1", "SA2"], ["SB1"]), (second.token, ["SB1"], ["SA1", "SA2"])] {
                for version in ["2.3.0", "2.2.1"] {
                    let list = try await http.get(ChargeURL.sessions(version: version, query: ChargeURL.since), token: peer)
                    #expect(list.status == .ok)
                    #expect(list.code == 1000)
                    #expect(Charge.ids(list) == own, "\(version)")
                }
                for id in own {
                    let read = try await http.get(ChargeURL.sessions(id), token: peer)
                    #expect(read.status == .ok, "\(id)")
                    #expect(read.data?["id"]?.string == id)
                }
                for id in others {
                    let hidden = try await http.get(ChargeURL.sessions(id), token: peer)
                    #expect(hidden.status == .notFound, "\(id) concerns the other EMSP")
                    #expect(hidden.data == nil || hidden.data == .null)
                }
            }
        }
    }

    /// Party codes are case-insensitive: a token naming the peer's party in lower case still concerns that peer.
    @Test func aTokenPartyInLowerCaseConcernsThePeer() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let peer = try await Loc.peerWithParty(pool, granted: [tenant])
            let upper = #""country_code": "\#(peer.party.countryCode)", "party_id": "\#(peer.party.partyID)""#
            let lower = #""country_code": "\#(peer.party.countryCode.lowercased())", "party_id": "\#(peer.party.partyID.lowercased())""#
            let body = ChargeBodies.session(tenant, "S1", token: peer.party).replacingOccurrences(of: upper, with: lower)
            try #require(body.contains(lower))
            #expect(try await http.put(ChargeURL.session(tenant, "S1"), token: token, body).status == .created)
            #expect(Charge.ids(try await http.get(ChargeURL.sessions(query: ChargeURL.since), token: peer.token)) == ["S1"])
            #expect(try await http.get(ChargeURL.sessions("S1"), token: peer.token).status == .ok)
        }
    }

    /// The Sessions Sender's list needs date_from, as the spec says: without it the peer is told how to ask.
    @Test func aPeerListWithoutDateFromIsRefused() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let peer = try await Loc.peerWithParty(pool, granted: [tenant])
            #expect(try await http.put(ChargeURL.session(tenant, "S1"), token: token, ChargeBodies.session(tenant, "S1", token: peer.party)).status == .created)

            let refused = try await http.get(ChargeURL.sessions(), token: peer.token)
            #expect(refused.code == 2001)
            #expect(refused.message.contains("date_from is required"), "\(refused.message)")
            #expect(refused.message.contains("?date_from="), "the message shows how to ask: \(refused.message)")
            #expect(refused.data == nil || refused.data == .null || refused.data == .array([]))

            let later = try await http.get(ChargeURL.sessions(query: "date_from=2999-01-01T00:00:00Z"), token: peer.token)
            #expect(later.status == .ok)
            #expect(Charge.ids(later).isEmpty, "date_from filters on last_updated")
        }
    }

    /// A peer whose token party matches but that is not granted the tenant sees none of its sessions.
    @Test func aPeerNotGrantedTheTenantSeesNothing() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let (elsewhere, _) = try await TestDatabase.createTenant(pool)
            let outsider = try await Loc.peerWithParty(pool, granted: [elsewhere])
            #expect(try await http.put(ChargeURL.session(tenant, "S1"), token: token, ChargeBodies.session(tenant, "S1", token: outsider.party)).status == .created)

            let list = try await http.get(ChargeURL.sessions(query: ChargeURL.since), token: outsider.token)
            #expect(list.status == .ok)
            #expect(Charge.ids(list).isEmpty)
            #expect(try await http.get(ChargeURL.sessions("S1"), token: outsider.token).status == .notFound)
            let routed = try await http.get(ChargeURL.sessions("S1"), token: outsider.token, headers: Loc.routing(to: tenant))
            #expect(routed.status != .ok, "naming the tenant grants nothing")
        }
    }
}
