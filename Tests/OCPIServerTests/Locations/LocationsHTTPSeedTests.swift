import HTTPTypes
import OCPIModel
import Testing
import TestSupport

/// Every example of the seed tutorial (`seed/managing-locations.txt`) through real HTTP and PostgreSQL: the bodies
/// as written (tenant substituted), read back field by field by the owner and by a granted peer.
@Suite(.timeLimit(.minutes(1)))
struct LocationsHTTPSeedTests {
    /// The tutorial's "Basic Location": 4-decimal coordinates and no time_zone are accepted, normalised and derived.
    @Test func basicLocationRoundTrips() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let put = try await http.put(Loc.owner(tenant, "LOC001"), token: token, Bodies.seedBasic(tenant))
            #expect(put.status == .created, "\(put.message)")
            #expect(put.code == 1000, "\(put.message)")
            #expect(put.header("OCPI-from-country-code") == tenant.countryCode)
            #expect(put.header("OCPI-from-party-id") == tenant.partyID)

            let got = try await http.get(Loc.owner(tenant, "LOC001"), token: token)
            #expect(got.status == .ok)
            #expect(got.code == 1000)
            let location = try #require(got.data?.object)
            #expect(Set(location.keys) == [
                "country_code", "party_id", "id", "publish", "name", "address", "city", "postal_code", "country",
                "coordinates", "evses", "time_zone", "last_updated",
            ])
            #expect(location["country_code"]?.string == tenant.countryCode)
            #expect(location["party_id"]?.string == tenant.partyID)
            #expect(location["id"]?.string == "LOC001")
            #expect(location["publish"]?.bool == true)
            #expect(location["name"]?.string == "Berlin Central Charging Station")
            #expect(location["address"]?.string == "Unter den Linden 1")
            #expect(location["city"]?.string == "Berlin")
            #expect(location["postal_code"]?.string == "10117")
            #expect(location["country"]?.string == "DEU")
            #expect(location["coordinates"]?["latitude"]?.string == "52.520000")
            #expect(location["coordinates"]?["longitude"]?.string == "13.405000")
            #expect(location["evses"]?.array?.isEmpty == true)
            #expect(location["time_zone"]?.string == "Europe/Berlin")
            #expect(location["last_updated"]?.string == "2024-01-01T00:00:00Z")
            #expect(got.header("OCPI-from-country-code") == tenant.countryCode)
            #expect(got.header("OCPI-from-party-id") == tenant.partyID)

            // Published: a granted peer reads exactly the same object through the Sender interface.
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            let shared = try await http.get(Loc.peer("LOC001"), token: peer)
            #expect(shared.status == .ok)
            #expect(shared.data == got.data)
        }
    }

    /// The tutorial's curl calls, as written: a raw token, PUT, GET, then the list at `/locations/?offset=0&limit=100`
    /// (trailing slash included).
    @Test func seedCurlCallsWorkAsWritten() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let put = try await http.send(
                .put, "/ocpi/cpo/2.3.0/locations/\(tenant.countryCode)/\(tenant.partyID)/LOC001", token: token,
                body: Bodies.seedBasic(tenant))
            #expect(put.code == 1000, "\(put.message)")
            let got = try await http.get("/ocpi/cpo/2.3.0/locations/\(tenant.countryCode)/\(tenant.partyID)/LOC001", token: token)
            #expect(got.data?["id"]?.string == "LOC001")
            let list = try await http.get("/ocpi/cpo/2.3.0/locations/?offset=0&limit=100", token: token)
            #expect(list.status == .ok, "\(list.message)")
            #expect(list.code == 1000)
            #expect(Loc.ids(list) == ["LOC001"])
            #expect(list.data?[0] == got.data)
            #expect(list.header("X-Total-Count") == "1")
            #expect(list.header("Link") == nil)
        }
    }

    /// "Location with EVSEs and Connectors" (the Madrid hub): every field of the EVSE and Connector round-trips.
    @Test func locationWithEVSEsAndConnectorsRoundTrips() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let put = try await http.put(Loc.owner(tenant, "LOC001"), token: token, Bodies.seedMadrid(tenant))
            #expect(put.status == .created, "\(put.message)")
            #expect(put.code == 1000, "\(put.message)")

            let got = try await http.get(Loc.owner(tenant, "LOC001"), token: token)
            let location = try #require(got.data)
            #expect(location["name"]?.string == "Madrid Premium Charging Hub")
            #expect(location["address"]?.string == "Gran Vía 1")
            #expect(location["city"]?.string == "Madrid")
            #expect(location["postal_code"]?.string == "28013")
            #expect(location["country"]?.string == "ESP")
            #expect(location["coordinates"]?["latitude"]?.string == "40.416800")
            #expect(location["coordinates"]?["longitude"]?.string == "-3.703800")
            #expect(location["time_zone"]?.string == "Europe/Madrid")
            #expect(location["last_updated"]?.string == "2024-01-01T00:00:00Z")

            let evses = try #require(location["evses"]?.array)
            #expect(evses.count == 1)
            let evse = try #require(evses.first?.object)
            #expect(Set(evse.keys) == ["uid", "evse_id", "status", "capabilities", "connectors", "last_updated"])
            #expect(evse["uid"]?.string == "EVSE001")
            #expect(evse["evse_id"]?.string == "EVSE001")
            #expect(evse["status"]?.string == "AVAILABLE")
            #expect(evse["capabilities"] == .array([.string("CREDIT_CARD_PAYABLE")]))
            #expect(evse["last_updated"]?.string == "2024-01-01T00:00:00Z")

            let connectors = try #require(evse["connectors"]?.array)
            #expect(connectors.count == 1)
            let connector = try #require(connectors.first?.object)
            #expect(Set(connector.keys) == [
                "id", "standard", "format", "power_type", "max_voltage", "max_amperage", "max_electric_power", "tariff_ids",
                "last_updated",
            ])
            #expect(connector["id"]?.string == "CONN001")
            #expect(connector["standard"]?.string == "IEC_62196_T2")
            #expect(connector["format"]?.string == "SOCKET")
            #expect(connector["power_type"]?.string == "AC_3_PHASE")
            #expect(connector["max_voltage"]?.number == 400)
            #expect(connector["max_amperage"]?.number == 32)
            #expect(connector["max_electric_power"]?.number == 22000)
            #expect(connector["tariff_ids"] == .array([.string("TARIFF001")]))
            #expect(connector["last_updated"]?.string == "2024-01-01T00:00:00Z")

            // The EVSE and the Connector at their own URLs are the same objects.
            let evseGot = try await http.get(Loc.owner(tenant, "LOC001", "EVSE001"), token: token)
            #expect(evseGot.data == evses.first)
            let connectorGot = try await http.get(Loc.owner(tenant, "LOC001", "EVSE001", "CONN001"), token: token)
            #expect(connectorGot.data == connectors.first)

            // And a granted peer reads all three identically.
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            #expect(try await http.get(Loc.peer("LOC001"), token: peer).data == got.data)
            #expect(try await http.get(Loc.peer("LOC001", "EVSE001"), token: peer).data == evses.first)
            #expect(try await http.get(Loc.peer("LOC001", "EVSE001", "CONN001"), token: peer).data == connectors.first)
        }
    }

    /// "Operating Hours", "Energy Mix" and "Images": each JSONB structure comes back exactly as sent.
    @Test(arguments: [
        ("opening_times", Bodies.seedOpeningTimes),
        ("energy_mix", Bodies.seedEnergyMix),
        ("images", Bodies.seedImages),
    ])
    func advancedFeatureRoundTrips(field: String, value: String) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let put = try await http.put(Loc.owner(tenant, "LOC001"), token: token, Bodies.seedBasic(tenant, adding: field, value))
            #expect(put.code == 1000, "\(put.message)")

            let expected = try Loc.json(value)
            let got = try await http.get(Loc.owner(tenant, "LOC001"), token: token)
            #expect(got.data?[field] == expected)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            let shared = try await http.get(Loc.peer("LOC001"), token: peer)
            #expect(shared.data?[field] == expected)
            #expect(shared.data == got.data)
        }
    }

    /// All three advanced features in one body, on both versions' endpoints (none of them is 2.3.0-only).
    @Test func allFeaturesTogetherOnBothVersions() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            var body = Bodies.seedBasic(tenant, adding: "opening_times", Bodies.seedOpeningTimes)
            let close = body.lastIndex(of: "}")!
            body.replaceSubrange(
                close...close, with: ", \"energy_mix\": \(Bodies.seedEnergyMix), \"images\": \(Bodies.seedImages)}")
            let put = try await http.put(Loc.owner(tenant, "LOC001", version: "2.2.1"), token: token, body)
            #expect(put.status == .created, "\(put.message)")
            for version in ["2.2.1", "2.3.0"] {
                let got = try await http.get(Loc.owner(tenant, "LOC001", version: version), token: token)
                #expect(got.data?["opening_times"] == (try Loc.json(Bodies.seedOpeningTimes)), "\(version)")
                #expect(got.data?["energy_mix"] == (try Loc.json(Bodies.seedEnergyMix)), "\(version)")
                #expect(got.data?["images"] == (try Loc.json(Bodies.seedImages)), "\(version)")
            }
        }
    }

    /// "Partial Update (PATCH)": `{"name": "Updated Location Name"}` without last_updated. Only the name changes, and
    /// the platform stamps last_updated with the current time.
    @Test func seedPatchChangesOnlyTheNameAndStampsNow() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            _ = try await http.put(Loc.owner(tenant, "LOC001"), token: token, Bodies.seedMadrid(tenant))
            let before = try #require(try await http.get(Loc.owner(tenant, "LOC001"), token: token).data?.object)

            let start = DateTime.now()
            let patch = try await http.patch(Loc.owner(tenant, "LOC001"), token: token, Bodies.seedPatch)
            let end = DateTime.now()
            #expect(patch.status == .ok)
            #expect(patch.code == 1000, "\(patch.message)")

            let after = try #require(try await http.get(Loc.owner(tenant, "LOC001"), token: token).data?.object)
            #expect(after["name"]?.string == "Updated Location Name")
            let stamped = try #require(Loc.date(after["last_updated"]))
            #expect(stamped >= start && stamped <= end, "last_updated \(stamped) is not the time of the PATCH")
            // Everything else is untouched, EVSEs and their last_updated included.
            var unchanged = after
            unchanged["name"] = before["name"]
            unchanged["last_updated"] = before["last_updated"]
            #expect(unchanged == before)

            // The peer sees the patched object too.
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            #expect(try await http.get(Loc.peer("LOC001"), token: peer).data == .object(after))
        }
    }

    /// A PATCH that gives last_updated keeps it as given.
    @Test func patchKeepsAGivenLastUpdated() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            _ = try await http.put(Loc.owner(tenant, "LOC001"), token: token, Bodies.seedBasic(tenant))
            let patch = try await http.patch(
                Loc.owner(tenant, "LOC001"), token: token, #"{"name": "Renamed", "last_updated": "2024-02-03T04:05:06.789Z"}"#)
            #expect(patch.code == 1000, "\(patch.message)")
            let got = try await http.get(Loc.owner(tenant, "LOC001"), token: token)
            #expect(got.data?["name"]?.string == "Renamed")
            #expect(got.data?["last_updated"]?.string == "2024-02-03T04:05:06.789Z")
        }
    }

    /// A PUT without last_updated (the owner's own push) is stamped "now", EVSEs and Connectors included.
    @Test func putWithoutLastUpdatedIsStampedNow() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let start = DateTime.now()
            let put = try await http.put(
                Loc.owner(tenant, "L1"), token: token, Bodies.location(tenant, "L1", evses: [Bodies.evse("E1")], lastUpdated: nil))
            let end = DateTime.now()
            #expect(put.code == 1000, "\(put.message)")
            let got = try #require(try await http.get(Loc.owner(tenant, "L1"), token: token).data)
            for value in [got["last_updated"], got["evses"]?[0]?["last_updated"], got["evses"]?[0]?["connectors"]?[0]?["last_updated"]] {
                let stamp = try #require(Loc.date(value))
                #expect(stamp >= start && stamp <= end)
            }
        }
    }

    /// CiString ids: any case finds the object, which echoes the case it was written in; the tenant segments too.
    @Test func idsAreCaseInsensitiveAndEchoedAsWritten() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            _ = try await http.put(Loc.owner(tenant, "LOC001"), token: token, Bodies.seedMadrid(tenant))
            let lower = TenantID(countryCode: tenant.countryCode, partyID: tenant.partyID)!
            let uri = "/ocpi/cpo/2.3.0/locations/\(lower.countryCode.lowercased())/\(lower.partyID.lowercased())/loc001/evse001/conn001"
            let got = try await http.get(uri, token: token)
            #expect(got.code == 1000, "\(got.message)")
            #expect(got.data?["id"]?.string == "CONN001")
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            let shared = try await http.get(Loc.peer("Loc001", "Evse001"), token: peer)
            #expect(shared.data?["uid"]?.string == "EVSE001")
        }
    }

    /// A missing time_zone is derived from the country's nearest zone.tab city (not zone1970.tab: the Netherlands is
    /// Europe/Amsterdam, not Europe/Brussels); a given one is kept as is.
    @Test(arguments: [
        ("NLD", "52.3676", "4.9041", "Europe/Amsterdam"),
        ("USA", "34.0522", "-118.2437", "America/Los_Angeles"),
        ("ESP", "28.1235", "-15.4363", "Atlantic/Canary"),
        ("PRT", "32.6669", "-16.9241", "Atlantic/Madeira"),
    ])
    func timeZoneIsDerivedFromCountryAndCoordinates(country: String, latitude: String, longitude: String, zone: String) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let body = Bodies.location(tenant, "L1")
                .replacing(#", "time_zone": "Europe/Berlin""#, with: "")
                .replacing(#""country": "DEU""#, with: #""country": "\#(country)""#)
                .replacing(#"{"latitude": "52.520000", "longitude": "13.405000"}"#, with: #"{"latitude": "\#(latitude)", "longitude": "\#(longitude)"}"#)
            let put = try await http.put(Loc.owner(tenant, "L1"), token: token, body)
            #expect(put.code == 1000, "\(put.message)")
            #expect(try await http.get(Loc.owner(tenant, "L1"), token: token).data?["time_zone"]?.string == zone)

            let given = Bodies.location(tenant, "L2").replacing("Europe/Berlin", with: "Europe/Busingen")
            #expect(try await http.put(Loc.owner(tenant, "L2"), token: token, given).code == 1000)
            #expect(try await http.get(Loc.owner(tenant, "L2"), token: token).data?["time_zone"]?.string == "Europe/Busingen")
        }
    }
}
