import Foundation
import HTTPTypes
import HummingbirdTesting
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// A CDR posted without total_cost is priced by the platform (the amounts below are worked out from the tariff:
/// every reported number rounded half away from zero to 4 decimals); one posted with totals keeps them.
@Suite struct CDRPricingHTTPTests {
    /// 12.345 kWh at 0.25 is 3.08625, reported 3.0863; its 21 % VAT, 0.6481125, is reported 0.6481.
    @Test func aCDRWithoutTotalsIsPricedWithItsConnectorsTariffAndEmbedsIt() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool, tariffs: ["T1"])
            let periods = [
                ChargeBodies.period("2024-06-01T10:00:00Z", energy: "7.5", time: "0.5"),
                ChargeBodies.period("2024-06-01T10:30:00Z", energy: "4.845", time: "0.5"),
            ]
            let posted = try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, "CDR1", token: TestDatabase.uniqueTenant(), periods: periods))
            #expect(posted.status == .created, "\(posted.message)")
            #expect(posted.message.isEmpty)
            let stored = try await http.get(ChargeURL.cdr(tenant, "CDR1"), token: token).data
            #expect(stored == posted.data)

            #expect(stored?["total_cost"]?["before_taxes"]?.number == 3.0863)
            #expect(stored?["total_cost"]?["taxes"]?[0]?["amount"]?.number == 0.6481)
            #expect(stored?["total_cost"]?["taxes"]?[0]?["percentage"]?.number == 21)
            #expect(stored?["total_energy_cost"]?["before_taxes"]?.number == 3.0863)
            #expect(stored?["total_energy_cost"]?["taxes"]?[0]?["amount"]?.number == 0.6481)
            for free in ["total_fixed_cost", "total_time_cost", "total_parking_cost", "total_reservation_cost"] {
                #expect(stored?[free]?["before_taxes"]?.number == 0, "\(free)")
            }
            #expect(stored?["total_energy"]?.number == 12.345)
            #expect(stored?["total_time"]?.number == 1)
            #expect(stored?["total_parking_time"]?.number == 0)
            let tariffs = try #require(stored?["tariffs"]?.array)
            #expect(tariffs.count == 1)
            #expect(tariffs.first?["id"]?.string == "T1", "the tariff it was priced with is embedded")
            #expect(tariffs.first?["elements"]?[0]?["price_components"]?[0]?["price"]?.number == 0.25)

            let v221 = try await http.get(ChargeURL.cdr(tenant, "CDR1", version: "2.2.1"), token: token).data
            #expect(v221?["total_cost"]?["excl_vat"]?.number == 3.0863)
            #expect(v221?["total_cost"]?["incl_vat"]?.number == 3.7344)
        }
    }

    /// A 2.2.1 CDR without totals is priced alike and answered in 2.2.1's shape; 2.3.0 reads the VAT as a tax.
    @Test func a221CDRWithoutTotalsIsPricedInItsVersionsShape() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool, tariffs: ["T1"])
            let posted = try await http.send(.post, ChargeURL.cdrs(version: "2.2.1"), token: token, body: ChargeBodies.cdr(tenant, "CDR1", token: TestDatabase.uniqueTenant()))
            #expect(posted.status == .created, "\(posted.message)")
            #expect(posted.data?["total_cost"]?["excl_vat"]?.number == 2.5)
            #expect(posted.data?["total_cost"]?["incl_vat"]?.number == 3.025)
            #expect(posted.data?["total_energy_cost"]?["incl_vat"]?.number == 3.025)
            #expect(posted.data?["tariffs"]?[0]?["id"]?.string == "T1")
            #expect(posted.data?["tariffs"]?[0]?["tax_included"] == nil, "the embedded tariff in 2.2.1's shape")

            let v230 = try await http.get(ChargeURL.cdr(tenant, "CDR1"), token: token).data
            #expect(v230?["total_cost"]?["before_taxes"]?.number == 2.5)
            #expect(v230?["total_cost"]?["taxes"]?[0]?["amount"]?.number == 0.525)
        }
    }

    /// Restrictions are read in the local time of the CDR's location (Europe/Berlin): 10:00-11:00Z is 12:00-13:00
    /// there, the midday rate of 0.10 (in UTC it would be the other element's 0.25).
    @Test func aCDRIsPricedInItsLocationsTimeZone() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let tariff = """
                {"currency": "EUR", "tax_included": "NO",
                 "elements": [{"price_components": [{"type": "ENERGY", "price": 0.10, "vat": 21, "step_size": 1}],
                               "restrictions": {"start_time": "12:00", "end_time": "13:00"}},
                              {"price_components": [{"type": "ENERGY", "price": 0.25, "vat": 21, "step_size": 1}]}]}
                """
            #expect(try await http.put(Charge.tariff(tenant, "MIDDAY"), token: token, tariff).status == .created)
            #expect(try await http.put(Loc.owner(tenant, "LOC1"), token: token, ChargeBodies.site(tenant, tariffs: ["MIDDAY"])).status == .created)

            let posted = try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, "CDR1", token: TestDatabase.uniqueTenant()))
            #expect(posted.status == .created, "\(posted.message)")
            #expect(posted.data?["total_cost"]?["before_taxes"]?.number == 1, "10 kWh at the local midday rate")
            #expect(posted.data?["total_cost"]?["taxes"]?[0]?["amount"]?.number == 0.21)
        }
    }

    /// A CDR with a session_id is priced with the tariffs its connector listed when the session started, even after
    /// the connector changed them; without session_id, with what the connector lists now.
    @Test func aCDRIsPricedWithTheTariffsListedAtTheSessionsStart() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool, tariffs: ["A"])
            #expect(try await http.put(Charge.tariff(tenant, "B"), token: token, ChargeBodies.tariff(tenant, "B", price: "0.40")).status == .created)
            let emsp = TestDatabase.uniqueTenant()
            #expect(try await http.put(ChargeURL.session(tenant, "S1"), token: token, ChargeBodies.session(tenant, "S1", token: emsp)).status == .created)
            #expect(try await http.patch(Loc.owner(tenant, "LOC1", "E1", "1"), token: token, #"{"tariff_ids": ["B"]}"#).status == .ok)

            let ofSession = try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, "CDR1", token: emsp, sessionID: "S1"))
            #expect(ofSession.status == .created, "\(ofSession.message)")
            #expect(ofSession.data?["total_cost"]?["before_taxes"]?.number == 2.5, "10 kWh at A's 0.25")
            #expect(ofSession.data?["tariffs"]?[0]?["id"]?.string == "A")

            let now = try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, "CDR2", token: emsp))
            #expect(now.status == .created)
            #expect(now.data?["total_cost"]?["before_taxes"]?.number == 4, "10 kWh at B's 0.40")
            #expect(now.data?["total_cost"]?["taxes"]?[0]?["amount"]?.number == 0.84)
            #expect(now.data?["tariffs"]?[0]?["id"]?.string == "B")
        }
    }

    /// The CPO's totals are the legal ones: kept as sent; a difference of more than 0.01 from the platform's price
    /// is noted in status_message, one of 0.01 or less is not.
    @Test func aCDRsOwnTotalsAreKeptAndADifferenceIsNoted() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool, tariffs: ["T1"])
            let emsp = TestDatabase.uniqueTenant()

            let off = try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, "CDR1", token: emsp, totals: ChargeBodies.totals("2.52", vat: "0.525")))
            #expect(off.status == .created)
            #expect(off.code == 1000)
            #expect(off.message.contains("total_cost.before_taxes 2.52 differs from the platform's price 2.5"), "\(off.message)")
            #expect(off.message.contains("keeps the totals sent"), "\(off.message)")
            #expect(off.data?["total_cost"]?["before_taxes"]?.number == 2.52)
            #expect(try await http.get(ChargeURL.cdr(tenant, "CDR1"), token: token).data?["total_cost"]?["before_taxes"]?.number == 2.52)

            for (id, before, vat) in [("CDR2", "2.51", "0.525"), ("CDR3", "2.49", "0.5271"), ("CDR4", "2.5", "0.525")] {
                let close = try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, id, token: emsp, totals: ChargeBodies.totals(before, vat: vat)))
                #expect(close.status == .created, "\(id)")
                #expect(close.message.isEmpty, "\(before): within 0.01 of 2.5: \(close.message)")
                #expect(close.data?["total_cost"]?["before_taxes"]?.number == Double(before))
            }

            let taxOff = try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, "CDR5", token: emsp, totals: ChargeBodies.totals("2.5", vat: "0.6")))
            #expect(taxOff.status == .created)
            #expect(taxOff.message.contains("after taxes 3.1 differs from the platform's price 3.025"), "\(taxOff.message)")
        }
    }

    /// No total_cost and no tariff anywhere (neither in the CDR nor at its connector): refused, saying why.
    @Test func aCDRThatCannotBePricedNeedsItsOwnTotals() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let emsp = TestDatabase.uniqueTenant()
            let refused = try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, "CDR1", token: emsp))
            #expect(refused.code == 2001)
            #expect(refused.message.contains("total_cost is missing"), "\(refused.message)")
            #expect(refused.message.contains("names no tariffs"), "\(refused.message)")
            #expect(try await http.get(ChargeURL.cdr(tenant, "CDR1"), token: token).status == .notFound)

            let given = try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, "CDR1", token: emsp, totals: CDRsHTTPTests.priced))
            #expect(given.status == .created, "with totals, no tariff is needed")
            #expect(given.message.isEmpty)
        }
    }

    /// A tariff in another currency does not price a CDR: without totals it is refused, naming the currency.
    @Test func aTariffInAnotherCurrencyDoesNotPriceTheCDR() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool, tariffs: ["T1"])
            let body = ChargeBodies.cdr(tenant, "CDR1", token: TestDatabase.uniqueTenant())
                .replacingOccurrences(of: #""currency": "EUR""#, with: #""currency": "CHF""#)
            try #require(body.contains("CHF"))
            let refused = try await http.send(.post, ChargeURL.cdrs(), token: token, body: body)
            #expect(refused.code == 2001)
            #expect(refused.message.contains("T1 (EUR)") && refused.message.contains("in CHF"), "\(refused.message)")
            #expect(try await http.get(ChargeURL.cdr(tenant, "CDR1"), token: token).status == .notFound)
        }
    }

    /// An AD_HOC_USER token is priced with the connector's AD_HOC_PAYMENT tariff; any other with the REGULAR one.
    @Test func anAdHocTokenIsPricedWithTheAdHocPaymentTariff() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(Charge.tariff(tenant, "REG"), token: token, ChargeBodies.tariff(tenant, "REG", price: "0.25", type: "REGULAR")).status == .created)
            #expect(try await http.put(Charge.tariff(tenant, "ADHOC"), token: token, ChargeBodies.tariff(tenant, "ADHOC", price: "0.50", type: "AD_HOC_PAYMENT")).status == .created)
            #expect(try await http.put(Loc.owner(tenant, "LOC1"), token: token, ChargeBodies.site(tenant, tariffs: ["REG", "ADHOC"])).status == .created)
            let emsp = TestDatabase.uniqueTenant()

            let adHoc = try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, "CDR1", token: emsp, tokenType: "AD_HOC_USER"))
            #expect(adHoc.status == .created, "\(adHoc.message)")
            #expect(adHoc.data?["total_cost"]?["before_taxes"]?.number == 5, "10 kWh at 0.50")
            #expect(adHoc.data?["tariffs"]?[0]?["id"]?.string == "ADHOC")

            let rfid = try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, "CDR2", token: emsp))
            #expect(rfid.data?["total_cost"]?["before_taxes"]?.number == 2.5, "10 kWh at 0.25")
            #expect(rfid.data?["tariffs"]?[0]?["id"]?.string == "REG")
        }
    }

    /// Accepted charging preferences choose the connector's PROFILE_<type> tariff for the session's CDR.
    @Test func acceptedPreferencesChooseTheProfileTariff() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(Charge.tariff(tenant, "REG"), token: token, ChargeBodies.tariff(tenant, "REG")).status == .created)
            #expect(try await http.put(Charge.tariff(tenant, "GREEN"), token: token, ChargeBodies.tariff(tenant, "GREEN", price: "0.30", type: "PROFILE_GREEN")).status == .created)
            #expect(try await http.put(Loc.owner(tenant, "LOC1"), token: token, ChargeBodies.site(tenant, tariffs: ["REG", "GREEN"])).status == .created)
            let peer = try await Loc.peerWithParty(pool, granted: [tenant])
            #expect(try await http.put(ChargeURL.session(tenant, "S1"), token: token, ChargeBodies.session(tenant, "S1", token: peer.party)).status == .created)
            #expect(try await http.put(ChargeURL.preferences("S1"), token: peer.token, #"{"profile_type": "GREEN"}"#).data?.string == "ACCEPTED")

            let cdr = try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, "CDR1", token: peer.party, sessionID: "S1"))
            #expect(cdr.status == .created, "\(cdr.message)")
            #expect(cdr.data?["total_cost"]?["before_taxes"]?.number == 3, "10 kWh at 0.30")
            #expect(cdr.data?["tariffs"]?[0]?["id"]?.string == "GREEN")
        }
    }
}
