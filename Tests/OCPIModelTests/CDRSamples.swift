import Foundation
import OCPIModel
import Testing

/// CDR bodies as peers write them, every field used; tests change one thing at a time with `body(_:_:)`.
enum CDRSample {
    /// A 2.3.0 tariff: 0.25/kWh and 2.00/h after the first hour, VAT 21 % on top.
    static let tariff230 = """
        {"country_code": "NL", "party_id": "TNM", "id": "T1", "currency": "EUR", "type": "REGULAR", "tax_included": "NO",
         "max_price": {"before_taxes": 50, "after_taxes": 60.5},
         "elements": [{"price_components": [{"type": "ENERGY", "price": 0.25, "vat": 21, "step_size": 1}]},
                      {"price_components": [{"type": "PARKING_TIME", "price": 2, "vat": 21, "step_size": 60}]}],
         "last_updated": "2024-05-01T00:00:00Z"}
        """

    static let v230 = """
        {"country_code": "NL", "party_id": "TNM", "id": "CDR-1",
         "start_date_time": "2024-06-01T10:00:00Z", "end_date_time": "2024-06-01T11:30:00Z", "session_id": "SES-1",
         "cdr_token": {"country_code": "DE", "party_id": "ABC", "uid": "012345678", "type": "RFID",
                       "contract_id": "DE-ABC-C12345678-X"},
         "auth_method": "AUTH_REQUEST", "authorization_reference": "AUTH-77",
         "cdr_location": {"id": "LOC1", "name": "Station Zuid", "address": "Stationsplein 1", "city": "Amsterdam",
                          "postal_code": "1012AB", "state": "Noord-Holland", "country": "NLD",
                          "coordinates": {"latitude": "52.370216", "longitude": "4.895168"},
                          "evse_uid": "EVSE-1", "evse_id": "NL*TNM*E1*1", "connector_id": "1",
                          "connector_standard": "IEC_62196_T2", "connector_format": "SOCKET",
                          "connector_power_type": "AC_3_PHASE"},
         "meter_id": "M-42", "currency": "EUR",
         "tariffs": [\(tariff230)],
         "charging_periods": [
           {"start_date_time": "2024-06-01T10:00:00Z", "tariff_id": "T1",
            "dimensions": [{"type": "ENERGY", "volume": 11.5}, {"type": "TIME", "volume": 1}, {"type": "MAX_POWER", "volume": 11}]},
           {"start_date_time": "2024-06-01T11:00:00Z", "tariff_id": "T1",
            "dimensions": [{"type": "PARKING_TIME", "volume": 0.5}]}],
         "signed_data": {"encoding_method": "OCMF", "encoding_method_version": 1, "public_key": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
                         "signed_values": [{"nature": "Start", "plain_data": "OCMF|{\\"RD\\":[{\\"RV\\":0.0}]}", "signed_data": "MEUCIQD+"},
                                           {"nature": "End", "plain_data": "OCMF|{\\"RD\\":[{\\"RV\\":11.5}]}", "signed_data": "MEYCIQC/"}],
                         "url": "https://transparenz.example/verify"},
         "total_cost": {"before_taxes": 3.875, "taxes": [{"name": "VAT", "percentage": 21, "amount": 0.8138}]},
         "total_fixed_cost": {"before_taxes": 0},
         "total_energy": 11.5,
         "total_energy_cost": {"before_taxes": 2.875, "taxes": [{"name": "VAT", "percentage": 21, "amount": 0.6038}]},
         "total_time": 1.5,
         "total_time_cost": {"before_taxes": 0},
         "total_parking_time": 0.5,
         "total_parking_cost": {"before_taxes": 1, "taxes": [{"name": "VAT", "percentage": 21, "amount": 0.21}]},
         "total_reservation_cost": {"before_taxes": 0},
         "remark": "Stopped by the driver", "invoice_reference_id": "INV-2024-06", "credit": false,
         "home_charging_compensation": false, "last_updated": "2024-06-01T11:31:00Z"}
        """

    /// The same CDR as a 2.2.1 peer writes it: 2.2.1 Prices, and a tariff without tax_included.
    static let v221 = SampleBodies.edit(v230, [
        "total_cost": #"{"excl_vat": 3.875, "incl_vat": 4.6888}"#,
        "total_fixed_cost": #"{"excl_vat": 0, "incl_vat": 0}"#,
        "total_energy_cost": #"{"excl_vat": 2.875, "incl_vat": 3.4788}"#,
        "total_time_cost": #"{"excl_vat": 0, "incl_vat": 0}"#,
        "total_parking_cost": #"{"excl_vat": 1, "incl_vat": 1.21}"#,
        "total_reservation_cost": #"{"excl_vat": 0, "incl_vat": 0}"#,
        "tariffs": "[" + SampleBodies.edit(tariff230, ["tax_included": nil, "max_price": #"{"excl_vat": 50, "incl_vat": 60.5}"#]) + "]",
    ])

    static func base(_ version: VersionNumber) -> String { version >= .v2_3_0 ? v230 : v221 }

    /// The version's sample with fields replaced (raw JSON) or removed (nil); `cdr_location.address` names a field
    /// of a nested object.
    static func body(_ version: VersionNumber, _ changes: [String: String?]) -> String {
        SampleBodies.edit(base(version), changes)
    }

    static func build(_ json: String, _ context: ObjectContext) throws(ValidationError) -> CDR {
        try CDR(draft: Fixture.body(json), context: context)
    }

    /// The refusal of a POST body (every required field demanded); nil when it builds.
    static func refusal(_ json: String, _ version: VersionNumber = .v2_3_0) -> ValidationError? {
        OCPIModelTests.refusal { () throws(ValidationError) in try build(json, Fixture.strict(version)) }
    }

    static func stored(_ version: VersionNumber = .v2_3_0) throws -> CDR {
        try build(base(version), Fixture.strict(version))
    }
}
