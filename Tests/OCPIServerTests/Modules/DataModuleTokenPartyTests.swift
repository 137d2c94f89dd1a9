import HTTPTypes
import HummingbirdTesting
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// The rule that matters most for Sessions and CDRs: an object concerns the EMSP party of its `cdr_token`, and only
/// that party's peers, at tenants they are granted, ever read or list it. To every other peer it does not exist:
/// 404, absent from lists and totals, whatever its grants. (The push half is `DataModuleTokenPartyPushTests`.)
@Suite struct DataModuleTokenPartyTests {
    /// Two EMSPs granted one tenant: each reads and lists its own drivers' objects, and the other's answer 404, by
    /// id and by the tenant's routing headers alike.
    @Test(arguments: ModuleFixture.tokenPartyModules)
    func twoEMSPsAtOneTenantEachReadAndListOnlyTheirOwn(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            try await module.prepare(http, tenant, token: token)
            let (first, second) = (TestDatabase.uniqueTenant(), TestDatabase.uniqueTenant())
            let own = [first: ["A1", "A2"], second: ["B1"]]
            for (party, ids) in own {
                for id in ids { #expect(try await module.create(http, tenant, token: token, id, for: party).status == .created) }
            }
            let peers = [
                first: try await ModuleFixture.registerPeer(pool, party: first, granted: [tenant]),
                second: try await ModuleFixture.registerPeer(pool, party: second, granted: [tenant]),
            ]
            for (party, peer) in peers {
                let mine = own[party]!
                let theirs = own.filter { $0.key != party }.flatMap(\.value)
                for id in mine {
                    let read = try await http.get(module.peer(id), token: peer)
                    #expect(read.status == .ok, "\(party) reads its own \(id)")
                    #expect(read.data?["cdr_token"]?["party_id"]?.string == party.partyID)
                }
                for id in theirs {
                    let read = try await http.get(module.peer(id), token: peer)
                    #expect(read.status == .notFound, "\(party) must not read \(id)")
                    #expect(read.data == nil, "a refusal shows nothing of the object")
                    #expect(try await http.get(module.peer(id), token: peer, headers: Loc.routing(to: tenant)).status == .notFound)
                }
                for query in ["", "limit=1", "date_from=2024-01-01T00:00:00Z"] {
                    let list = try await http.get(module.peerList(query: query), token: peer)
                    #expect(list.header("X-Total-Count") == "\(mine.count)", "\(party) \(query)")
                    #expect(Set(Loc.ids(list)).isSubset(of: mine), "\(party) \(query): \(Loc.ids(list))")
                }
                #expect(Loc.ids(try await http.get(module.peerList(), token: peer)) == mine)
                #expect(Loc.ids(try await http.get(module.peerList(), token: peer, headers: Loc.routing(to: tenant))) == mine)
            }
            // The owner lists every one of them.
            #expect(Set(Loc.ids(try await http.get(module.list(), token: token))) == ["A1", "A2", "B1"])
        }
    }

    /// A peer whose party no object names sees none of them, even granted every tenant ('*'), and even naming the
    /// tenant in its routing headers: grants choose tenants, the token party chooses objects.
    @Test(arguments: ModuleFixture.tokenPartyModules)
    func aPeerOfAnotherPartyGrantedEveryTenantSeesNothing(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            try await module.prepare(http, tenant, token: token)
            let driversParty = TestDatabase.uniqueTenant()
            #expect(try await module.create(http, tenant, token: token, "OBJ1", for: driversParty).status == .created)
            let stranger = try await ModuleFixture.registerPeer(pool, party: TestDatabase.uniqueTenant(), granted: nil)
            let granted = try await ModuleFixture.registerPeer(pool, party: TestDatabase.uniqueTenant(), granted: [tenant])
            for peer in [stranger, granted] {
                #expect(try await http.get(module.peer("OBJ1"), token: peer).status == .notFound)
                #expect(try await http.get(module.peer("OBJ1"), token: peer, headers: Loc.routing(to: tenant)).status == .notFound)
                let list = try await http.get(module.peerList(), token: peer)
                #expect(list.code == 1000)
                #expect(Loc.ids(list).isEmpty)
                #expect(list.header("X-Total-Count") == "0")
                #expect(Loc.ids(try await http.get(module.peerList(), token: peer, headers: Loc.routing(to: tenant))).isEmpty)
            }
            // The driver's own EMSP, granted every tenant too, does read it.
            let driversPeer = try await ModuleFixture.registerPeer(pool, party: driversParty, granted: nil)
            #expect(try await http.get(module.peer("OBJ1"), token: driversPeer).status == .ok)
        }
    }

    /// The same id at two tenants, each for another party: a peer of one party reads its own without naming a
    /// tenant; the other tenant's object is not "ambiguous" to it, for it does not exist to it.
    @Test(arguments: ModuleFixture.tokenPartyModules)
    func anIdTheOtherPartyAlsoUsesIsNotAmbiguous(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let (other, otherToken) = try await TestDatabase.createTenant(pool)
            let (mine, theirs) = (TestDatabase.uniqueTenant(), TestDatabase.uniqueTenant())
            try await module.prepare(http, tenant, token: token)
            try await module.prepare(http, other, token: otherToken)
            #expect(try await module.create(http, tenant, token: token, "SAME", for: mine).status == .created)
            #expect(try await module.create(http, other, token: otherToken, "SAME", for: theirs).status == .created)
            let peer = try await ModuleFixture.registerPeer(pool, party: mine, granted: nil)
            let read = try await http.get(module.peer("SAME"), token: peer)
            #expect(read.status == .ok, "\(read.message)")
            #expect(read.data?["country_code"]?.string == tenant.countryCode)
            #expect(read.data?["party_id"]?.string == tenant.partyID)
            #expect(try await http.get(module.peer("SAME"), token: peer, headers: Loc.routing(to: other)).status == .notFound)
        }
    }

    /// What keeps the rule: a stored object never moves to another EMSP party. A write that would change its
    /// `cdr_token` party is refused and changes nothing (CDRs are never written twice, so Sessions alone).
    @Test(arguments: ModuleFixture.tokenPartyModules.filter(\.replaces))
    func anObjectNeverMovesToAnotherParty(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            try await module.prepare(http, tenant, token: token)
            let (first, second) = (TestDatabase.uniqueTenant(), TestDatabase.uniqueTenant())
            #expect(try await module.create(http, tenant, token: token, "OBJ1", for: first).status == .created)
            let before = try await http.get(module.owner(tenant, "OBJ1"), token: token).data
            let moved = try await module.create(http, tenant, token: token, "OBJ1", for: second)
            #expect(moved.code == 2001)
            #expect(moved.message.contains("cannot change"), "\(moved.message)")
            if module.patch != nil {
                let patched = try await http.patch(module.owner(tenant, "OBJ1"), token: token, #"{"cdr_token": \#(TokenPartyBodies.token(second))}"#)
                #expect(patched.code == 2001)
            }
            #expect(try await http.get(module.owner(tenant, "OBJ1"), token: token).data == before)
            let secondPeer = try await ModuleFixture.registerPeer(pool, party: second, granted: [tenant])
            #expect(try await http.get(module.peer("OBJ1"), token: secondPeer).status == .notFound)
            let firstPeer = try await ModuleFixture.registerPeer(pool, party: first, granted: [tenant])
            #expect(try await http.get(module.peer("OBJ1"), token: firstPeer).status == .ok)
        }
    }
}
