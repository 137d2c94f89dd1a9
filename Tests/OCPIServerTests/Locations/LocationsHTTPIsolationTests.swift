import HTTPTypes
import OCPIModel
import PGClient
import Testing
import TestSupport

/// Tenant isolation on every Locations route: an owner token only ever reaches its own tenant's rows, a peer only
/// the shared rows of the tenants it is granted, and the routing headers narrow (never widen) that scope.
@Suite(.timeLimit(.minutes(1)))
struct LocationsHTTPIsolationTests {
    /// A tenant with one published location `id` holding EVSE `E1` with connector `1`.
    static func tenantWithLocation(
        _ http: LocationsClient, _ pool: PGPool, id: String = "L1", name: String = "Site", publish: Bool = true, extra: String = ""
    ) async throws -> (tenant: TenantID, token: String) {
        let (tenant, token) = try await TestDatabase.createTenant(pool)
        try await put(http, tenant, token, id: id, name: name, publish: publish, extra: extra)
        return (tenant, token)
    }

    static func put(
        _ http: LocationsClient, _ tenant: TenantID, _ token: String, id: String, name: String = "Site", publish: Bool = true, extra: String = ""
    ) async throws {
        let reply = try await http.put(
            Loc.owner(tenant, id), token: token,
            Bodies.location(tenant, id, publish: publish, evses: [Bodies.evse("E1")], name: name, extra: extra))
        #expect(reply.code == 1000, "\(reply.message)")
    }

    /// Tenant A's owner token against B's paths, every method and level: refused, and neither B's nor A's data
    /// changes (A owns a location with the same id, which must not be touched either).
    @Test func anOwnerTokenCannotReachAnotherTenantsPaths() async throws {
        try await LocationsApp.run { http, pool in
            let (a, tokenA) = try await Self.tenantWithLocation(http, pool, name: "A's site")
            let (b, tokenB) = try await Self.tenantWithLocation(http, pool, name: "B's site")
            let bBefore = try await http.get(Loc.owner(b, "L1"), token: tokenB).data
            let aBefore = try await http.get(Loc.owner(a, "L1"), token: tokenA).data
            #expect(bBefore?["name"]?.string == "B's site")

            let requests: [(HTTPRequest.Method, String, String?)] = [
                (.get, Loc.owner(b, "L1"), nil),
                (.get, Loc.owner(b, "L1", "E1"), nil),
                (.get, Loc.owner(b, "L1", "E1", "1"), nil),
                (.put, Loc.owner(b, "L1"), Bodies.location(b, "L1", name: "hijacked")),
                (.put, Loc.owner(b, "L2"), Bodies.location(b, "L2", name: "planted")),
                (.put, Loc.owner(b, "L1", "E1"), Bodies.evse("E1", status: "BLOCKED")),
                (.put, Loc.owner(b, "L1", "E2"), Bodies.evse("E2")),
                (.put, Loc.owner(b, "L1", "E1", "1"), Bodies.connector("1").replacing("230", with: "999")),
                (.put, Loc.owner(b, "L1", "E1", "2"), Bodies.connector("2")),
                (.patch, Loc.owner(b, "L1"), #"{"name": "hijacked"}"#),
                (.patch, Loc.owner(b, "L1", "E1"), #"{"status": "BLOCKED"}"#),
                (.patch, Loc.owner(b, "L1", "E1", "1"), #"{"max_voltage": 999}"#),
                // The same with A's own country/party in the body does not help either.
                (.put, Loc.owner(b, "L1"), Bodies.location(a, "L1", name: "hijacked")),
            ]
            for (method, uri, body) in requests {
                let reply = try await http.send(method, uri, token: tokenA, body: body)
                #expect(reply.status == .notFound, "\(method) \(uri)")
                #expect(reply.code != 1000, "\(method) \(uri)")
                #expect(reply.data == nil, "\(method) \(uri) leaked \(String(describing: reply.data))")
                #expect(reply.message.contains(b.description), "\(reply.message)")
            }
            // Also with B's tenant in lower case, as CiStrings allow.
            let lower = "/ocpi/cpo/2.3.0/locations/\(b.countryCode.lowercased())/\(b.partyID.lowercased())/L1"
            #expect(try await http.get(lower, token: tokenA).status == .notFound)
            #expect(try await http.patch(lower, token: tokenA, #"{"name": "hijacked"}"#).status == .notFound)

            #expect(try await http.get(Loc.owner(b, "L1"), token: tokenB).data == bBefore)
            #expect(Loc.ids(try await http.get(Loc.list(), token: tokenB)) == ["L1"])
            #expect(try await http.get(Loc.owner(a, "L1"), token: tokenA).data == aBefore)
            #expect(Loc.ids(try await http.get(Loc.list(), token: tokenA)) == ["L1"])
        }
    }

    /// An owner naming another tenant in OCPI-to-* is refused, on the list and on its own paths.
    @Test func anOwnerCannotNameAnotherTenantInRoutingHeaders() async throws {
        try await LocationsApp.run { http, pool in
            let (a, tokenA) = try await Self.tenantWithLocation(http, pool)
            let (b, _) = try await Self.tenantWithLocation(http, pool, id: "BONLY")
            let list = try await http.get(Loc.list(), token: tokenA, headers: Loc.routing(to: b))
            #expect(list.status == .notFound)
            #expect(list.data == nil)
            let single = try await http.get(Loc.owner(a, "L1"), token: tokenA, headers: Loc.routing(to: b))
            #expect(single.status == .notFound)
            #expect(single.data == nil)
            // Naming itself is fine and answered with OCPI-from = itself.
            let own = try await http.get(Loc.list(), token: tokenA, headers: Loc.routing(to: a))
            #expect(Loc.ids(own) == ["L1"])
            #expect(own.header("OCPI-from-country-code") == a.countryCode)
            #expect(own.header("OCPI-from-party-id") == a.partyID)
        }
    }

    /// The owner's list: its own locations, published, unpublished and restricted alike, and nobody else's.
    @Test func theOwnerListHasAllOwnLocationsAndNoOthers() async throws {
        try await LocationsApp.run { http, pool in
            let (a, tokenA) = try await Self.tenantWithLocation(http, pool, id: "PUB")
            try await Self.put(http, a, tokenA, id: "PRIVATE", publish: false)
            try await Self.put(http, a, tokenA, id: "RESTRICTED", publish: false, extra: #", "publish_allowed_to": [{"group_id": "FLEET1"}]"#)
            let (b, tokenB) = try await Self.tenantWithLocation(http, pool, id: "BPUB")
            try await Self.put(http, b, tokenB, id: "BPRIVATE", publish: false)

            let listA = try await http.get(Loc.list(), token: tokenA)
            #expect(Loc.ids(listA) == ["PUB", "PRIVATE", "RESTRICTED"])
            #expect(listA.header("X-Total-Count") == "3")
            #expect((listA.data?.array ?? []).allSatisfy { $0["party_id"]?.string == a.partyID && $0["country_code"]?.string == a.countryCode })
            #expect(listA.header("OCPI-from-country-code") == a.countryCode)
            #expect(listA.header("OCPI-from-party-id") == a.partyID)
            let listB = try await http.get(Loc.list(), token: tokenB)
            #expect(Loc.ids(listB) == ["BPUB", "BPRIVATE"])
            #expect(listB.header("X-Total-Count") == "2")
            // And on the other version's endpoint too.
            #expect(Loc.ids(try await http.get(Loc.list(version: "2.2.1"), token: tokenA)) == ["PUB", "PRIVATE", "RESTRICTED"])
        }
    }

    /// A peer granted only A never sees B, even B's published locations: not in the list, not by id at any level, not
    /// by naming B in OCPI-to-*.
    @Test func aPeerNotGrantedATenantSeesNoneOfIt() async throws {
        try await LocationsApp.run { http, pool in
            let (a, _) = try await Self.tenantWithLocation(http, pool, id: "AONLY")
            let (b, _) = try await Self.tenantWithLocation(http, pool, id: "BONLY")
            let peer = try await Loc.registerPeer(pool, granted: [a])

            let list = try await http.get(Loc.list(), token: peer)
            #expect(Loc.ids(list) == ["AONLY"])
            #expect(list.header("X-Total-Count") == "1")
            for ids in [["BONLY"], ["BONLY", "E1"], ["BONLY", "E1", "1"]] {
                let uri = "/ocpi/cpo/2.3.0/locations/" + ids.joined(separator: "/")
                let reply = try await http.get(uri, token: peer)
                #expect(reply.status == .notFound, "\(uri)")
                #expect(reply.code == 2003, "\(uri)")
                #expect(reply.data == nil)
            }
            for uri in [Loc.list(), Loc.peer("BONLY"), Loc.peer("BONLY", "E1")] {
                let named = try await http.get(uri, token: peer, headers: Loc.routing(to: b))
                #expect(named.status == .notFound, "\(uri)")
                #expect(named.data == nil)
                #expect(named.message.contains("not granted"), "\(named.message)")
            }
            // Nor through the owner-shaped (Receiver) URL with B's tenant segments.
            let receiverShaped = try await http.get(Loc.owner(b, "BONLY"), token: peer)
            #expect(receiverShaped.status == .notFound)
            #expect(receiverShaped.data == nil)
        }
    }

    /// A peer granted a tenant with no shared locations sees an empty list and 404s, even though other tenants
    /// have published locations with the same ids.
    @Test func aPeerOfAnEmptyTenantSeesNothing() async throws {
        try await LocationsApp.run { http, pool in
            let (empty, _) = try await TestDatabase.createTenant(pool)
            _ = try await Self.tenantWithLocation(http, pool, id: "L1")
            let peer = try await Loc.registerPeer(pool, granted: [empty])
            let list = try await http.get(Loc.list(), token: peer)
            #expect(list.status == .ok)
            #expect(list.data == .array([]))
            #expect(list.header("X-Total-Count") == "0")
            #expect(try await http.get(Loc.peer("L1"), token: peer).code == 2003)
        }
    }

    /// publish=false without publish_allowed_to stays with its tenant; with publish_allowed_to it is shared, so the
    /// EMSP can show it to matching token holders.
    @Test func publishFlagsDecideWhatPeersSee() async throws {
        try await LocationsApp.run { http, pool in
            let (a, tokenA) = try await Self.tenantWithLocation(http, pool, id: "PUB")
            try await Self.put(http, a, tokenA, id: "PRIVATE", publish: false)
            try await Self.put(
                http, a, tokenA, id: "RESTRICTED", publish: false,
                extra: #", "publish_allowed_to": [{"uid": "TOKEN123", "type": "RFID"}, {"visual_number": "NL-ABC-1", "issuer": "ACME"}]"#)
            let peer = try await Loc.registerPeer(pool, granted: [a])

            let list = try await http.get(Loc.list(), token: peer)
            #expect(Loc.ids(list) == ["PUB", "RESTRICTED"])
            #expect(list.header("X-Total-Count") == "2")
            for ids in [["PRIVATE"], ["PRIVATE", "E1"], ["PRIVATE", "E1", "1"]] {
                let reply = try await http.get("/ocpi/cpo/2.3.0/locations/" + ids.joined(separator: "/"), token: peer)
                #expect(reply.status == .notFound, "\(ids)")
                #expect(reply.code == 2003)
            }
            let restricted = try await http.get(Loc.peer("RESTRICTED"), token: peer)
            #expect(restricted.code == 1000)
            #expect(restricted.data?["publish"]?.bool == false)
            #expect(restricted.data?["publish_allowed_to"] == (try Loc.json(
                #"[{"uid": "TOKEN123", "type": "RFID"}, {"visual_number": "NL-ABC-1", "issuer": "ACME"}]"#)))
            #expect(try await http.get(Loc.peer("RESTRICTED", "E1", "1"), token: peer).code == 1000)

            // Unpublishing hides a location at once; publishing shows it.
            #expect(try await http.patch(Loc.owner(a, "PUB"), token: tokenA, #"{"publish": false}"#).code == 1000)
            #expect(try await http.get(Loc.peer("PUB"), token: peer).code == 2003)
            #expect(try await http.patch(Loc.owner(a, "PRIVATE"), token: tokenA, #"{"publish": true}"#).code == 1000)
            #expect(try await http.get(Loc.peer("PRIVATE"), token: peer).code == 1000)
            #expect(Loc.ids(try await http.get(Loc.list(), token: peer)) == ["PRIVATE", "RESTRICTED"])
        }
    }

    /// A peer granted A and B: the list is the union, each object naming its owner; OCPI-to-* narrows to one tenant
    /// and is answered with OCPI-from-* = that tenant (and OCPI-to-* = the peer's party it named).
    @Test func routingHeadersNarrowAPeersScope() async throws {
        try await LocationsApp.run { http, pool in
            let (a, tokenA) = try await Self.tenantWithLocation(http, pool, id: "A1")
            try await Self.put(http, a, tokenA, id: "A2")
            let (b, _) = try await Self.tenantWithLocation(http, pool, id: "B1")
            let (c, _) = try await Self.tenantWithLocation(http, pool, id: "C1")
            let (peer, party) = try await Loc.peerWithParty(pool, granted: [a, b])

            let union = try await http.get(Loc.list(), token: peer)
            #expect(Set(Loc.ids(union)) == ["A1", "A2", "B1"])
            #expect(union.header("X-Total-Count") == "3")
            for location in union.data?.array ?? [] {
                let owner = location["id"]?.string?.hasPrefix("A") == true ? a : b
                #expect(location["country_code"]?.string == owner.countryCode)
                #expect(location["party_id"]?.string == owner.partyID)
            }

            var headers = Loc.routing(to: b)
            headers[HTTPField.Name("OCPI-from-country-code")!] = party.countryCode
            headers[HTTPField.Name("OCPI-from-party-id")!] = party.partyID
            let onlyB = try await http.get(Loc.list(), token: peer, headers: headers)
            #expect(Loc.ids(onlyB) == ["B1"])
            #expect(onlyB.header("X-Total-Count") == "1")
            #expect(onlyB.header("OCPI-from-country-code") == b.countryCode)
            #expect(onlyB.header("OCPI-from-party-id") == b.partyID)
            #expect(onlyB.header("OCPI-to-country-code") == party.countryCode)
            #expect(onlyB.header("OCPI-to-party-id") == party.partyID)

            let onlyA = try await http.get(Loc.list(), token: peer, headers: Loc.routing(to: a))
            #expect(Loc.ids(onlyA) == ["A1", "A2"])
            #expect(onlyA.header("OCPI-from-party-id") == a.partyID)
            // A's location is not found when the request names B.
            #expect(try await http.get(Loc.peer("A1"), token: peer, headers: Loc.routing(to: b)).code == 2003)

            // A single object is answered by its owner, with or without routing headers.
            let single = try await http.get(Loc.peer("B1", "E1"), token: peer)
            #expect(single.code == 1000)
            #expect(single.header("OCPI-from-country-code") == b.countryCode)
            #expect(single.header("OCPI-from-party-id") == b.partyID)

            // Naming a tenant the peer is not granted is refused.
            let refused = try await http.get(Loc.list(), token: peer, headers: Loc.routing(to: c))
            #expect(refused.status == .notFound)
            #expect(refused.data == nil)
            #expect(refused.message.contains("not granted"), "\(refused.message)")
            // Naming itself as another party than its own is refused too.
            var spoofed = Loc.routing(to: a)
            spoofed[HTTPField.Name("OCPI-from-country-code")!] = c.countryCode
            spoofed[HTTPField.Name("OCPI-from-party-id")!] = c.partyID
            let spoof = try await http.get(Loc.list(), token: peer, headers: spoofed)
            #expect(spoof.code == 2001)
            #expect(spoof.data == nil)
        }
    }

    /// The same location id at two granted tenants: without OCPI-to-* the request is ambiguous (2001 naming both);
    /// with it, the named tenant's object, never the other's.
    @Test func aLocationIdSharedByTwoTenantsNeedsRoutingHeaders() async throws {
        try await LocationsApp.run { http, pool in
            let (a, _) = try await Self.tenantWithLocation(http, pool, id: "SAME", name: "A's")
            let (b, _) = try await Self.tenantWithLocation(http, pool, id: "same", name: "B's")
            let peer = try await Loc.registerPeer(pool, granted: [a, b])
            let ambiguous = try await http.get(Loc.peer("Same"), token: peer)
            #expect(ambiguous.code == 2001)
            #expect(ambiguous.data == nil)
            #expect(ambiguous.message.contains(a.description) && ambiguous.message.contains(b.description), "\(ambiguous.message)")
            let fromA = try await http.get(Loc.peer("Same"), token: peer, headers: Loc.routing(to: a))
            #expect(fromA.data?["name"]?.string == "A's")
            #expect(fromA.data?["id"]?.string == "SAME")
            let fromB = try await http.get(Loc.peer("Same", "E1"), token: peer, headers: Loc.routing(to: b))
            #expect(fromB.code == 1000)
            #expect(fromB.header("OCPI-from-party-id") == b.partyID)
            #expect(try await http.get(Loc.peer("Same"), token: peer, headers: Loc.routing(to: b)).data?["name"]?.string == "B's")
        }
    }

    /// A '*' grant covers every tenant, and OCPI-to-* still narrows it to one.
    @Test func aWildcardPeerIsNarrowedByRoutingHeaders() async throws {
        try await LocationsApp.run { http, pool in
            let (a, tokenA) = try await Self.tenantWithLocation(http, pool, id: "W1")
            try await Self.put(http, a, tokenA, id: "W2", publish: false)
            let (b, _) = try await Self.tenantWithLocation(http, pool, id: "W3")
            let peer = try await Loc.registerPeer(pool, granted: nil)
            #expect(Loc.ids(try await http.get(Loc.list(), token: peer, headers: Loc.routing(to: a))) == ["W1"])
            #expect(Loc.ids(try await http.get(Loc.list(), token: peer, headers: Loc.routing(to: b))) == ["W3"])
            #expect(try await http.get(Loc.peer("W2"), token: peer).code == 2003)
        }
    }

    /// Token A (registration) is refused on Locations with 401, and a PUT with it stores nothing; so is an unknown
    /// token.
    @Test func registrationAndUnknownTokensGet401() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Self.tenantWithLocation(http, pool)
            let tokenA = try await pool.query("SELECT ocpi_admin.create_registration(\(tenant.description))").first!.decode(0, as: String.self)
            for badToken in [tokenA, "no-such-token"] {
                for (method, uri, body) in [
                    (HTTPRequest.Method.get, Loc.list(), nil), (.get, Loc.peer("L1"), nil), (.get, Loc.owner(tenant, "L1"), nil),
                    (.put, Loc.owner(tenant, "NEW"), Bodies.location(tenant, "NEW")),
                    (.patch, Loc.owner(tenant, "L1"), #"{"name": "x"}"#),
                ] as [(HTTPRequest.Method, String, String?)] {
                    let reply = try await http.send(method, uri, token: badToken, body: body)
                    #expect(reply.status == .unauthorized, "\(method) \(uri)")
                    #expect(reply.data == nil)
                }
            }
            #expect(Loc.ids(try await http.get(Loc.list(), token: token)) == ["L1"])
            #expect(try await http.get(Loc.owner(tenant, "L1"), token: token).data?["name"]?.string == "Site")
        }
    }
}
