import Foundation
import OCPIModel
import OCPIPricing
import Testing

/// The Tariffs chapter's reservation examples (tariff_15 to tariff_18): reservation time is priced by the TIME
/// components of reservation elements, with their own flat fee and step_size; an expired reservation by the
/// RESERVATION_EXPIRES elements first.
@Suite("Reservations")
struct ReservationTests {
    // examples/tariff_15_reservation_5_euro_per_hour.json
    static let perHour = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "20", "currency": "EUR",
          "elements": [{
            "price_components": [{ "type": "TIME", "price": 5.00, "vat": 20.0, "step_size": 60 }],
            "restrictions": { "reservation": "RESERVATION" }
          }, {
            "price_components": [
              { "type": "FLAT", "price": 0.50, "vat": 20.0, "step_size": 1 },
              { "type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 1 }
            ]
          }],
          "tax_included": "NO",
          "last_updated": "2019-02-03T17:00:11Z"
        }
        """

    @Test("Reserved 15 minutes, then 20 kWh: € 6.75 excl. VAT, € 7.60 incl.")
    func reservationPerHour() throws {
        for json in [Self.perHour, as2_2_1(Self.perHour)] {
            let priced = SessionBuilder("2026-01-05T10:00:00Z")
                .reserving(minutes: 15).charging(minutes: 60, kWh: "20").priced(by: try tariff(json))
            #expect(priced.totalReservationCost == price("1.25", vat: [("20", "0.25")]))
            #expect(priced.totalFixedCost == price("0.50", vat: [("20", "0.10")]))
            #expect(priced.totalEnergyCost == price("5.00", vat: [("10", "0.50")]))
            #expect(priced.totalCost == price("6.75", vat: [("10", "0.50"), ("20", "0.35")]))
            #expect(priced.totalCost.afterTaxes == dec("7.60"))
            #expect(priced.totalReservationTime == dec("0.25"))
            #expect(!priced.reservationExpired)
            // The start fee comes with charging, in period 1, not with the reservation.
            #expect(priced.breakdown.first { $0.kind == .flat }?.period == 1)
            // Charging TIME is free here: no non-reservation element has a TIME component.
            #expect(priced.totalTimeCost == Price.zero)
        }
    }

    // examples/tariff_16_reservation_2_euro_fee_5_euro_per_hour.json
    static let feeAndPerHour = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "20", "currency": "EUR",
          "elements": [{
            "price_components": [
              { "type": "FLAT", "price": 2.00, "vat": 20.0, "step_size": 1 },
              { "type": "TIME", "price": 5.00, "vat": 20.0, "step_size": 300 }
            ],
            "restrictions": { "reservation": "RESERVATION" }
          }, {
            "price_components": [
              { "type": "FLAT", "price": 0.50, "vat": 20.0, "step_size": 1 },
              { "type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 1 }
            ]
          }],
          "tax_included": "NO",
          "last_updated": "2019-02-03T17:00:11Z"
        }
        """

    @Test("A € 2 reservation fee, reserved 13 minutes (billed 15), then 20 kWh: € 8.75 / € 10.00")
    func reservationFee() throws {
        let priced = SessionBuilder("2026-01-05T10:00:00Z")
            .reserving(minutes: 13).charging(minutes: 60, kWh: "20").priced(by: try tariff(Self.feeAndPerHour))
        #expect(priced.totalReservationCost == price("3.25", vat: [("20", "0.65")]))
        #expect(priced.totalFixedCost == price("0.50", vat: [("20", "0.10")]))
        #expect(priced.totalCost == price("8.75", vat: [("10", "0.50"), ("20", "0.75")]))
        #expect(priced.totalCost.afterTaxes == dec("10.00"))
        #expect(priced.breakdown.filter { $0.kind == .flat }.map(\.countsIn) == [.reservation, .fixed])
    }

    // examples/tariff_17_reservation_with_expire_fee.json
    static let expireFee = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "20", "currency": "EUR",
          "elements": [{
            "price_components": [{ "type": "FLAT", "price": 4.00, "vat": 20.0, "step_size": 1 }],
            "restrictions": { "reservation": "RESERVATION_EXPIRES" }
          }, {
            "price_components": [{ "type": "TIME", "price": 2.00, "vat": 20.0, "step_size": 600 }],
            "restrictions": { "reservation": "RESERVATION" }
          }, {
            "price_components": [
              { "type": "FLAT", "price": 0.50, "vat": 20.0, "step_size": 1 },
              { "type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 1 }
            ]
          }],
          "tax_included": "NO",
          "last_updated": "2019-02-03T17:00:11Z"
        }
        """

    @Test("An expiry fee: used after 22 minutes (billed 30), € 6.50 / € 7.30; expired after an hour, € 6.00 / € 7.20")
    func expiryFee() throws {
        let tariff = try tariff(Self.expireFee)
        let used = SessionBuilder("2026-01-05T10:00:00Z")
            .reserving(minutes: 22).charging(minutes: 60, kWh: "20").priced(by: tariff)
        #expect(used.totalReservationCost == price("1.00", vat: [("20", "0.20")]))
        #expect(used.totalCost == price("6.50", vat: [("10", "0.50"), ("20", "0.30")]))
        #expect(used.totalCost.afterTaxes == dec("7.30"))

        let expired = SessionBuilder("2026-01-05T10:00:00Z").reserving(minutes: 60).priced(by: tariff)
        #expect(expired.reservationExpired)
        #expect(expired.totalReservationCost == price("6.00", vat: [("20", "1.20")]))
        #expect(expired.totalFixedCost == Price.zero)
        #expect(expired.totalCost == price("6.00", vat: [("20", "1.20")]))
        #expect(expired.totalCost.afterTaxes == dec("7.20"))
        #expect(expired.breakdown.map(\.element) == [0, 1])
    }

    // examples/tariff_18_reservation_with_expire_time.json
    static let expireTime = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "20", "currency": "EUR",
          "elements": [{
            "price_components": [{ "type": "TIME", "price": 6.00, "vat": 20.0, "step_size": 600 }],
            "restrictions": { "reservation": "RESERVATION_EXPIRES" }
          }, {
            "price_components": [{ "type": "TIME", "price": 3.00, "vat": 20.0, "step_size": 600 }],
            "restrictions": { "reservation": "RESERVATION" }
          }, {
            "price_components": [
              { "type": "FLAT", "price": 0.50, "vat": 20.0, "step_size": 1 },
              { "type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 1 }
            ]
          }],
          "tax_included": "NO",
          "last_updated": "2019-02-03T17:00:11Z"
        }
        """

    @Test("An expiry rate: used after 22 minutes, € 7.00 / € 7.90; expired after 1.5 hours, € 9.00 / € 10.80")
    func expiryRate() throws {
        let tariff = try tariff(Self.expireTime)
        let used = SessionBuilder("2026-01-05T10:00:00Z")
            .reserving(minutes: 22).charging(minutes: 60, kWh: "20").priced(by: tariff)
        #expect(used.totalReservationCost == price("1.50", vat: [("20", "0.30")]))
        #expect(used.totalCost == price("7.00", vat: [("10", "0.50"), ("20", "0.40")]))
        #expect(used.totalCost.afterTaxes == dec("7.90"))

        let expired = SessionBuilder("2026-01-05T10:00:00Z").reserving(minutes: 90).priced(by: tariff)
        #expect(expired.totalCost == price("9.00", vat: [("20", "1.80")]))
        #expect(expired.totalCost.afterTaxes == dec("10.80"))
        #expect(expired.breakdown.map(\.element) == [0])
    }

    @Test("A reservation still running has not expired: the reservation rate applies, not the expiry one")
    func ongoingReservation() throws {
        let session = SessionBuilder("2026-01-05T10:00:00Z").reserving(minutes: 30)
        let priced = TariffPricer(tariff: try tariff(Self.expireTime)).price(session.ongoing)
        #expect(!priced.reservationExpired)
        #expect(priced.totalCost == price("1.50", vat: [("20", "0.30")]))
        #expect(priced.totalFixedCost == Price.zero)
    }
}
