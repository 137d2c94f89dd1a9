import Foundation
import HTTPTypes
import OCPIModel
import PGClient
import Testing
import TestSupport

/// URLs of the Sessions and CDRs modules: the owner's (Receiver) and the peer's (Sender).
enum ChargeURL {
    /// `/ocpi/cpo/{v}/sessions/{cc}/{pid}/{session_id}`, the owner's.
    static func session(_ tenant: TenantID, _ id: String, version: String = "2.3.0") -> String {
        "/ocpi/cpo/\(version)/sessions/\(tenant.countryCode)/\(tenant.partyID)/\(id)"
    }

    /// `/ocpi/cpo/{v}/sessions[/{session_id}][?query]`: the owner's list, or the peer's list and object.
    static func sessions(_ ids: String..., version: String = "2.3.0", query: String = "") -> String {
        "/ocpi/cpo/\(version)/sessions" + ids.map { "/" + $0 }.joined() + (query.isEmpty ? "" : "?" + query)
    }

    /// The peer's `PUT /sessions/{session_id}/charging_preferences`.
    static func preferences(_ id: String, version: String = "2.3.0") -> String {
        "/ocpi/cpo/\(version)/sessions/\(id)/charging_preferences"
    }

    /// `/ocpi/cpo/{v}/cdrs/{cc}/{pid}/{cdr_id}`, where the owner reads a CDR it posted.
    static func cdr(_ tenant: TenantID, _ id: String, version: String = "2.3.0") -> String {
        "/ocpi/cpo/\(version)/cdrs/\(tenant.countryCode)/\(tenant.partyID)/\(id)"
    }

    /// `/ocpi/cpo/{v}/cdrs[/{cdr_id}][?query]`: where the owner POSTs and lists, and the peer lists and reads.
    static func cdrs(_ ids: String..., version: String = "2.3.0", query: String = "") -> String {
        "/ocpi/cpo/\(version)/cdrs" + ids.map { "/" + $0 }.joined() + (query.isEmpty ? "" : "?" + query)
    }

    /// A `date_from` that every test's sessions and CDRs are newer than.
    static let since = "date_from=2000-01-01T00:00:00Z"
}

/// Request bodies of a charge: the site (a location whose EVSE E1 takes charging preferences and E2 does not),
/// tariffs, sessions and CDRs, in either version's shape. Tenants and EMSP parties are random (tests run in
/// parallel), so bodies take the parties to name.
enum ChargeBodies {
    /// The site: location `id` with EVSE E1 (CHARGING_PREFERENCES_CAPABLE) and EVSE E2 (not), each with connector
    /// 1 listing `tariffs`. Time zone Europe/Berlin; the address is `Bodies.location`'s.
    static func site(_ tenant: TenantID, _ id: String = "LOC1", tariffs: [String] = []) -> String {
        let listed = tariffs.map { "\"\($0)\"" }.joined(separator: ", ")
        let connector = Bodies.connector("1", extra: ", \"tariff_ids\": [\(listed)]")
        let capable = Bodies.evse("E1", connectors: [connector], extra: #", "capabilities": ["CHARGING_PREFERENCES_CAPABLE"]"#)
        let plain = Bodies.evse("E2", connectors: [connector])
        return Bodies.location(tenant, id, evses: [capable, plain], lastUpdated: nil)
    }

    /// A 2.3.0 tariff: `price` per kWh (ENERGY, step 1 Wh) plus 21 % VAT, of `type` when given.
    static func tariff(_ tenant: TenantID, _ id: String, price: String = "0.25", type: String? = nil) -> String {
        """
        {"country_code": "\(tenant.countryCode)", "party_id": "\(tenant.partyID)", "id": "\(id)", "currency": "EUR",
         "tax_included": "NO"\(type.map { ", \"type\": \"\($0)\"" } ?? ""),
         "elements": [{"price_components": [{"type": "ENERGY", "price": \(price), "vat": 21, "step_size": 1}]}]}
        """
    }

    /// The token of an EMSP party.
    static func token(_ party: TenantID, uid: String = "TOKEN-1", type: String = "RFID") -> String {
        """
        {"country_code": "\(party.countryCode)", "party_id": "\(party.partyID)", "uid": "\(uid)", "type": "\(type)",
         "contract_id": "\(party.countryCode)-\(party.partyID)-C\(uid)"}
        """
    }

    /// A charging period starting at `start` with the ENERGY (kWh) and TIME (hours) volumes given.
    static func period(_ start: String, energy: String? = nil, time: String? = nil) -> String {
        let dimensions = [energy.map { #"{"type": "ENERGY", "volume": \#($0)}"# }, time.map { #"{"type": "TIME", "volume": \#($0)}"# }]
            .compactMap { $0 }.joined(separator: ", ")
        return #"{"start_date_time": "\#(start)", "dimensions": [\#(dimensions)]}"#
    }

    /// A Price in the version's shape: 2.3.0 `before_taxes` with 21 % VAT of `vat`; 2.2.1 `excl_vat`, `incl_vat`.
    static func price(_ before: String, vat: String, version: String = "2.3.0") -> String {
        if version == "2.2.1" {
            let after = Decimal(string: before)! + Decimal(string: vat)!
            return #"{"excl_vat": \#(before), "incl_vat": \#(after)}"#
        }
        return #"{"before_taxes": \#(before), "taxes": [{"name": "VAT", "percentage": 21, "amount": \#(vat)}]}"#
    }

    /// A session of tenant `tenant` for a token of `party`, at LOC1/E1/1 unless told, started 2024-06-01T10:00Z.
    static func session(
        _ tenant: TenantID, _ id: String, token party: TenantID, location: String = "LOC1", evse: String = "E1",
        connector: String = "1", status: String = "ACTIVE", kwh: String = "0", periods: [String]? = nil,
        lastUpdated: String? = "2024-06-01T10:00:00Z", extra: String = ""
    ) -> String {
        let listed = periods.map { ", \"charging_periods\": [" + $0.joined(separator: ", ") + "]" } ?? ""
        return """
            {"country_code": "\(tenant.countryCode)", "party_id": "\(tenant.partyID)", "id": "\(id)",
             "start_date_time": "2024-06-01T10:00:00Z", "kwh": \(kwh), "cdr_token": \(token(party)),
             "auth_method": "WHITELIST", "location_id": "\(location)", "evse_uid": "\(evse)", "connector_id": "\(connector)",
             "currency": "EUR", "status": "\(status)"\(listed)\(lastUpdated.map { ", \"last_updated\": \"\($0)\"" } ?? "")\(extra)}
            """
    }

    /// The `cdr_location` of LOC1's EVSE E1, connector 1 (as `site` and `Bodies.location` describe them).
    static func cdrLocation(_ location: String = "LOC1", address: String = "Main Street 1") -> String {
        """
        {"id": "\(location)", "name": "Test site", "address": "\(address)", "city": "Berlin", "postal_code": "10117",
         "country": "DEU", "coordinates": {"latitude": "52.520000", "longitude": "13.405000"},
         "evse_uid": "E1", "evse_id": "DE*ABC*E1", "connector_id": "1",
         "connector_standard": "IEC_62196_T2", "connector_format": "SOCKET", "connector_power_type": "AC_3_PHASE"}
        """
    }

    /// The totals a CDR carries: `total_cost` (see `price`), total_energy and total_time.
    static func totals(_ before: String, vat: String, energy: String = "10", time: String = "1", version: String = "2.3.0") -> String {
        #", "total_cost": \#(price(before, vat: vat, version: version)), "total_energy": \#(energy), "total_time": \#(time)"#
    }

    /// The periods of a CDR for 10 kWh over one hour: at 0.25 per kWh, 2.50 plus 0.525 VAT.
    static let tenKWh = [period("2024-06-01T10:00:00Z", energy: "10", time: "1")]

    /// A CDR of tenant `tenant` for a token of `party`, 10:00 to 11:00Z on 2024-06-01 at LOC1/E1/1. Without
    /// `totals` it carries no total_cost, total_energy or total_time (the platform prices it).
    static func cdr(
        _ tenant: TenantID, _ id: String, token party: TenantID, tokenType: String = "RFID", sessionID: String? = nil,
        periods: [String] = tenKWh, totals: String = "", address: String = "Main Street 1", extra: String = ""
    ) -> String {
        """
        {"country_code": "\(tenant.countryCode)", "party_id": "\(tenant.partyID)", "id": "\(id)",
         "start_date_time": "2024-06-01T10:00:00Z", "end_date_time": "2024-06-01T11:00:00Z"\(sessionID.map { ", \"session_id\": \"\($0)\"" } ?? ""),
         "cdr_token": \(token(party, type: tokenType)), "auth_method": "WHITELIST",
         "cdr_location": \(cdrLocation(address: address)), "currency": "EUR",
         "charging_periods": [\(periods.joined(separator: ", "))]\(totals),
         "last_updated": "2024-06-01T11:01:00Z"\(extra)}
        """
    }
}

/// Set-up shared by the Sessions and CDRs suites.
enum Charge {
    /// A tenant with its site (LOC1 listing `tariffs`) and those tariffs (`ChargeBodies.tariff` at 0.25 per kWh).
    static func tenantWithSite(
        _ http: LocationsClient, _ pool: PGPool, tariffs: [String] = []
    ) async throws -> (tenant: TenantID, token: String) {
        let (tenant, token) = try await TestDatabase.createTenant(pool)
        for id in tariffs {
            try #require(try await http.put(tariff(tenant, id), token: token, ChargeBodies.tariff(tenant, id)).status == .created)
        }
        try #require(try await http.put(Loc.owner(tenant, "LOC1"), token: token, ChargeBodies.site(tenant, tariffs: tariffs)).status == .created)
        return (tenant, token)
    }

    /// The owner's URL of a tariff.
    static func tariff(_ tenant: TenantID, _ id: String) -> String {
        "/ocpi/cpo/2.3.0/tariffs/\(tenant.countryCode)/\(tenant.partyID)/\(id)"
    }

    /// Start times of a session's or CDR's charging periods, in order.
    static func periodStarts(_ object: JSONValue?) -> [String] {
        (object?["charging_periods"]?.array ?? []).compactMap { $0["start_date_time"]?.string }
    }

    /// Ids of a list response's objects, in order.
    static func ids(_ reply: LocationsReply) -> [String] {
        (reply.data?.array ?? []).compactMap { $0["id"]?.string }
    }
}
