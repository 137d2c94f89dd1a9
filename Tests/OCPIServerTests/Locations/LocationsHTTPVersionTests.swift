import Foundation
import HTTPTypes
import OCPIModel
import PGClient
import Testing
import TestSupport

/// Objects stored once and rendered per version; the Receiver's statuses (201/200, 404 with 2003, 405 for peers);
/// and the documented decision that a re-PUT keeps left-out EVSEs as REMOVED.
@Suite(.timeLimit(.minutes(1)))
struct LocationsHTTPVersionTests {
    /// A 2.3.0 location using every field 2.3.0 added.
    static func full230(_ tenant: TenantID) -> String {
        let connector = Bodies.connector("1", extra: #", "capabilities": ["ISO_15118_2_PLUG_AND_CHARGE"]"#)
        let evse = Bodies.evse(
            "E1", connectors: [connector],
            extra: #", "parking": [{"parking_id": "P1", "evse_position": "LEFT"}], "accepted_service_providers": ["Shell Recharge"]"#)
        return Bodies.location(
            tenant, "L1", evses: [evse],
            extra: #", "help_phone": "+4930123456", "parking_places": [{"id": "P1", "vehicle_types": ["PERSONAL_VEHICLE"], "restricted_to_type": false, "reservation_required": false}]"#)
    }

    /// 2.3.0-only fields are served on /2.3.0/ and absent on /2.2.1/, at every level, for the owner and for peers;
    /// everything else is identical.
    @Test func twoThreeOnlyFieldsAreAbsentOn221() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let put = try await http.put(Loc.owner(tenant, "L1"), token: token, Self.full230(tenant))
            #expect(put.code == 1000, "\(put.message)")
            let peer = try await Loc.registerPeer(pool, granted: [tenant])

            for caller in [token, peer] {
                func get(_ version: String, _ ids: String...) async throws -> JSONValue? {
                    let uri = caller == token
                        ? "/ocpi/cpo/\(version)/locations/\(tenant.countryCode)/\(tenant.partyID)/" + ids.joined(separator: "/")
                        : "/ocpi/cpo/\(version)/locations/" + ids.joined(separator: "/")
                    let reply = try await http.get(uri, token: caller)
                    #expect(reply.code == 1000, "\(uri): \(reply.message)")
                    return reply.data
                }
                let new = try #require(try await get("2.3.0", "L1"))
                #expect(new["help_phone"]?.string == "+4930123456")
                #expect(new["parking_places"]?[0]?["id"]?.string == "P1")
                #expect(new["parking_places"]?[0]?["vehicle_types"] == .array([.string("PERSONAL_VEHICLE")]))
                #expect(new["evses"]?[0]?["parking"] == (try Loc.json(#"[{"parking_id": "P1", "evse_position": "LEFT"}]"#)))
                #expect(new["evses"]?[0]?["accepted_service_providers"] == .array([.string("Shell Recharge")]))
                #expect(new["evses"]?[0]?["connectors"]?[0]?["capabilities"] == .array([.string("ISO_15118_2_PLUG_AND_CHARGE")]))

                let old = try #require(try await get("2.2.1", "L1"))
                for field in ["help_phone", "parking_places"] { #expect(old[field] == nil, "\(field) on 2.2.1") }
                for field in ["parking", "accepted_service_providers"] { #expect(old["evses"]?[0]?[field] == nil, "\(field) on 2.2.1") }
                #expect(old["evses"]?[0]?["connectors"]?[0]?["capabilities"] == nil)

                // Nothing else differs.
                var stripped = try #require(new.object)
                stripped["help_phone"] = nil
                stripped["parking_places"] = nil
                var evse = try #require(new["evses"]?[0]?.object)
                evse["parking"] = nil
                evse["accepted_service_providers"] = nil
                var connector = try #require(evse["connectors"]?[0]?.object)
                connector["capabilities"] = nil
                evse["connectors"] = .array([.object(connector)])
                stripped["evses"] = .array([.object(evse)])
                #expect(JSONValue.object(stripped) == old)

                // The EVSE and Connector URLs and the list render per version too.
                #expect(try await get("2.2.1", "L1", "E1")?["accepted_service_providers"] == nil)
                #expect(try await get("2.3.0", "L1", "E1")?["accepted_service_providers"] != nil)
                #expect(try await get("2.2.1", "L1", "E1", "1")?["capabilities"] == nil)
                #expect(try await get("2.3.0", "L1", "E1", "1")?["capabilities"] != nil)
                let list = try await http.get(Loc.list(version: "2.2.1"), token: caller)
                #expect(list.data?[0]?["help_phone"] == nil)
                #expect(list.data?[0]?["evses"]?[0]?["parking"] == nil)
                #expect(try await http.get(Loc.list(version: "2.3.0"), token: caller).data?[0]?["help_phone"] != nil)
            }
        }
    }

    /// A 2.2.1 body's 2.3.0 fields are unknown fields there: ignored, not stored, not refused.
    @Test func twoThreeFieldsInA221BodyAreIgnored() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let put = try await http.put(Loc.owner(tenant, "L1", version: "2.2.1"), token: token, Self.full230(tenant))
            #expect(put.code == 1000, "\(put.message)")
            let got = try #require(try await http.get(Loc.owner(tenant, "L1", version: "2.3.0"), token: token).data)
            #expect(got["help_phone"] == nil)
            #expect(got["parking_places"] == nil)
            #expect(got["evses"]?[0]?["parking"] == nil)
            #expect(got["evses"]?[0]?["connectors"]?[0]?["capabilities"] == nil)
        }
    }

    /// OpenEnums: 2.3.0 keeps an unknown value; 2.2.1, whose enums are closed, refuses it (and 2.3.0-only values).
    @Test func openEnumsAreOpenOnlyOn230() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let body = Bodies.location(tenant, "L1", extra: #", "parking_type": "ROOFTOP", "facilities": ["WIFI", "PLAYGROUND"]"#)
            let old = try await http.put(Loc.owner(tenant, "L1", version: "2.2.1"), token: token, body)
            #expect(old.code == 2001)
            #expect(old.message.contains("parking_type"), "\(old.message)")
            #expect(old.message.contains("facilities[1]"), "\(old.message)")
            #expect(try await http.get(Loc.owner(tenant, "L1"), token: token).code == 2003)

            let new = try await http.put(Loc.owner(tenant, "L1", version: "2.3.0"), token: token, body)
            #expect(new.code == 1000, "\(new.message)")
            let got = try await http.get(Loc.owner(tenant, "L1"), token: token).data
            #expect(got?["parking_type"]?.string == "ROOFTOP")
            #expect(got?["facilities"] == .array([.string("WIFI"), .string("PLAYGROUND")]))

            let mcs = Bodies.evse("E1", connectors: [Bodies.connector("1").replacing("IEC_62196_T2", with: "MCS")])
            let refused = try await http.put(Loc.owner(tenant, "L1", "E1", version: "2.2.1"), token: token, mcs)
            #expect(refused.code == 2001)
            #expect(refused.message.contains("connectors[0].standard"), "\(refused.message)")
        }
    }

    /// Never serve a 2.2.1 peer a value its closed enums do not have: values stored through 2.3.0 (OpenEnum
    /// extensions and 2.3.0-only values in lists) are not sent on /2.2.1/.
    /// A connector whose standard 2.2.1 lacks (MCS) is not shown on /2.2.1/, nor an EVSE left without connectors:
    /// 404 there, served on /2.3.0/, and the location's 2.2.1 document omits the EVSE.
    @Test func anEVSEOnlyOf2_3_0ConnectorsIsUnknownOn221() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let mcs = Bodies.evse("MCS1", connectors: [Bodies.connector("1").replacing("IEC_62196_T2", with: "MCS")])
            let body = Bodies.location(tenant, "L1", evses: [Bodies.evse("E1"), mcs])
            #expect(try await http.put(Loc.owner(tenant, "L1"), token: token, body).code == 1000)
            #expect(try await http.get(Loc.owner(tenant, "L1", "MCS1"), token: token).code == 1000)
            let hidden = try await http.get(Loc.owner(tenant, "L1", "MCS1", version: "2.2.1"), token: token)
            #expect(hidden.status == .notFound)
            #expect(hidden.code == 2003)
            let connector = try await http.get(Loc.owner(tenant, "L1", "MCS1", "1", version: "2.2.1"), token: token)
            #expect(connector.code == 2003)
            let old = try await http.get(Loc.owner(tenant, "L1", version: "2.2.1"), token: token).data
            #expect(old?["evses"]?.array?.compactMap { $0["uid"]?.string } == ["E1"])
        }
    }

    @Test func twoThreeOnlyEnumValuesAreNotServedOn221() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let evse = Bodies.evse("E1", extra: #", "parking_restrictions": ["EV_ONLY", "EMPLOYEES"], "capabilities": ["RFID_READER", "FACE_ID"]"#)
            let body = Bodies.location(tenant, "L1", evses: [evse], extra: #", "facilities": ["WIFI", "PLAYGROUND"]"#)
            #expect(try await http.put(Loc.owner(tenant, "L1"), token: token, body).code == 1000)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            let old = try await http.get(Loc.peer("L1", version: "2.2.1"), token: peer).data
            #expect(old?["facilities"] == .array([.string("WIFI")]), "PLAYGROUND is not a 2.2.1 Facility")
            #expect(old?["evses"]?[0]?["parking_restrictions"] == .array([.string("EV_ONLY")]), "EMPLOYEES is 2.3.0-only")
            #expect(old?["evses"]?[0]?["capabilities"] == .array([.string("RFID_READER")]), "FACE_ID is not a 2.2.1 Capability")
        }
    }

    /// Values of 2.3.0's OpenEnums that 2.2.1 lacks are made safe for 2.2.1 readers: an image (or logo) category
    /// becomes OTHER, an environmental impact it cannot label is left out, and a `publish_allowed_to` token of a type
    /// it lacks loses its uid and type (2.2.1 requires a type with every uid). The 2.2.1 document passes our own
    /// 2.2.1 validation: a copy of it is accepted by a 2.2.1 PUT.
    @Test func openEnumValuesOf230AreMadeSafeFor221() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let image = #"{"url": "https://example.com/a.jpg", "category": "DRONE_VIEW", "type": "jpeg"}"#
            let logo = #"{"url": "https://example.com/logo.png", "category": "OPERATOR", "type": "png"}"#
            let odd = #"{"url": "https://example.com/logo2.png", "category": "HOLOGRAM", "type": "png"}"#
            let extra = """
                , "images": [\(image), \(logo)], "operator": {"name": "Op", "logo": \(odd)}, "owner": {"name": "Own", "logo": \(logo)},
                 "energy_mix": {"is_green_energy": false, "energy_sources": [{"source": "SOLAR", "percentage": 40}, {"source": "COAL", "percentage": 60}],
                                "environ_impact": [{"category": "NUCLEAR_WASTE", "amount": 0.1}, {"category": "METHANE", "amount": 2}]},
                 "publish_allowed_to": [{"uid": "NL-TNM-C12345678-X", "type": "EMAID"}, {"uid": "12345678", "type": "RFID"},
                                        {"uid": "DE-8AC-C12E456789-1", "type": "EMAID", "group_id": "FLEET-7"}]
                """
            let body = Bodies.location(tenant, "L1", publish: false, evses: [Bodies.evse("E1", extra: ", \"images\": [\(image)]")], extra: extra)
            let put = try await http.put(Loc.owner(tenant, "L1"), token: token, body)
            #expect(put.code == 1000, "\(put.message)")
            let peer = try await Loc.registerPeer(pool, granted: [tenant])

            let new = try await http.get(Loc.peer("L1"), token: peer).data
            #expect(new?["images"]?[0]?["category"]?.string == "DRONE_VIEW", "2.3.0 keeps an OpenEnum value as written")
            #expect(new?["publish_allowed_to"]?.array?.count == 3)

            for reader in [try await http.get(Loc.peer("L1", version: "2.2.1"), token: peer),
                           try await http.get(Loc.owner(tenant, "L1", version: "2.2.1"), token: token)] {
                let old = reader.data
                #expect(old?["images"]?.array?.compactMap { $0["category"]?.string } == ["OTHER", "OPERATOR"])
                #expect(old?["images"]?[0]?["url"]?.string == "https://example.com/a.jpg")
                #expect(old?["evses"]?[0]?["images"]?[0]?["category"]?.string == "OTHER")
                #expect(old?["operator"]?["logo"]?["category"]?.string == "OTHER")
                #expect(old?["owner"]?["logo"]?["category"]?.string == "OPERATOR")
                #expect(old?["energy_mix"]?["environ_impact"] == (try Loc.json(#"[{"category": "NUCLEAR_WASTE", "amount": 0.1}]"#)))
                #expect(old?["energy_mix"]?["energy_sources"]?.array?.count == 2)
                #expect(old?["publish_allowed_to"] == (try Loc.json(#"[{"uid": "12345678", "type": "RFID"}, {"group_id": "FLEET-7"}]"#)))
            }

            // Our own 2.2.1 validation accepts the 2.2.1 document as it is served.
            let served = try await http.get(Loc.owner(tenant, "L1", version: "2.2.1"), token: token)
            let copy = String(decoding: try OCPIJSON.encoder.encode(served.data), as: UTF8.self)
                .replacingOccurrences(of: #""id":"L1""#, with: #""id":"L1-COPY""#)
            let accepted = try await http.put(Loc.owner(tenant, "L1-COPY", version: "2.2.1"), token: token, copy)
            #expect(accepted.code == 1000, "\(accepted.message)")

            // With only tokens 2.2.1 cannot name, the list is left out: publish stays false and no one is named.
            let emaidOnly = #", "publish_allowed_to": [{"uid": "NL-TNM-C12345678-X", "type": "EMAID"}]"#
            #expect(try await http.put(Loc.owner(tenant, "L2"), token: token, Bodies.location(tenant, "L2", publish: false, extra: emaidOnly)).code == 1000)
            let hidden = try await http.get(Loc.peer("L2", version: "2.2.1"), token: peer).data
            #expect(hidden?["publish"] == .bool(false))
            #expect(hidden?["publish_allowed_to"] == nil)
            #expect(try await http.get(Loc.peer("L2"), token: peer).data?["publish_allowed_to"]?.array?.count == 1)
        }
    }

    /// PUT answers 201 when it creates and 200 when it replaces, at every level.
    @Test func putIs201WhenCreatedAnd200WhenReplaced() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let steps: [(String, String, HTTPResponse.Status)] = [
                (Loc.owner(tenant, "L1"), Bodies.location(tenant, "L1", evses: [Bodies.evse("E1")], lastUpdated: nil), .created),
                (Loc.owner(tenant, "L1"), Bodies.location(tenant, "L1", evses: [Bodies.evse("E1")], lastUpdated: nil), .ok),
                (Loc.owner(tenant, "L1", "E2"), Bodies.evse("E2"), .created),
                (Loc.owner(tenant, "L1", "E2"), Bodies.evse("E2", status: "CHARGING"), .ok),
                (Loc.owner(tenant, "L1", "E2", "2"), Bodies.connector("2"), .created),
                (Loc.owner(tenant, "L1", "E2", "2"), Bodies.connector("2"), .ok),
                // A different case of the same id replaces, it does not create.
                (Loc.owner(tenant, "l1"), Bodies.location(tenant, "l1", evses: [Bodies.evse("e1")], lastUpdated: nil), .ok),
            ]
            for (uri, body, status) in steps {
                let reply = try await http.put(uri, token: token, body)
                #expect(reply.status == status, "\(uri): \(reply.message)")
                #expect(reply.code == 1000, "\(uri): \(reply.message)")
            }
            let location = try await http.get(Loc.owner(tenant, "L1"), token: token).data
            // An id never changes (OCPI): the case it was first written in stays, whatever case later writes use.
            #expect(location?["id"]?.string == "L1")
            #expect((location?["evses"]?.array ?? []).compactMap { $0["uid"]?.string } == ["E1", "E2"])
            #expect(location?["evses"]?[1]?["connectors"]?.array?.compactMap { $0["id"]?.string } == ["1", "2"])
            #expect(Loc.ids(try await http.get(Loc.list(), token: token)) == ["L1"])
        }
    }

    /// A child PUT under a missing parent is refused (404 with 2003) and creates nothing.
    @Test func childPutUnderAMissingParentIsRefused() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let evse = try await http.put(Loc.owner(tenant, "NOPE", "E1"), token: token, Bodies.evse("E1"))
            #expect(evse.status == .notFound)
            #expect(evse.code == 2003)
            #expect(try await http.put(Loc.owner(tenant, "L1"), token: token, Bodies.location(tenant, "L1")).code == 1000)
            let connector = try await http.put(Loc.owner(tenant, "L1", "NOPE", "1"), token: token, Bodies.connector("1"))
            #expect(connector.status == .notFound)
            #expect(connector.code == 2003)
            #expect(try await http.get(Loc.owner(tenant, "L1"), token: token).data?["evses"] == .array([]))
            #expect(Loc.ids(try await http.get(Loc.list(), token: token)) == ["L1"])
        }
    }

    /// Unknown location, EVSE and connector: 404 with 2003, for the owner (GET and PATCH) and for peers.
    @Test func unknownObjectsAre404With2003() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(Loc.owner(tenant, "L1"), token: token, Bodies.location(tenant, "L1", evses: [Bodies.evse("E1")])).code == 1000)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            for version in ["2.2.1", "2.3.0"] {
                for ids in [["NOPE"], ["L1", "NOPE"], ["L1", "E1", "NOPE"], ["NOPE", "E1"], ["NOPE", "E1", "1"]] {
                    let owner = try await http.get(
                        "/ocpi/cpo/\(version)/locations/\(tenant.countryCode)/\(tenant.partyID)/" + ids.joined(separator: "/"), token: token)
                    #expect(owner.status == .notFound, "owner \(ids)")
                    #expect(owner.code == 2003, "owner \(ids)")
                    #expect(owner.data == nil)
                    let patch = try await http.patch(
                        "/ocpi/cpo/\(version)/locations/\(tenant.countryCode)/\(tenant.partyID)/" + ids.joined(separator: "/"), token: token,
                        #"{"last_updated": "2030-01-01T00:00:00Z"}"#)
                    #expect(patch.status == .notFound, "owner PATCH \(ids)")
                    #expect(patch.code == 2003, "owner PATCH \(ids)")
                    let shared = try await http.get("/ocpi/cpo/\(version)/locations/" + ids.joined(separator: "/"), token: peer)
                    #expect(shared.status == .notFound, "peer \(ids)")
                    #expect(shared.code == 2003, "peer \(ids)")
                    #expect(shared.data == nil)
                }
            }
            // The failed PATCHes created nothing.
            let location = try await http.get(Loc.owner(tenant, "L1"), token: token).data
            #expect(location?["evses"]?.array?.count == 1)
            #expect(location?["evses"]?[0]?["connectors"]?.array?.count == 1)
            #expect(location?["last_updated"]?.string == "2024-01-01T00:00:00Z")
        }
    }

    /// Our documented decision: a re-PUT of a Location that leaves out an EVSE keeps that EVSE, with status REMOVED
    /// and the location's new last_updated, so peers learn of the removal.
    @Test func aRePutKeepsLeftOutEVSEsAsRemoved() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let first = Bodies.location(tenant, "L1", evses: [Bodies.evse("E1"), Bodies.evse("E2"), Bodies.evse("E3")], lastUpdated: "2024-01-01T00:00:00Z")
            #expect(try await http.put(Loc.owner(tenant, "L1"), token: token, first).status == .created)
            let second = Bodies.location(tenant, "L1", evses: [Bodies.evse("E3"), Bodies.evse("E1")], lastUpdated: "2024-02-01T00:00:00Z")
            #expect(try await http.put(Loc.owner(tenant, "L1"), token: token, second).status == .ok)

            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            for location in [try await http.get(Loc.owner(tenant, "L1"), token: token).data, try await http.get(Loc.peer("L1"), token: peer).data] {
                let evses = location?["evses"]?.array ?? []
                #expect(evses.compactMap { $0["uid"]?.string } == ["E3", "E1", "E2"])
                #expect(evses.compactMap { $0["status"]?.string } == ["AVAILABLE", "AVAILABLE", "REMOVED"])
                #expect(evses.last?["last_updated"]?.string == "2024-02-01T00:00:00Z")
                #expect(evses.last?["connectors"]?.array?.count == 1)
            }
            let removed = try await http.get(Loc.peer("L1", "E2"), token: peer)
            #expect(removed.data?["status"]?.string == "REMOVED")
        }
    }

    /// A left-out EVSE that referenced a parking place the re-PUT drops must not leave the location invalid (a
    /// dangling `parking_id`) or block later writes to the location's other EVSEs.
    @Test func aRemovedEVSEDoesNotKeepADanglingParkingReference() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(Loc.owner(tenant, "L1"), token: token, Self.full230(tenant)).code == 1000)
            let second = Bodies.location(tenant, "L1", evses: [Bodies.evse("E2")], lastUpdated: nil)
            let replaced = try await http.put(Loc.owner(tenant, "L1"), token: token, second)
            #expect(replaced.code == 1000, "\(replaced.message)")

            let location = try #require(try await http.get(Loc.owner(tenant, "L1"), token: token).data)
            let places = Set((location["parking_places"]?.array ?? []).compactMap { $0["id"]?.string })
            for evse in location["evses"]?.array ?? [] {
                for parking in evse["parking"]?.array ?? [] {
                    #expect(places.contains(parking["parking_id"]?.string ?? ""), "\(evse["uid"]?.string ?? "?") refers to a missing parking place")
                }
            }
            let patch = try await http.patch(Loc.owner(tenant, "L1", "E2"), token: token, #"{"status": "CHARGING"}"#)
            #expect(patch.code == 1000, "\(patch.message)")
            #expect(try await http.get(Loc.owner(tenant, "L1", "E2"), token: token).data?["status"]?.string == "CHARGING")
        }
    }

    /// Peers cannot write: PUT and PATCH on the Sender URLs (any depth) and on Receiver-shaped URLs answer 405, and
    /// nothing changes.
    @Test func peerWritesAre405() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(Loc.owner(tenant, "L1"), token: token, Bodies.location(tenant, "L1", evses: [Bodies.evse("E1")])).code == 1000)
            let before = try await http.get(Loc.owner(tenant, "L1"), token: token).data
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            let attempts: [(HTTPRequest.Method, String, String)] = [
                (.put, Loc.peer("L1"), Bodies.location(tenant, "L1", name: "peer")),
                (.patch, Loc.peer("L1"), #"{"name": "peer"}"#),
                (.put, Loc.peer("L1", "E1"), Bodies.evse("E1", status: "BLOCKED")),
                (.patch, Loc.peer("L1", "E1"), #"{"status": "BLOCKED"}"#),
                (.put, Loc.peer("L1", "E1", "1"), Bodies.connector("1")),
                (.patch, Loc.peer("L1", "E1", "1"), #"{"max_voltage": 1}"#),
                (.put, Loc.owner(tenant, "L1"), Bodies.location(tenant, "L1", name: "peer")),
                (.patch, Loc.owner(tenant, "L1"), #"{"name": "peer"}"#),
                (.patch, Loc.owner(tenant, "L1", "E1"), #"{"status": "BLOCKED"}"#),
                (.put, Loc.owner(tenant, "L1", "E1", "1"), Bodies.connector("1")),
            ]
            for (method, uri, body) in attempts {
                let reply = try await http.send(method, uri, token: peer, body: body)
                #expect(reply.status == .methodNotAllowed, "\(method) \(uri)")
                #expect(reply.code != 1000)
            }
            #expect(try await http.get(Loc.owner(tenant, "L1"), token: token).data == before)
        }
    }

    /// PUT replaces the whole object: optional fields it leaves out are gone; an EVSE PUT's connector list is the
    /// EVSE's list (a left-out connector is gone: connectors have no REMOVED status).
    @Test func putReplacesTheWholeObject() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let rich = Bodies.location(
                tenant, "L1", evses: [Bodies.evse("E1", connectors: [Bodies.connector("1"), Bodies.connector("2")], extra: #", "floor_level": "-1""#)],
                lastUpdated: nil, extra: ", \"energy_mix\": \(Bodies.seedEnergyMix), \"images\": \(Bodies.seedImages), \"charging_when_closed\": false")
            #expect(try await http.put(Loc.owner(tenant, "L1"), token: token, rich).code == 1000)
            let plain = Bodies.location(tenant, "L1", evses: [Bodies.evse("E1")], lastUpdated: nil)
            #expect(try await http.put(Loc.owner(tenant, "L1"), token: token, plain).status == .ok)
            let location = try #require(try await http.get(Loc.owner(tenant, "L1"), token: token).data)
            for field in ["energy_mix", "images", "charging_when_closed"] { #expect(location[field] == nil, "\(field)") }
            #expect(location["evses"]?[0]?["floor_level"] == nil)
            #expect(location["evses"]?[0]?["connectors"]?.array?.compactMap { $0["id"]?.string } == ["1"])
            let gone = try await http.get(Loc.owner(tenant, "L1", "E1", "2"), token: token)
            #expect(gone.status == .notFound)
            #expect(gone.code == 2003)

            // The same at the EVSE URL.
            #expect(try await http.put(Loc.owner(tenant, "L1", "E1"), token: token, Bodies.evse("E1", connectors: [Bodies.connector("A"), Bodies.connector("B")])).status == .ok)
            #expect(try await http.put(Loc.owner(tenant, "L1", "E1"), token: token, Bodies.evse("E1", connectors: [Bodies.connector("B")])).status == .ok)
            let evse = try await http.get(Loc.owner(tenant, "L1", "E1"), token: token).data
            #expect(evse?["connectors"]?.array?.compactMap { $0["id"]?.string } == ["B"])
        }
    }

    /// PATCH changes only what it carries; `evses` in a Location PATCH merge by uid (a known uid is patched, a new
    /// one added) and never remove; null does not delete.
    @Test func patchChangesOnlyWhatItCarries() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let body = Bodies.location(
                tenant, "L1", evses: [Bodies.evse("E1", lastUpdated: "2024-01-01T00:00:00Z"), Bodies.evse("E2", lastUpdated: "2024-01-01T00:00:00Z")],
                extra: ", \"images\": \(Bodies.seedImages)")
            #expect(try await http.put(Loc.owner(tenant, "L1"), token: token, body).code == 1000)
            let before = try #require(try await http.get(Loc.owner(tenant, "L1"), token: token).data?.object)

            let patch = try await http.patch(
                Loc.owner(tenant, "L1"), token: token,
                #"{"evses": [{"uid": "e2", "status": "CHARGING"}, \#(Bodies.evse("E3"))], "name": null, "last_updated": "2024-02-01T00:00:00Z"}"#)
            #expect(patch.code == 1000, "\(patch.message)")
            let after = try #require(try await http.get(Loc.owner(tenant, "L1"), token: token).data?.object)
            let evses = after["evses"]?.array ?? []
            #expect(evses.compactMap { $0["uid"]?.string } == ["E1", "E2", "E3"])
            #expect(evses.compactMap { $0["status"]?.string } == ["AVAILABLE", "CHARGING", "AVAILABLE"])
            #expect(evses.compactMap { $0["last_updated"]?.string } == ["2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "2024-02-01T00:00:00Z"])
            #expect(after["name"] == before["name"], "null in a PATCH does not delete")
            #expect(after["images"] == before["images"])
            #expect(after["last_updated"]?.string == "2024-02-01T00:00:00Z")
        }
    }

    /// DELETE and POST do not exist for Locations (use status REMOVED): 405 for owners and peers, nothing removed.
    @Test func deleteAndPostAre405() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(Loc.owner(tenant, "L1"), token: token, Bodies.location(tenant, "L1", evses: [Bodies.evse("E1")])).code == 1000)
            let before = try await http.get(Loc.owner(tenant, "L1"), token: token).data
            for uri in [Loc.owner(tenant, "L1"), Loc.owner(tenant, "L1", "E1"), Loc.owner(tenant, "L1", "E1", "1"), Loc.list()] {
                for method in [HTTPRequest.Method.delete, .post] {
                    let reply = try await http.send(method, uri, token: token, body: method == .post ? Bodies.location(tenant, "L1") : nil)
                    #expect(reply.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(reply.header("Allow")?.contains("GET") == true)
                }
            }
            #expect(try await http.get(Loc.owner(tenant, "L1"), token: token).data == before)
        }
    }

    /// Data stored through 2.3.0 (OpenEnum values 2.2.1 does not know) must not block an unrelated change made
    /// through 2.2.1: a name PATCH, an EVSE status PATCH, a connector PATCH.
    @Test func twoThreeDataDoesNotBlockUnrelated221Patches() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let connector = Bodies.connector("1").replacing("IEC_62196_T2", with: "SAE_J3400")
            let evse = Bodies.evse("E1", connectors: [connector], extra: #", "capabilities": ["FACE_ID"], "parking_restrictions": ["TAXIS"]"#)
            let body = Bodies.location(tenant, "L1", evses: [evse], extra: #", "parking_type": "ROOFTOP", "facilities": ["PLAYGROUND"]"#)
            #expect(try await http.put(Loc.owner(tenant, "L1"), token: token, body).code == 1000)

            let name = try await http.patch(Loc.owner(tenant, "L1", version: "2.2.1"), token: token, #"{"name": "renamed"}"#)
            #expect(name.code == 1000, "\(name.message)")
            let status = try await http.patch(Loc.owner(tenant, "L1", "E1", version: "2.2.1"), token: token, #"{"status": "CHARGING"}"#)
            #expect(status.code == 1000, "\(status.message)")
            let voltage = try await http.patch(Loc.owner(tenant, "L1", "E1", "1", version: "2.2.1"), token: token, #"{"max_voltage": 240}"#)
            #expect(voltage.code == 1000, "\(voltage.message)")

            let location = try await http.get(Loc.owner(tenant, "L1"), token: token).data
            #expect(location?["name"]?.string == "renamed")
            #expect(location?["parking_type"]?.string == "ROOFTOP")
            #expect(location?["evses"]?[0]?["status"]?.string == "CHARGING")
            #expect(location?["evses"]?[0]?["capabilities"] == .array([.string("FACE_ID")]))
            #expect(location?["evses"]?[0]?["connectors"]?[0]?["max_voltage"]?.number == 240)
            #expect(location?["evses"]?[0]?["connectors"]?[0]?["standard"]?.string == "SAE_J3400")
        }
    }
}
