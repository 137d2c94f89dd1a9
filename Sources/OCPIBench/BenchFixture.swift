import OCPIModel
import OCPIStorage
import PGClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// The benchmark's data: three tenants, their owner tokens, a peer granted all of them, and N locations with
/// 2 EVSEs × 2 connectors each, with realistic fields (opening hours, energy mix, images, operator).
struct BenchFixture: Sendable {
    static let tenants: [TenantID] = [
        TenantID(countryCode: "DE", partyID: "BN1")!, TenantID(countryCode: "NL", partyID: "BN2")!, TenantID(countryCode: "FR", partyID: "BN3")!,
    ]

    let locations: Int
    var peerToken = ""
    /// The fixture EMSP's connection id (`NL*BPR`), as SQL for pgbench scripts and set-up statements.
    static let peerIDExpression = "SELECT peer_id FROM peer_roles WHERE country_code = 'NL' AND party_id = 'BPR'"

    /// Locations per tenant, the remainder going to the first ones.
    var perTenant: [Int] {
        (0..<3).map { locations / 3 + ($0 < locations % 3 ? 1 : 0) }
    }

    static func ownerToken(_ tenant: Int) -> String { "bench-owner-\(tenant + 1)" }

    /// `L1-00042`: unique across tenants, so a peer's GET by id finds exactly one.
    static func locationID(tenant: Int, number: Int) -> String {
        "L\(tenant + 1)-" + String(format: "%05d", number)
    }

    /// A full Location body as a back-office would PUT it (no last_updated: the platform stamps it).
    static func body(tenant: Int, number: Int) -> String {
        let id = locationID(tenant: tenant, number: number)
        let key = tenants[tenant]
        let latitude = String(format: "%.6f", 48.0 + Double(number % 500) / 100.0 + Double(tenant))
        let longitude = String(format: "%.6f", 5.0 + Double(number % 700) / 100.0)
        let country = ["DEU", "NLD", "FRA"][tenant]
        let zone = ["Europe/Berlin", "Europe/Amsterdam", "Europe/Paris"][tenant]
        func connector(_ id: String, standard: String, format: String, power: String, voltage: Int, amperage: Int, watts: Int) -> String {
            #"{"id": "\#(id)", "standard": "\#(standard)", "format": "\#(format)", "power_type": "\#(power)", "max_voltage": \#(voltage), "max_amperage": \#(amperage), "max_electric_power": \#(watts), "tariff_ids": ["TARIFF-AC", "TARIFF-DC"], "terms_and_conditions": "https://cpo.example.com/terms"}"#
        }
        let evses = (1...2).map { index in
            #"{"uid": "E\#(index)", "evse_id": "\#(key.countryCode)*\#(key.partyID)*E\#(number)\#(index)", "status": "AVAILABLE", "capabilities": ["RFID_READER", "REMOTE_START_STOP_CAPABLE", "CREDIT_CARD_PAYABLE"], "floor_level": "0", "physical_reference": "\#(index)", "parking_restrictions": ["EV_ONLY"], "connectors": [\#(connector("1", standard: "IEC_62196_T2", format: "SOCKET", power: "AC_3_PHASE", voltage: 230, amperage: 32, watts: 22000)), \#(connector("2", standard: "IEC_62196_T2_COMBO", format: "CABLE", power: "DC", voltage: 920, amperage: 400, watts: 150000))]}"#
        }
        return #"""
            {"country_code": "\#(key.countryCode)", "party_id": "\#(key.partyID)", "id": "\#(id)", "publish": true,
             "name": "Bench Charging Hub \#(number)", "address": "Hauptstrasse \#(number)", "city": "Benchtown", "postal_code": "\#(10000 + number % 89999)",
             "country": "\#(country)", "coordinates": {"latitude": "\#(latitude)", "longitude": "\#(longitude)"}, "parking_type": "ON_STREET",
             "evses": [\#(evses.joined(separator: ", "))],
             "operator": {"name": "Bench CPO \#(tenant + 1)", "website": "https://cpo.example.com"},
             "facilities": ["SUPERMARKET", "CAFE"], "time_zone": "\#(zone)",
             "opening_times": {"twentyfourseven": false, "regular_hours": [{"weekday": 1, "period_begin": "06:00", "period_end": "22:00"}, {"weekday": 2, "period_begin": "06:00", "period_end": "22:00"}, {"weekday": 3, "period_begin": "06:00", "period_end": "22:00"}, {"weekday": 4, "period_begin": "06:00", "period_end": "22:00"}, {"weekday": 5, "period_begin": "06:00", "period_end": "23:00"}]},
             "charging_when_closed": true,
             "images": [{"url": "https://cpo.example.com/img/\#(id).jpg", "thumbnail": "https://cpo.example.com/img/\#(id)-t.jpg", "category": "LOCATION", "type": "jpeg", "width": 1920, "height": 1080}],
             "energy_mix": {"is_green_energy": true, "energy_sources": [{"source": "SOLAR", "percentage": 60}, {"source": "WIND", "percentage": 40}], "supplier_name": "Green Energy Co", "energy_product_name": "100% Renewable"}}
            """#
    }

    /// Creates the tenants, their tokens, the peer, and the locations (through the receiver, as a PUT would).
    mutating func seed(_ pool: PGPool, timeZones: TimeZoneResolver?) async throws {
        for (index, tenant) in Self.tenants.enumerated() {
            try await pool.query(
                "SELECT ocpi_admin.create_tenant(\(tenant.countryCode), \(tenant.partyID), \("Bench CPO \(index + 1)"), NULL, \(Self.ownerToken(index)), true)")
        }
        peerToken = try await pool.query("SELECT ocpi_admin.register_peer('NL', 'BPR', 'EMSP', '*', NULL, NULL)").first!.decode(0, as: String.self)
        let writer = ObjectWriter<Locations>(pool: pool)
        let context = ObjectContext(version: .v2_3_0, defaultLastUpdated: .now(), timeZones: timeZones)
        let jobs = (0..<3).flatMap { tenant in (1...perTenant[tenant]).map { (tenant, $0) } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var iterator = jobs.makeIterator()
            func next(_ group: inout ThrowingTaskGroup<Void, any Error>) {
                guard let (tenant, number) = iterator.next() else { return }
                group.addTask {
                    let draft = try OCPIJSON.decoder.decode(LocationDraft.self, from: Data(Self.body(tenant: tenant, number: number).utf8))
                    let address = ObjectAddress(tenant: Self.tenants[tenant], ids: [Self.locationID(tenant: tenant, number: number)])
                    _ = try await writer.write(ObjectWrite(method: .put, address: address, body: .location(draft), context: context))
                }
            }
            for _ in 0..<8 { next(&group) }
            while try await group.next() != nil { next(&group) }
        }
    }
}
