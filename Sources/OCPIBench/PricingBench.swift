#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import OCPIModel
import OCPIPricing
import OCPIStorage

/// Pricing's hot path: a 24-period session (one period an hour, energy, charging time and power, the last hours
/// parked) priced against the benchmark's tariff (a start fee, day and night energy prices, a charging-time price
/// after two hours, parking, limits), in the process (no HTTP, no SQL) and through `POST …/price`.
enum PricingBench {
    static let timeZone = "Europe/Berlin"

    /// The session as the price call's body.
    static var sessionJSON: String {
        var periods: [String] = []
        for hour in 0..<24 {
            let start = String(format: "2024-06-03T%02d:00:00Z", hour)
            let dimensions =
                hour < 20
                ? #"[{"type": "ENERGY", "volume": 7.4}, {"type": "TIME", "volume": 1}, {"type": "MAX_POWER", "volume": 7.4}]"#
                : #"[{"type": "PARKING_TIME", "volume": 1}]"#
            periods.append(#"{"start_date_time": "\#(start)", "dimensions": \#(dimensions)}"#)
        }
        return #"{"time_zone": "\#(timeZone)", "start_date_time": "2024-06-03T00:00:00Z", "end_date_time": "2024-06-04T00:00:00Z", "charging_periods": [\#(periods.joined(separator: ", "))]}"#
    }

    struct Session: Decodable {
        var startDateTime: DateTime
        var endDateTime: DateTime
        var chargingPeriods: [ChargingPeriod]
        enum CodingKeys: String, CodingKey {
            case startDateTime = "start_date_time"
            case endDateTime = "end_date_time"
            case chargingPeriods = "charging_periods"
        }
    }

    /// Microseconds per pricing: the median of 5 batches of `count`, after a warm-up.
    static func measure(count: Int = 20_000) throws -> (micros: Double, total: String) {
        let draft = try OCPIJSON.decoder.decode(TariffDraft.self, from: Data(TariffBench.body(tenant: 0, id: TariffBench.tariffID(1)).utf8))
        let tariff = try Tariff(draft: draft, context: ObjectContext(version: .v2_3_0, defaultLastUpdated: .now(), timeZones: nil))
        let session = try OCPIJSON.decoder.decode(Session.self, from: Data(sessionJSON.utf8))
        guard let zone = TimeZone(identifier: timeZone) else { throw BenchError("no time zone \(timeZone)") }
        let input = PricingInput(timeZone: zone, startDateTime: session.startDateTime, endDateTime: session.endDateTime, chargingPeriods: session.chargingPeriods)
        let pricer = TariffPricer(tariff: tariff)
        var total = pricer.price(input).totalCost
        var batches: [Double] = []
        for batch in 0...5 {
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                for _ in 0..<count { total = pricer.price(input).totalCost }
            }
            if batch > 0 {
                batches.append(Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
            }
        }
        batches.sort()
        return (batches[batches.count / 2] / Double(count), "\(total.beforeTaxes) before taxes, \(total.afterTaxes) after")
    }

    /// POST …/tariffs/{cc}/{pid}/{id}/price by the owner, random tariffs.
    static func wrkPrice() -> String {
        TariffBench.luaPrelude + """
            local tokens = {"\(Scripts.authorization(BenchFixture.ownerToken(0)))", "\(Scripts.authorization(BenchFixture.ownerToken(1)))", "\(Scripts.authorization(BenchFixture.ownerToken(2)))"}
            local body = [[\(sessionJSON)]]
            request = function()
              local t, id = pick()
              return wrk.format("POST", "/ocpi/cpo/2.3.0/tariffs/" .. tenants[t][1] .. "/" .. tenants[t][2] .. "/" .. id .. "/price",
                {["Authorization"] = tokens[t], ["Content-Type"] = "application/json"}, body)
            end
            """
    }

    /// What the call asks of PostgreSQL: the tariff's stored document.
    static func pgPrice() -> String {
        let address = ObjectAddress(tenant: BenchFixture.tenants[0], ids: ["X"])
        return TariffBench.pgPrelude + Scripts.pgbench(
            ObjectStatements<Tariffs>.load(address),
            [1: Scripts.countryExpression, 2: Scripts.partyExpression, 3: TariffBench.idExpression])
    }
}
