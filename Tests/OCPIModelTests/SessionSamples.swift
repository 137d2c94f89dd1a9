import Foundation
import OCPIModel
import Testing

/// Session bodies as peers write them, every field used; tests change one thing at a time with `body(_:_:)`.
enum SessionSample {
    /// A completed session in 2.3.0: V2G power (negative) and state of charge are Session-only dimensions.
    static let v230 = """
        {"country_code": "NL", "party_id": "TNM", "id": "SES-1",
         "start_date_time": "2024-06-01T10:00:00Z", "end_date_time": "2024-06-01T11:30:00Z", "kwh": 11.5,
         "cdr_token": {"country_code": "DE", "party_id": "ABC", "uid": "012345678", "type": "RFID",
                       "contract_id": "DE-ABC-C12345678-X"},
         "auth_method": "WHITELIST", "authorization_reference": "AUTH-77",
         "location_id": "LOC1", "evse_uid": "EVSE-1", "connector_id": "1", "meter_id": "M-42", "currency": "EUR",
         "charging_periods": [
           {"start_date_time": "2024-06-01T10:00:00Z", "tariff_id": "T1",
            "dimensions": [{"type": "ENERGY", "volume": 6.5}, {"type": "MAX_CURRENT", "volume": 32},
                           {"type": "STATE_OF_CHARGE", "volume": 40}]},
           {"start_date_time": "2024-06-01T10:45:00Z",
            "dimensions": [{"type": "ENERGY", "volume": 5}, {"type": "POWER", "volume": -3.2}]},
           {"start_date_time": "2024-06-01T11:15:00Z", "tariff_id": "T1",
            "dimensions": [{"type": "PARKING_TIME", "volume": 0.25}]}],
         "total_cost": {"before_taxes": 4.6,
                        "taxes": [{"name": "VAT", "account_number": "NL001234567B01", "percentage": 21, "amount": 0.966}]},
         "status": "COMPLETED", "last_updated": "2024-06-01T11:30:05Z"}
        """

    /// The same session as a 2.2.1 peer writes it: only the Price differs.
    static let v221 = body(.v2_3_0, ["total_cost": #"{"excl_vat": 4.6, "incl_vat": 5.566}"#])

    static func base(_ version: VersionNumber) -> String { version >= .v2_3_0 ? v230 : v221 }

    /// The version's sample with fields replaced (raw JSON) or removed (nil). A key may name a field of a nested
    /// object: `cdr_token.type`.
    static func body(_ version: VersionNumber, _ changes: [String: String?]) -> String {
        SampleBodies.edit(base(version), changes)
    }

    static func build(_ json: String, _ context: ObjectContext) throws(ValidationError) -> Session {
        try Session(draft: Fixture.body(json), context: context)
    }

    /// The refusal of a PUT body (every required field demanded); nil when it builds.
    static func refusal(_ json: String, _ version: VersionNumber = .v2_3_0) -> ValidationError? {
        OCPIModelTests.refusal { () throws(ValidationError) in try build(json, Fixture.strict(version)) }
    }

    static func stored(_ version: VersionNumber = .v2_3_0) throws -> Session {
        try build(base(version), Fixture.strict(version))
    }
}

/// Editing JSON bodies field by field, for samples that break one thing at a time.
enum SampleBodies {
    static func edit(_ json: String, _ changes: [String: String?]) -> String {
        guard case .object(var object)? = try? JSONValue(json: json) else { fatalError("sample is not a JSON object") }
        for (path, raw) in changes {
            let value = raw.map { text -> JSONValue in
                guard let value = try? JSONValue(json: text) else { fatalError("not JSON: \(text)") }
                return value
            }
            set(&object, path.split(separator: ".").map(String.init), value)
        }
        return (try? Fixture.encode(JSONValue.object(object))) ?? ""
    }

    private static func set(_ object: inout [String: JSONValue], _ path: [String], _ value: JSONValue?) {
        guard let key = path.first else { return }
        if path.count == 1 {
            object[key] = value
        } else if case .object(var inner)? = object[key] {
            set(&inner, Array(path.dropFirst()), value)
            object[key] = .object(inner)
        }
    }
}
