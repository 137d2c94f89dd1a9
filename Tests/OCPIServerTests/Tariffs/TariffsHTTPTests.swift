import HTTPTypes
import HummingbirdTesting
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// The Tariffs module's own rules, through HTTP. What every module does alike (tenancy, peers, paging, deletion,
/// push) the shared behaviour suite proves.
@Suite struct TariffsHTTPTests {
    static func owner(_ tenant: TenantID, _ id: String, version: String = "2.3.0") -> String {
        "/ocpi/cpo/\(version)/tariffs/\(tenant.countryCode)/\(tenant.partyID)/\(id)"
    }

    /// A tariff written through 2.2.1 is stored with tax_included NO; each version reads its own shape of the limits.
    @Test func aTariffWrittenIn221ReadsInBothShapes() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let body = """
                {"id": "T221", "currency": "EUR", "min_price": {"excl_vat": 1.5, "incl_vat": 1.815},
                 "elements": [{"price_components": [{"type": "TIME", "price": 2.00, "vat": 21.0, "step_size": 300}]}],
                 "last_updated": "2024-03-01T10:00:00Z"}
                """
            let put = try await http.put(Self.owner(tenant, "T221", version: "2.2.1"), token: token, body)
            #expect(put.status == .created)
            #expect(put.data?["min_price"]?["excl_vat"]?.number == 1.5)
            #expect(put.data?["tax_included"] == nil)

            let v230 = try await http.get(Self.owner(tenant, "T221"), token: token).data
            #expect(v230?["tax_included"]?.string == "NO")
            #expect(v230?["min_price"]?["before_taxes"]?.number == 1.5)
            #expect(v230?["min_price"]?["after_taxes"]?.number == 1.815)
            #expect(v230?["min_price"]?["excl_vat"] == nil)
            #expect(v230?["country_code"]?.string == tenant.countryCode, "country and party come from the tenant")
            let v221 = try await http.get(Self.owner(tenant, "T221", version: "2.2.1"), token: token).data
            #expect(v221?["min_price"]?["incl_vat"]?.number == 1.815)
            #expect(v221?["elements"]?[0]?["price_components"]?[0]?["step_size"]?.number == 300)
        }
    }

    /// 2.3.0 requires tax_included, and expects its own PriceLimit; a refused write stores nothing.
    @Test func a230TariffNeedsTaxIncludedAndPriceLimits() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let body = """
                {"currency": "EUR", "max_price": {"excl_vat": 10},
                 "elements": [{"price_components": [{"type": "ENERGY", "price": 0.25, "step_size": 1}]}]}
                """
            let refused = try await http.put(Self.owner(tenant, "T1"), token: token, body)
            #expect(refused.code == 2001)
            #expect(refused.message.contains("tax_included is required"), "\(refused.message)")
            #expect(refused.message.contains("max_price.before_taxes"), "\(refused.message)")
            #expect(try await http.get(Self.owner(tenant, "T1"), token: token).status == .notFound)
        }
    }

    /// Every broken rule is counted at once; the message spells out the first five, with their paths (the model's
    /// tests check each rule).
    @Test func invalidTariffsAreRefusedWithEveryIssueCounted() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let body = """
                {"currency": "eur", "tax_included": "MAYBE",
                 "elements": [
                   {"price_components": [{"type": "ENERGY", "price": -1, "vat": 120, "step_size": 1}],
                    "restrictions": {"start_time": "25:00", "end_date": "2024-02-30", "min_kwh": 50, "max_kwh": 20,
                                     "day_of_week": ["FUNDAY"], "reservation": "RESERVATION"}},
                   {"price_components": []}]}
                """
            let refused = try await http.put(Self.owner(tenant, "BAD"), token: token, body)
            #expect(refused.code == 2001)
            #expect(refused.message.hasPrefix("currency must be an ISO 4217 currency code"), "\(refused.message)")
            #expect(refused.message.contains("elements[0].restrictions.start_time must be a time of day"), "\(refused.message)")
            #expect(refused.message.hasSuffix("(and 5 more)"), "\(refused.message)")
            #expect(try await http.get(Self.owner(tenant, "BAD"), token: token).status == .notFound)
        }
    }

    /// 2.2.1 prices exclude VAT: a 2.3.0 tariff whose prices include it shows 2.2.1 peers the price without it.
    @Test func taxInclusivePricesReach221WithoutVAT() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let body = """
                {"currency": "EUR", "tax_included": "YES",
                 "elements": [{"price_components": [{"type": "ENERGY", "price": 0.30, "vat": 20, "step_size": 1},
                                                    {"type": "FLAT", "price": 1.00, "step_size": 1}]}]}
                """
            #expect(try await http.put(Self.owner(tenant, "INC"), token: token, body).status == .created)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            let v221 = try await http.get("/ocpi/cpo/2.2.1/tariffs/INC", token: peer).data
            let components = v221?["elements"]?[0]?["price_components"]
            #expect(components?[0]?["price"]?.number == 0.25)
            #expect(components?[0]?["vat"]?.number == 20)
            #expect(components?[1]?["price"]?.number == 1, "no vat: the price is what the driver pays, with no VAT added")
            #expect(v221?["tax_included"] == nil)
            let v230 = try await http.get("/ocpi/cpo/2.3.0/tariffs/INC", token: peer).data
            #expect(v230?["elements"]?[0]?["price_components"]?[0]?["price"]?.number == 0.3)
        }
    }

    /// A tariff a connector still lists cannot be deleted; the refusal names the connectors. Removed EVSEs do not
    /// count.
    @Test func aTariffInUseIsNotDeleted() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(Self.owner(tenant, "T1"), token: token, Bodies.tariff(tenant, "T1")).status == .created)
            let listing = Bodies.evse("E1", connectors: [Bodies.connector("1", extra: #", "tariff_ids": ["t1"]"#)])
            let removed = Bodies.evse("E2", status: "REMOVED", connectors: [Bodies.connector("1", extra: #", "tariff_ids": ["T1"]"#)])
            #expect(try await http.put(Loc.owner(tenant, "LOC1"), token: token, Bodies.location(tenant, "LOC1", evses: [listing, removed], lastUpdated: nil)).status == .created)

            let refused = try await http.send(.delete, Self.owner(tenant, "T1"), token: token)
            #expect(refused.code == 2001)
            #expect(refused.message.contains("LOC1/E1/1"), "\(refused.message)")
            #expect(!refused.message.contains("E2"), "a removed EVSE does not hold a tariff: \(refused.message)")
            #expect(try await http.get(Self.owner(tenant, "T1"), token: token).status == .ok)

            #expect(try await http.patch(Loc.owner(tenant, "LOC1", "E1", "1"), token: token, #"{"tariff_ids": []}"#).status == .ok)
            #expect(try await http.send(.delete, Self.owner(tenant, "T1"), token: token).status == .ok)
        }
    }

    /// A connector may name a tariff that does not exist yet: the write is accepted, and says so.
    @Test func aConnectorNamingAMissingTariffIsAcceptedWithANote() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(Self.owner(tenant, "KNOWN"), token: token, Bodies.tariff(tenant, "KNOWN")).status == .created)
            let evse = Bodies.evse("E1", connectors: [Bodies.connector("1", extra: #", "tariff_ids": ["KNOWN", "LATER"]"#)])
            let put = try await http.put(Loc.owner(tenant, "LOC1"), token: token, Bodies.location(tenant, "LOC1", evses: [evse], lastUpdated: nil))
            #expect(put.status == .created)
            #expect(put.code == 1000)
            #expect(put.message.contains("LATER") && !put.message.contains("KNOWN"), "\(put.message)")
            let stored = try await http.get(Loc.owner(tenant, "LOC1", "E1", "1"), token: token)
            #expect(stored.data?["tariff_ids"]?.array?.compactMap(\.string) == ["KNOWN", "LATER"])
            #expect(stored.message.isEmpty)

            // A status change does not touch tariff_ids: no note. Once the tariff exists, none either.
            #expect(try await http.patch(Loc.owner(tenant, "LOC1", "E1"), token: token, #"{"status": "CHARGING"}"#).message.isEmpty)
            #expect(try await http.put(Self.owner(tenant, "LATER"), token: token, Bodies.tariff(tenant, "LATER")).status == .created)
            let again = try await http.patch(Loc.owner(tenant, "LOC1", "E1", "1"), token: token, #"{"tariff_ids": ["KNOWN", "LATER"]}"#)
            #expect(again.status == .ok)
            #expect(again.message.isEmpty)
        }
    }
}
