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
@Suite struct DataModuleBehaviourTests {
    // MARK: Tenancy

    @Test(arguments: ModuleFixture.all)
    func anotherTenantsOwnerTokenReachesNothing(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let (other, otherToken) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(module.owner(tenant, "OBJ1"), token: token, module.object(tenant, "OBJ1", true, nil)).status == .created)

            let before = try await http.get(module.owner(tenant, "OBJ1"), token: token).data
            // The other tenant names the first tenant's object: every method is refused, nothing changes.
            #expect(try await http.get(module.owner(tenant, "OBJ1"), token: otherToken).status == .notFound)
            #expect(try await http.put(module.owner(tenant, "OBJ1"), token: otherToken, module.object(tenant, "OBJ1", false, nil)).status == .notFound)
            if let patch = module.patch {
                #expect(try await http.patch(module.owner(tenant, "OBJ1"), token: otherToken, patch.body).status == .notFound)
            }
            #expect(try await http.get(module.owner(tenant, "OBJ1"), token: token).data == before)
            // Under its own URL, a body naming the first tenant is refused and stores nothing.
            let foreign = try await http.put(module.owner(other, "OBJ2"), token: otherToken, module.object(tenant, "OBJ2", true, nil))
            #expect(foreign.code == 2001)
            #expect(try await http.get(module.owner(other, "OBJ2"), token: otherToken).status == .notFound)
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
            let id = "OBJ\(UInt16.random(in: 1000...9999))"
            #expect(try await http.put(module.owner(granted, id + "A"), token: grantedToken, module.object(granted, id + "A", true, nil)).status == .created)
            #expect(try await http.put(module.owner(other, id + "B"), token: otherToken, module.object(other, id + "B", true, nil)).status == .created)
            let peer = try await Loc.registerPeer(pool, granted: [granted])

            #expect(try await http.get(module.peer(id + "A"), token: peer).status == .ok)
            let ungranted = try await http.get(module.peer(id + "B"), token: peer)
            #expect(ungranted.status == .notFound)
            let listed = Loc.ids(try await http.get(module.list(), token: peer))
            #expect(listed.contains(id + "A") && !listed.contains(id + "B"))
            #expect(try await http.get(module.peer(id + "B"), token: peer, headers: Loc.routing(to: other)).status == .notFound)
            // What its tenant does not share, a granted peer neither reads nor lists; a '*' peer reads every tenant.
            if module.canHide {
                #expect(try await http.put(module.owner(granted, id + "C"), token: grantedToken, module.object(granted, id + "C", false, nil)).status == .created)
                #expect(try await http.get(module.peer(id + "C"), token: peer).status == .notFound)
                #expect(!Loc.ids(try await http.get(module.list(), token: peer)).contains(id + "C"))
            }
            let everywhere = try await Loc.registerPeer(pool, granted: nil)
            #expect(try await http.get(module.peer(id + "A"), token: everywhere).status == .ok)
            #expect(try await http.get(module.peer(id + "B"), token: everywhere).status == .ok)
            if module.canHide { #expect(try await http.get(module.peer(id + "C"), token: everywhere).status == .notFound) }
            // The owner's address space is not the peer's, and the Sender interface is read-only.
            #expect(try await http.get(module.owner(granted, id + "A"), token: peer).status == .notFound)
            #expect(try await http.put(module.owner(granted, id + "A"), token: peer, module.object(granted, id + "A", true, nil)).status == .methodNotAllowed)
            if let patch = module.patch {
                #expect(try await http.patch(module.peer(id + "A"), token: peer, patch.body).status == .methodNotAllowed)
            }
        }
    }

    @Test(arguments: ModuleFixture.all)
    func aRegistrationTokenGets401Everywhere(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let tokenA = try await pool.query("SELECT ocpi_admin.create_registration(\(tenant.description))").first!.decode(0, as: String.self)
            #expect(try await http.get(module.list(), token: tokenA).status == .unauthorized)
            #expect(try await http.get(module.peer("OBJ1"), token: tokenA).status == .unauthorized)
            #expect(try await http.put(module.owner(tenant, "OBJ1"), token: tokenA, module.object(tenant, "OBJ1", true, nil)).status == .unauthorized)
            if let patch = module.patch {
                #expect(try await http.patch(module.owner(tenant, "OBJ1"), token: tokenA, patch.body).status == .unauthorized)
            }
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
            #expect(try await http.put(module.owner(tenant, "OBJ1", version: "2.2.1"), token: token, module.object(tenant, "OBJ1", true, nil)).status == .created)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            for version in ["2.2.1", "2.3.0"] {
                let owner = try await http.get(module.owner(tenant, "OBJ1", version: version), token: token)
                let shared = try await http.get(module.peer("OBJ1", version: version), token: peer)
                #expect(owner.data?["id"]?.string == "OBJ1", "\(version)")
                #expect(shared.data == owner.data, "a peer reads what the owner stored, as \(version) renders it")
            }
        }
    }

    @Test(arguments: ModuleFixture.all)
    func aStaleWriteIsRefusedAndChangesNothing(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(module.owner(tenant, "OBJ1"), token: token, module.object(tenant, "OBJ1", true, "2024-06-01T00:00:00Z")).status == .created)
            let before = try await http.get(module.owner(tenant, "OBJ1"), token: token).data
            let stale = try await http.put(module.owner(tenant, "OBJ1"), token: token, module.object(tenant, "OBJ1", false, "2024-01-01T00:00:00Z"))
            #expect(stale.code == 2001)
            #expect(stale.message.contains("older than the stored"))
            #expect(try await http.get(module.owner(tenant, "OBJ1"), token: token).data == before)
        }
    }

    // MARK: Lists

    @Test(arguments: ModuleFixture.all)
    func walkingThePagesWhileObjectsChangeYieldsEachOnce(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let ids = (1...7).map { "P\($0)" }
            for id in ids {
                #expect(try await http.put(module.owner(tenant, id), token: token, module.object(tenant, id, true, nil)).status == .created)
            }
            var seen: [String] = []
            var next: String? = LocationsApp.publicURL + module.list(query: "limit=3")
            var pages = 0
            while let url = next, pages < 10 {
                let reply = try await http.get(try Loc.follow(url), token: token)
                #expect(reply.header("X-Total-Count") == "7")
                #expect(reply.header("X-Limit") != nil)
                seen += Loc.ids(reply)
                // A change to an object already listed does not move it: paging follows creation order.
                _ = try await http.put(module.owner(tenant, seen[0]), token: token, module.object(tenant, seen[0], true, nil))
                next = reply.nextLink
                pages += 1
            }
            #expect(seen == ids)
            #expect(pages == 3)
        }
    }

    /// The `Link` we hand out reads the next page by key (`after_key`); a client that builds offsets itself reads by
    /// offset. Walked side by side while objects change and new ones arrive, both give the same objects in the
    /// same order, each once.
    @Test(arguments: ModuleFixture.all)
    func followingLinkAndCountingOffsetsAgreeWhileObjectsChange(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            for id in (1...5).map({ "K\($0)" }) {
                #expect(try await http.put(module.owner(tenant, id), token: token, module.object(tenant, id, true, nil)).status == .created)
            }
            for caller in [token, peer] {
                var byLink: [String] = []
                var byOffset: [String] = []
                var next: String? = LocationsApp.publicURL + module.list(query: "limit=2")
                var offset = 0
                var added = 0
                while let url = next, offset < 40 {
                    let linked = try await http.get(try Loc.follow(url), token: caller)
                    let counted = try await http.get(module.list(query: "limit=2&offset=\(offset)"), token: caller)
                    byLink += Loc.ids(linked)
                    byOffset += Loc.ids(counted)
                    #expect(linked.header("X-Total-Count") == counted.header("X-Total-Count"))
                    next = linked.nextLink
                    if let next { #expect(next.contains("after_key="), "\(next)") }
                    offset += 2
                    // Between pages: an object already read changes, and a new one arrives at the end.
                    _ = try await http.put(module.owner(tenant, byLink[0]), token: token, module.object(tenant, byLink[0], true, nil))
                    if added < 2 {
                        added += 1
                        let id = "K\(caller == token ? "O" : "P")\(added)"
                        #expect(try await http.put(module.owner(tenant, id), token: token, module.object(tenant, id, true, nil)).status == .created)
                    }
                }
                #expect(byLink == byOffset)
                #expect(Set(byLink).count == byLink.count, "each object once: \(byLink)")
                #expect(byLink.starts(with: ["K1", "K2", "K3", "K4", "K5"]))
            }
        }
    }

    /// A list that shrinks while a client walks it (an object already read is hidden, or deleted) still leads the
    /// client, by `Link`, to every object after the one it read last.
    @Test(arguments: ModuleFixture.all.filter { $0.canHide || $0.deletes })
    func aShrinkingListDoesNotEndTheWalkEarly(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            for id in (1...5).map({ "S\($0)" }) {
                #expect(try await http.put(module.owner(tenant, id), token: token, module.object(tenant, id, true, nil)).status == .created)
            }
            var seen: [String] = []
            var next: String? = LocationsApp.publicURL + module.list(query: "limit=2")
            var pages = 0
            while let url = next, pages < 10 {
                let reply = try await http.get(try Loc.follow(url), token: peer)
                seen += Loc.ids(reply)
                next = reply.nextLink
                if pages == 0 {
                    let gone =
                        module.canHide
                        ? try await http.put(module.owner(tenant, "S1"), token: token, module.object(tenant, "S1", false, nil))
                        : try await http.send(.delete, module.owner(tenant, "S1"), token: token)
                    #expect(gone.status == .ok)
                }
                pages += 1
            }
            #expect(seen == ["S1", "S2", "S3", "S4", "S5"])
        }
    }

    /// An operator who changed rows behind the service's back can have every count made again.
    @Test func recountingGivesTheSameTotals() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let module = ModuleFixture.locations
            for (id, shared) in [("R1", true), ("R2", false)] {
                #expect(try await http.put(module.owner(tenant, id), token: token, module.object(tenant, id, shared, nil)).status == .created)
            }
            let counts = { () async throws -> [String] in
                try await pool.query(
                    "SELECT shared::text || '=' || n FROM ocpi_object_counts WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID) ORDER BY shared"
                ).rows.map { try $0.decode(0, as: String.self) }
            }
            #expect(try await counts() == ["false=1", "true=1"])
            try await pool.query("UPDATE ocpi_object_counts SET n = 7 WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID)")
            _ = try await pool.query("SELECT ocpi_recount_objects()")
            #expect(try await counts() == ["false=1", "true=1"])
            #expect(try await http.get(module.list(), token: token).header("X-Total-Count") == "2")
        }
    }

    /// Totals come from counts the writes keep, and stay exact as objects are created, hidden and shown.
    @Test(arguments: ModuleFixture.all.filter(\.canHide))
    func totalsStayExactAsObjectsAreHiddenAndShown(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            for (id, shared) in [("T1", true), ("T2", true), ("T3", false)] {
                #expect(try await http.put(module.owner(tenant, id), token: token, module.object(tenant, id, shared, nil)).status == .created)
            }
            func totals() async throws -> (owner: String?, peer: String?) {
                (try await http.get(module.list(query: "limit=1"), token: token).header("X-Total-Count"),
                 try await http.get(module.list(query: "limit=1"), token: peer).header("X-Total-Count"))
            }
            #expect(try await totals() == ("3", "2"))
            _ = try await http.put(module.owner(tenant, "T1"), token: token, module.object(tenant, "T1", false, nil))
            #expect(try await totals() == ("3", "1"))
            _ = try await http.put(module.owner(tenant, "T3"), token: token, module.object(tenant, "T3", true, nil))
            _ = try await http.put(module.owner(tenant, "T3"), token: token, module.object(tenant, "T3", true, nil))
            #expect(try await totals() == ("3", "2"))
            let bad = try await http.get(module.list(query: "after_key=-1"), token: peer)
            #expect(bad.status == .badRequest)
        }
    }

    // MARK: Deletion

    /// A deleted object is gone for its owner and every peer, and from the totals; only its owner can delete it, and
    /// its id can be used again.
    @Test(arguments: ModuleFixture.all.filter(\.deletes))
    func deletingAnObjectRemovesItForEveryoneAndOnlyItsOwnerCan(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let (_, otherToken) = try await TestDatabase.createTenant(pool)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            for id in ["D1", "D2"] {
                #expect(try await http.put(module.owner(tenant, id), token: token, module.object(tenant, id, true, nil)).status == .created)
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
                let list = try await http.get(module.list(), token: caller)
                #expect(Loc.ids(list) == ["D2"])
                #expect(list.header("X-Total-Count") == "1")
            }
            let again = try await http.send(.delete, module.owner(tenant, "D1"), token: token)
            #expect(again.status == .notFound)
            #expect(again.message.contains("unknown"))
            #expect(try await http.put(module.owner(tenant, "D1"), token: token, module.object(tenant, "D1", true, nil)).status == .created)
        }
    }

    @Test(arguments: ModuleFixture.all)
    func dateFiltersSelectByLastUpdated(_ module: ModuleFixture) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            for (id, date) in [("OLD", "2023-01-01T00:00:00Z"), ("MID", "2024-01-01T00:00:00Z"), ("NEW", "2025-01-01T00:00:00Z")] {
                #expect(try await http.put(module.owner(tenant, id), token: token, module.object(tenant, id, true, date)).status == .created)
            }
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            for caller in [token, peer] {
                let reply = try await http.get(module.list(query: "date_from=2024-01-01T00:00:00Z&date_to=2025-01-01T00:00:00Z"), token: caller)
                #expect(Loc.ids(reply) == ["MID"], "date_from is inclusive, date_to exclusive")
                #expect(reply.header("X-Total-Count") == "1")
            }
        }
    }
}
