import HTTPTypes
import HummingbirdTesting
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport


/// What every object module does the same way, proved once per module through HTTP: who may read and write what,
/// paging, date filters, versions, methods, stale writes, and that push shows a peer nothing a GET would not.
/// A module's own suites then cover only its own rules.
///
/// Every test writes its objects for one EMSP party (`emsp`) and registers its peers for that party: the token-party
/// modules (Sessions, CDRs) show a peer only the objects that concern its party, the others ignore it. What a peer
/// of another party sees is `DataModuleTokenPartyTests`' subject.
@Suite struct DataModuleBehaviourTests {
    // MARK: Tenancy

    @Test(arguments: ModuleFixture.all)
    func anotherTenantsOwnerTokenReachesNothing(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let (other, otherToken) = try await TestDatabase.createTenant(pool)
            let emsp = TestDatabase.uniqueTenant()
            // Both tenants hold what the module's objects name, so that every refusal below is for the tenant alone.
            try await module.prepare(http, tenant, token: token)
            try await module.prepare(http, other, token: otherToken)
            #expect(try await module.create(http, tenant, token: token, "OBJ1", for: emsp).status == .created)

            let before = try await http.get(module.owner(tenant, "OBJ1"), token: token).data
            // The other tenant names the first tenant's object: every method is refused, nothing changes. (CDRs are
            // created by POST to the module's URL, which names no tenant: the body below is their only way in.)
            #expect(try await http.get(module.owner(tenant, "OBJ1"), token: otherToken).status == .notFound)
            if module.creation == .putAtOwnerURL {
                #expect(try await http.put(module.owner(tenant, "OBJ1"), token: otherToken, module.object(tenant, "OBJ1", false, nil, emsp)).status == .notFound)
            }
            if let patch = module.patch {
                #expect(try await http.patch(module.owner(tenant, "OBJ1"), token: otherToken, patch.body).status == .notFound)
            }
            #expect(try await http.get(module.owner(tenant, "OBJ1"), token: token).data == before)
            // Under its own URL (or POSTed with its own token), a body naming the first tenant is refused and stores
            // nothing.
            let foreign = try await module.create(http, other, token: otherToken, "OBJ2", body: module.object(tenant, "OBJ2", true, nil, emsp))
            #expect(foreign.code == 2001)
            #expect(foreign.message.contains("country_code"), "refused for the tenant it names: \(foreign.message)")
            #expect(try await http.get(module.owner(other, "OBJ2"), token: otherToken).status == .notFound)
            #expect(try await http.get(module.owner(tenant, "OBJ2"), token: token).status == .notFound)
            // Its own list and its own address space do not show it.
            #expect(Loc.ids(try await http.get(module.list(), token: otherToken)).isEmpty)
            #expect(try await http.get(module.owner(other, "OBJ1"), token: otherToken).status == .notFound)
            // OCPI-to naming the first tenant is refused too.
            #expect(try await http.get(module.list(), token: otherToken, headers: Loc.routing(to: tenant)).status == .notFound)
            #expect(try await http.get(module.owner(tenant, "OBJ1"), token: token).status == .ok)
        }
    }

    @Test(arguments: ModuleFixture.all)
    func aPeerReadsOnlyItsGrantedTenantsAndNeverWrites(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (granted, grantedToken) = try await TestDatabase.createTenant(pool)
            let (other, otherToken) = try await TestDatabase.createTenant(pool)
            let emsp = TestDatabase.uniqueTenant()
            try await module.prepare(http, granted, token: grantedToken)
            try await module.prepare(http, other, token: otherToken)
            let id = "OBJ\(UInt16.random(in: 1000...9999))"
            #expect(try await module.create(http, granted, token: grantedToken, id + "A", for: emsp).status == .created)
            #expect(try await module.create(http, other, token: otherToken, id + "B", for: emsp).status == .created)
            let peer = try await ModuleFixture.registerPeer(pool, party: emsp, granted: [granted])

            #expect(try await http.get(module.peer(id + "A"), token: peer).status == .ok)
            let ungranted = try await http.get(module.peer(id + "B"), token: peer)
            #expect(ungranted.status == .notFound)
            let listed = Loc.ids(try await http.get(module.peerList(), token: peer))
            #expect(listed.contains(id + "A") && !listed.contains(id + "B"))
            #expect(try await http.get(module.peer(id + "B"), token: peer, headers: Loc.routing(to: other)).status == .notFound)
            // What its tenant does not share, a granted peer neither reads nor lists; a '*' peer reads every tenant.
            if module.canHide {
                #expect(try await module.create(http, granted, token: grantedToken, id + "C", shared: false, for: emsp).status == .created)
                #expect(try await http.get(module.peer(id + "C"), token: peer).status == .notFound)
                #expect(!Loc.ids(try await http.get(module.peerList(), token: peer)).contains(id + "C"))
            }
            let everywhere = try await ModuleFixture.registerPeer(pool, party: emsp, granted: nil)
            #expect(try await http.get(module.peer(id + "A"), token: everywhere).status == .ok)
            #expect(try await http.get(module.peer(id + "B"), token: everywhere).status == .ok)
            if module.canHide { #expect(try await http.get(module.peer(id + "C"), token: everywhere).status == .notFound) }
            // The owner's address space is not the peer's, and the Sender interface is read-only: neither the
            // owner's way of creating (PUT at the owner URL, POST to the module's URL) nor PATCH is open to it.
            #expect(try await http.get(module.owner(granted, id + "A"), token: peer).status == .notFound)
            let written = try await module.create(http, granted, token: peer, id + "A", for: emsp)
            #expect(written.status == .methodNotAllowed)
            #expect(written.header("Allow") == "GET")
            if let patch = module.patch {
                #expect(try await http.patch(module.peer(id + "A"), token: peer, patch.body).status == .methodNotAllowed)
            }
            #expect(Loc.ids(try await http.get(module.list(), token: grantedToken)) == [id + "A"] + (module.canHide ? [id + "C"] : []))
        }
    }

    @Test(arguments: ModuleFixture.all)
    func aRegistrationTokenGets401Everywhere(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            try await module.prepare(http, tenant, token: token)
            let tokenA = try await pool.query("SELECT ocpi_admin.create_registration(\(tenant.description))").first!.decode(0, as: String.self)
            #expect(try await http.get(module.list(), token: tokenA).status == .unauthorized)
            #expect(try await http.get(module.peerList(), token: tokenA).status == .unauthorized)
            #expect(try await http.get(module.peer("OBJ1"), token: tokenA).status == .unauthorized)
            #expect(try await module.create(http, tenant, token: tokenA, "OBJ1", for: TestDatabase.uniqueTenant()).status == .unauthorized)
            if let patch = module.patch {
                #expect(try await http.patch(module.owner(tenant, "OBJ1"), token: tokenA, patch.body).status == .unauthorized)
            }
            #expect(Loc.ids(try await http.get(module.list(), token: token)).isEmpty)
        }
    }

    // MARK: Methods, versions, stale writes

    @Test(arguments: ModuleFixture.all)
    func methodsTheModuleLacksAnswer405WithAllow(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            for method in module.lacking {
                let reply = try await http.send(method, module.owner(tenant, "OBJ1"), token: token)
                #expect(reply.status == .methodNotAllowed, "\(method)")
                #expect(reply.header("Allow")?.contains("GET") == true)
            }
        }
    }

    @Test(arguments: ModuleFixture.all)
    func bothVersionsServeTheSameObject(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let emsp = TestDatabase.uniqueTenant()
            try await module.prepare(http, tenant, token: token)
            #expect(try await module.create(http, tenant, token: token, "OBJ1", for: emsp, version: "2.2.1").status == .created)
            let peer = try await ModuleFixture.registerPeer(pool, party: emsp, granted: [tenant])
            for version in ["2.2.1", "2.3.0"] {
                let owner = try await http.get(module.owner(tenant, "OBJ1", version: version), token: token)
                let shared = try await http.get(module.peer("OBJ1", version: version), token: peer)
                #expect(owner.data?["id"]?.string == "OBJ1", "\(version)")
                #expect(shared.data == owner.data, "a peer reads what the owner stored, as \(version) renders it")
            }
        }
    }

    /// Only modules whose objects are written again (a PUT replaces) have stale writes. CDRs are immutable: their
    /// second write is refused whatever its date (`anImmutableObjectRefusesASecondWriteAndChangesNothing`).
    @Test(arguments: ModuleFixture.all.filter(\.replaces))
    func aStaleWriteIsRefusedAndChangesNothing(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let emsp = TestDatabase.uniqueTenant()
            try await module.prepare(http, tenant, token: token)
            #expect(try await module.create(http, tenant, token: token, "OBJ1", lastUpdated: "2024-06-01T00:00:00Z", for: emsp).status == .created)
            let before = try await http.get(module.owner(tenant, "OBJ1"), token: token).data
            let stale = try await module.create(http, tenant, token: token, "OBJ1", shared: false, lastUpdated: "2024-01-01T00:00:00Z", for: emsp)
            #expect(stale.code == 2001)
            #expect(stale.message.contains("older than the stored"))
            #expect(try await http.get(module.owner(tenant, "OBJ1"), token: token).data == before)
        }
    }

    /// An object that is never replaced (a CDR) refuses a second write with its id, even a newer one, and keeps
    /// what it had: a correction is a new object (a credit CDR), never a change.
    @Test(arguments: ModuleFixture.all.filter { !$0.replaces })
    func anImmutableObjectRefusesASecondWriteAndChangesNothing(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let emsp = TestDatabase.uniqueTenant()
            try await module.prepare(http, tenant, token: token)
            let peer = try await ModuleFixture.registerPeer(pool, party: emsp, granted: [tenant])
            #expect(try await module.create(http, tenant, token: token, "OBJ1", lastUpdated: "2024-06-01T00:00:00Z", for: emsp).status == .created)
            let before = try await http.get(module.owner(tenant, "OBJ1"), token: token).data
            for lastUpdated in ["2025-01-01T00:00:00Z", "2024-06-01T00:00:00Z", "2024-01-01T00:00:00Z"] {
                let again = try await module.create(http, tenant, token: token, "obj1", lastUpdated: lastUpdated, for: emsp)
                #expect(again.code == 2001, "\(lastUpdated)")
                #expect(again.message.contains("exists already"), "\(again.message)")
            }
            #expect(try await http.get(module.owner(tenant, "OBJ1"), token: token).data == before)
            for caller in [token, peer] {
                let list = try await http.get(module.list(for: caller, ownerToken: token), token: caller)
                #expect(Loc.ids(list) == ["OBJ1"])
                #expect(list.header("X-Total-Count") == "1")
            }
        }
    }

    // MARK: Lists

    @Test(arguments: ModuleFixture.all)
    func aPeerListNeedsDateFromOnlyWhereTheModuleSaysSo(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let emsp = TestDatabase.uniqueTenant()
            try await module.prepare(http, tenant, token: token)
            #expect(try await module.create(http, tenant, token: token, "OBJ1", for: emsp).status == .created)
            let peer = try await ModuleFixture.registerPeer(pool, party: emsp, granted: [tenant])
            let bare = try await http.get(module.list(), token: peer)
            if module.peerListNeedsDateFrom {
                #expect(bare.code == 2001)
                #expect(bare.message.contains("date_from is required"), "\(bare.message)")
                #expect(bare.data?.array == nil, "a refused list lists nothing")
            } else {
                #expect(bare.code == 1000)
                #expect(Loc.ids(bare) == ["OBJ1"])
            }
            #expect(Loc.ids(try await http.get(module.peerList(), token: peer)) == ["OBJ1"])
            // The owner's own list never needs it.
            #expect(Loc.ids(try await http.get(module.list(), token: token)) == ["OBJ1"])
        }
    }

    @Test(arguments: ModuleFixture.all)
    func walkingThePagesWhileObjectsChangeYieldsEachOnce(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let emsp = TestDatabase.uniqueTenant()
            try await module.prepare(http, tenant, token: token)
            let ids = (1...7).map { "P\($0)" }
            for id in ids {
                #expect(try await module.create(http, tenant, token: token, id, for: emsp).status == .created)
            }
            var seen: [String] = []
            var next: String? = LocationsApp.publicURL + module.list(query: "limit=3")
            var pages = 0
            while let url = next, pages < 10 {
                let reply = try await http.get(try Loc.follow(url), token: token)
                #expect(reply.header("X-Total-Count") == "7")
                #expect(reply.header("X-Limit") != nil)
                seen += Loc.ids(reply)
                // A change to an object already listed does not move it: paging follows creation order. (A CDR
                // cannot change: for CDRs the walk proves paging alone.)
                if module.replaces {
                    #expect(try await module.create(http, tenant, token: token, seen[0], for: emsp).status == .ok)
                }
                next = reply.nextLink
                pages += 1
            }
            #expect(seen == ids)
            #expect(pages == 3)
        }
    }

    /// The `Link` we hand out reads the next page by key (`after_key`); a client that builds offsets itself reads by
    /// offset. Walked side by side while objects change and new ones arrive, both give the same objects in the
    /// same order, each once. A peer of a module that needs `date_from` names it, and the `Link` keeps it.
    @Test(arguments: ModuleFixture.all)
    func followingLinkAndCountingOffsetsAgreeWhileObjectsChange(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let emsp = TestDatabase.uniqueTenant()
            try await module.prepare(http, tenant, token: token)
            let peer = try await ModuleFixture.registerPeer(pool, party: emsp, granted: [tenant])
            for id in (1...5).map({ "K\($0)" }) {
                #expect(try await module.create(http, tenant, token: token, id, for: emsp).status == .created)
            }
            for caller in [token, peer] {
                var byLink: [String] = []
                var byOffset: [String] = []
                var next: String? = LocationsApp.publicURL + module.list(for: caller, ownerToken: token, query: "limit=2")
                var offset = 0
                var added = 0
                while let url = next, offset < 40 {
                    let linked = try await http.get(try Loc.follow(url), token: caller)
                    let counted = try await http.get(module.list(for: caller, ownerToken: token, query: "limit=2&offset=\(offset)"), token: caller)
                    #expect(linked.code == 1000, "\(linked.message)")
                    byLink += Loc.ids(linked)
                    byOffset += Loc.ids(counted)
                    #expect(linked.header("X-Total-Count") == counted.header("X-Total-Count"))
                    next = linked.nextLink
                    if let next { #expect(next.contains("after_key="), "\(next)") }
                    offset += 2
                    // Between pages: an object already read changes (where objects can change: not CDRs), and a new
                    // one arrives at the end.
                    if module.replaces {
                        #expect(try await module.create(http, tenant, token: token, byLink[0], for: emsp).status == .ok)
                    }
                    if added < 2 {
                        added += 1
                        let id = "K\(caller == token ? "O" : "P")\(added)"
                        #expect(try await module.create(http, tenant, token: token, id, for: emsp).status == .created)
                    }
                }
                #expect(byLink == byOffset)
                #expect(Set(byLink).count == byLink.count, "each object once: \(byLink)")
                #expect(byLink.starts(with: ["K1", "K2", "K3", "K4", "K5"]))
            }
        }
    }

    /// A list that shrinks while a client walks it (an object already read is hidden, or deleted) still leads the
    /// client, by `Link`, to every object after the one it read last. Sessions and CDRs are neither hidden nor
    /// deleted, and cannot move to another token party (refused): their lists never shrink, so they are out.
    @Test(arguments: ModuleFixture.all.filter { $0.canHide || $0.deletes })
    func aShrinkingListDoesNotEndTheWalkEarly(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let emsp = TestDatabase.uniqueTenant()
            try await module.prepare(http, tenant, token: token)
            let peer = try await ModuleFixture.registerPeer(pool, party: emsp, granted: [tenant])
            for id in (1...5).map({ "S\($0)" }) {
                #expect(try await module.create(http, tenant, token: token, id, for: emsp).status == .created)
            }
            var seen: [String] = []
            var next: String? = LocationsApp.publicURL + module.peerList(query: "limit=2")
            var pages = 0
            while let url = next, pages < 10 {
                let reply = try await http.get(try Loc.follow(url), token: peer)
                seen += Loc.ids(reply)
                next = reply.nextLink
                if pages == 0 {
                    let gone =
                        module.canHide
                        ? try await module.create(http, tenant, token: token, "S1", shared: false, for: emsp)
                        : try await http.send(.delete, module.owner(tenant, "S1"), token: token)
                    #expect(gone.status == .ok)
                }
                pages += 1
            }
            #expect(seen == ["S1", "S2", "S3", "S4", "S5"])
        }
    }

    /// An operator who changed rows behind the service's back can have every count made again.
    @Test(arguments: ModuleFixture.all)
    func recountingGivesTheSameTotals(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let emsp = TestDatabase.uniqueTenant()
            try await module.prepare(http, tenant, token: token)
            for (id, shared) in [("R1", true), ("R2", false)] {
                #expect(try await module.create(http, tenant, token: token, id, shared: shared, for: emsp).status == .created)
            }
            let counts = { () async throws -> [String] in
                try await pool.query(
                    """
                    SELECT shared::text || '=' || n FROM ocpi_object_counts
                     WHERE table_name = \(module.segment)::regclass AND country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID)
                     ORDER BY shared
                    """
                ).rows.map { try $0.decode(0, as: String.self) }
            }
            // A module that cannot hide stores every object shared.
            let expected = module.canHide ? ["false=1", "true=1"] : ["true=2"]
            #expect(try await counts() == expected)
            try await pool.query(
                """
                UPDATE ocpi_object_counts SET n = 7
                 WHERE table_name = \(module.segment)::regclass AND country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID)
                """)
            _ = try await pool.query("SELECT ocpi_recount_objects()")
            #expect(try await counts() == expected)
            #expect(try await http.get(module.list(), token: token).header("X-Total-Count") == "2")
        }
    }

    /// Totals come from counts the writes keep, and stay exact as objects are created, hidden and shown. Only
    /// Locations can hide; the others' peer totals are `walkingThePages…`' and `followingLink…`'s.
    @Test(arguments: ModuleFixture.all.filter(\.canHide))
    func totalsStayExactAsObjectsAreHiddenAndShown(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let emsp = TestDatabase.uniqueTenant()
            try await module.prepare(http, tenant, token: token)
            let peer = try await ModuleFixture.registerPeer(pool, party: emsp, granted: [tenant])
            for (id, shared) in [("T1", true), ("T2", true), ("T3", false)] {
                #expect(try await module.create(http, tenant, token: token, id, shared: shared, for: emsp).status == .created)
            }
            func totals() async throws -> (owner: String?, peer: String?) {
                (try await http.get(module.list(query: "limit=1"), token: token).header("X-Total-Count"),
                 try await http.get(module.peerList(query: "limit=1"), token: peer).header("X-Total-Count"))
            }
            #expect(try await totals() == ("3", "2"))
            _ = try await module.create(http, tenant, token: token, "T1", shared: false, for: emsp)
            #expect(try await totals() == ("3", "1"))
            _ = try await module.create(http, tenant, token: token, "T3", for: emsp)
            _ = try await module.create(http, tenant, token: token, "T3", for: emsp)
            #expect(try await totals() == ("3", "2"))
            let bad = try await http.get(module.peerList(query: "after_key=-1"), token: peer)
            #expect(bad.status == .badRequest)
        }
    }

    // MARK: Deletion

    /// A deleted object is gone for its owner and every peer, and from the totals; only its owner can delete it, and
    /// its id can be used again. Sessions and CDRs are never deleted (the billing record of a charge stays), so only
    /// the modules that serve DELETE are in.
    @Test(arguments: ModuleFixture.all.filter(\.deletes))
    func deletingAnObjectRemovesItForEveryoneAndOnlyItsOwnerCan(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let (_, otherToken) = try await TestDatabase.createTenant(pool)
            let emsp = TestDatabase.uniqueTenant()
            try await module.prepare(http, tenant, token: token)
            let peer = try await ModuleFixture.registerPeer(pool, party: emsp, granted: [tenant])
            for id in ["D1", "D2"] {
                #expect(try await module.create(http, tenant, token: token, id, for: emsp).status == .created)
            }
            #expect(try await http.send(.delete, module.owner(tenant, "D1"), token: otherToken).status == .notFound)
            let byPeer = try await http.send(.delete, module.peer("D1"), token: peer)
            #expect(byPeer.status == .methodNotAllowed)
            #expect(byPeer.header("Allow") == "GET")
            #expect(try await http.get(module.peer("D1"), token: peer).status == .ok, "refused deletions change nothing")

            let deleted = try await http.send(.delete, module.owner(tenant, "D1"), token: token)
            #expect(deleted.status == .ok)
            #expect(deleted.code == 1000)
            #expect(try await http.get(module.owner(tenant, "D1"), token: token).status == .notFound)
            #expect(try await http.get(module.peer("D1"), token: peer).status == .notFound)
            for caller in [token, peer] {
                let list = try await http.get(module.list(for: caller, ownerToken: token), token: caller)
                #expect(Loc.ids(list) == ["D2"])
                #expect(list.header("X-Total-Count") == "1")
            }
            let again = try await http.send(.delete, module.owner(tenant, "D1"), token: token)
            #expect(again.status == .notFound)
            #expect(again.message.contains("unknown"))
            #expect(try await module.create(http, tenant, token: token, "D1", for: emsp).status == .created)
        }
    }

    @Test(arguments: ModuleFixture.all)
    func dateFiltersSelectByLastUpdated(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let emsp = TestDatabase.uniqueTenant()
            try await module.prepare(http, tenant, token: token)
            for (id, date) in [("OLD", "2023-01-01T00:00:00Z"), ("MID", "2024-01-01T00:00:00Z"), ("NEW", "2025-01-01T00:00:00Z")] {
                #expect(try await module.create(http, tenant, token: token, id, lastUpdated: date, for: emsp).status == .created)
            }
            let peer = try await ModuleFixture.registerPeer(pool, party: emsp, granted: [tenant])
            for caller in [token, peer] {
                let query = "date_from=2024-01-01T00:00:00Z&date_to=2025-01-01T00:00:00Z"
                let reply = try await http.get(module.list(for: caller, ownerToken: token, query: query), token: caller)
                #expect(Loc.ids(reply) == ["MID"], "date_from is inclusive, date_to exclusive")
                #expect(reply.header("X-Total-Count") == "1")
            }
        }
    }
}
