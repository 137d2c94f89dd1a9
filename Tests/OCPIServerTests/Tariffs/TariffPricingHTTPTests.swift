import Foundation
import HTTPTypes
import HummingbirdTesting
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// The platform's own price call: a tenant's back-office prices a hypothetical session against one of its tariffs.
@Suite struct TariffPricingHTTPTests {
    static func price(_ tenant: TenantID, _ id: String, version: String = "2.3.0") -> String {
        TariffsHTTPTests.owner(tenant, id, version: version) + "/price"
    }

    /// Ten kWh at 0.25 plus 21 % VAT, in the time zone of the location that lists the tariff.
    static let session = """
        {"start_date_time": "2024-06-01T10:00:00Z", "end_date_time": "2024-06-01T11:00:00Z",
         "charging_periods": [{"start_date_time": "2024-06-01T10:00:00Z", "dimensions": [{"type": "ENERGY", "volume": 10}, {"type": "TIME", "volume": 1}]}]}
        """

    @Test func theOwnerPricesASessionInEachVersionsShape() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(TariffsHTTPTests.owner(tenant, "T1"), token: token, Bodies.tariff(tenant, "T1")).status == .created)
            let evse = Bodies.evse("E1", connectors: [Bodies.connector("1", extra: #", "tariff_ids": ["T1"]"#)])
            #expect(try await http.put(Loc.owner(tenant, "LOC1"), token: token, Bodies.location(tenant, "LOC1", evses: [evse], lastUpdated: nil)).status == .created)

            let v230 = try await http.send(.post, Self.price(tenant, "T1"), token: token, body: Self.session)
            #expect(v230.status == .ok)
            #expect(v230.code == 1000)
            let data = try #require(v230.data)
            #expect(data["time_zone"]?.string == "Europe/Berlin", "the listing location's time zone")
            #expect(data["total_cost"]?["before_taxes"]?.number == 2.5)
            #expect(data["total_cost"]?["taxes"]?[0]?["amount"]?.number == 0.525)
            #expect(data["total_energy_cost"]?["before_taxes"]?.number == 2.5)
            #expect(data["total_fixed_cost"]?["before_taxes"]?.number == 0)
            #expect(data["total_energy"]?.number == 10)
            #expect(data["total_time"]?.number == 1)
            let line = data["breakdown"]?[0]
            #expect(line?["element"]?.number == 0 && line?["component"]?.number == 0, "the breakdown names what priced it")

            let v221 = try await http.send(.post, Self.price(tenant, "T1", version: "2.2.1"), token: token, body: Self.session)
            #expect(v221.data?["total_cost"]?["excl_vat"]?.number == 2.5)
            #expect(v221.data?["total_cost"]?["incl_vat"]?.number == 3.025)
        }
    }

    @Test func aGivenTimeZoneIsUsedAndAMissingOneIsAskedFor() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(TariffsHTTPTests.owner(tenant, "T1"), token: token, Bodies.tariff(tenant, "T1")).status == .created)
            let unlisted = try await http.send(.post, Self.price(tenant, "T1"), token: token, body: Self.session)
            #expect(unlisted.code == 2001)
            #expect(unlisted.message.contains("give time_zone"), "\(unlisted.message)")

            let body = Self.session.replacingOccurrences(of: #""start_date_time": "2024-06-01T10:00:00Z", "end"#, with: #""time_zone": "America/New_York", "start_date_time": "2024-06-01T10:00:00Z", "end"#)
            let given = try await http.send(.post, Self.price(tenant, "T1"), token: token, body: body)
            #expect(given.data?["time_zone"]?.string == "America/New_York")
            let bad = try await http.send(.post, Self.price(tenant, "T1"), token: token, body: body.replacingOccurrences(of: "America/New_York", with: "Mars/Olympus"))
            #expect(bad.code == 2001)
            #expect(bad.message.contains("Mars/Olympus"))
        }
    }

    @Test func onlyTheOwnerPricesAndBadSessionsAreRefused() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let (_, otherToken) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(TariffsHTTPTests.owner(tenant, "T1"), token: token, Bodies.tariff(tenant, "T1")).status == .created)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            let byPeer = try await http.send(.post, Self.price(tenant, "T1"), token: peer, body: Self.session)
            #expect(byPeer.status == .methodNotAllowed)
            #expect(try await http.send(.post, Self.price(tenant, "T1"), token: otherToken, body: Self.session).status == .notFound)
            let tokenA = try await pool.query("SELECT ocpi_admin.create_registration(\(tenant.description))").first!.decode(0, as: String.self)
            #expect(try await http.send(.post, Self.price(tenant, "T1"), token: tokenA, body: Self.session).status == .unauthorized)
            let unknown = try await http.send(.post, Self.price(tenant, "NOPE"), token: token, body: Self.session)
            #expect(unknown.status == .notFound)

            let backwards = """
                {"time_zone": "UTC", "start_date_time": "2024-06-01T10:00:00Z",
                 "charging_periods": [{"start_date_time": "2024-06-01T09:00:00Z", "dimensions": [{"type": "ENERGY", "volume": -1}]}]}
                """
            let refused = try await http.send(.post, Self.price(tenant, "T1"), token: token, body: backwards)
            #expect(refused.code == 2001)
            #expect(refused.message.contains("charging_periods[0].start_date_time"), "\(refused.message)")
            #expect(refused.message.contains("charging_periods[0].dimensions[0].volume"), "\(refused.message)")
            let missing = try await http.send(.post, Self.price(tenant, "T1"), token: token, body: #"{"time_zone": "UTC"}"#)
            #expect(missing.code == 2001)
        }
    }

    /// The README's tariff and price call (section "Tariffs and prices") answer what the README says.
    @Test func theReadmeExamplePricesAsDocumented() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let tariff = """
                {"currency": "EUR", "tax_included": "NO",
                 "elements": [
                   {"price_components": [{"type": "FLAT", "price": 0.50, "vat": 19, "step_size": 1}]},
                   {"price_components": [{"type": "ENERGY", "price": 0.29, "vat": 19, "step_size": 1}],
                    "restrictions": {"start_time": "22:00", "end_time": "07:00"}},
                   {"price_components": [{"type": "ENERGY", "price": 0.39, "vat": 19, "step_size": 1},
                                         {"type": "PARKING_TIME", "price": 6.00, "vat": 19, "step_size": 300}]}]}
                """
            #expect(try await http.put(TariffsHTTPTests.owner(tenant, "AC-STANDARD"), token: token, tariff).status == .created)
            let session = """
                {"time_zone": "Europe/Berlin", "start_date_time": "2026-12-07T17:00:00Z", "end_date_time": "2026-12-07T19:30:00Z",
                 "charging_periods": [
                   {"start_date_time": "2026-12-07T17:00:00Z", "dimensions": [{"type": "ENERGY", "volume": 20}, {"type": "TIME", "volume": 2}]},
                   {"start_date_time": "2026-12-07T19:00:00Z", "dimensions": [{"type": "PARKING_TIME", "volume": 0.5}]}]}
                """
            let priced = try #require(try await http.send(.post, Self.price(tenant, "AC-STANDARD"), token: token, body: session).data)
            #expect(priced["total_cost"]?["before_taxes"]?.number == 11.3)
            #expect(priced["total_cost"]?["taxes"]?[0]?["name"]?.string == "VAT")
            #expect(priced["total_cost"]?["taxes"]?[0]?["percentage"]?.number == 19)
            #expect(priced["total_cost"]?["taxes"]?[0]?["amount"]?.number == 2.147)
            #expect(priced["total_energy_cost"]?["before_taxes"]?.number == 7.8, "18:00 to 20:00 local is the day rate")
            #expect(priced["total_parking_cost"]?["before_taxes"]?.number == 3)
            #expect(priced["total_fixed_cost"]?["before_taxes"]?.number == 0.5)
        }
    }
}
