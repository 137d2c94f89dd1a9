import Foundation
import OCPIModel
import Testing

/// Shared fixtures: contexts, the real tzdata, and helpers to read bodies and catch refusals.
enum Fixture {
    /// The system's tzdata `zone.tab`, read once; empty when missing (tests that need it then fail on `#require`).
    static let zoneTab = (try? String(contentsOfFile: "/usr/share/zoneinfo/zone.tab", encoding: .utf8)) ?? ""
    static let timeZones = TimeZoneResolver(zoneTab: zoneTab)

    static let t2024 = DateTime("2024-01-01T00:00:00Z")!
    static let later = DateTime("2024-06-01T12:00:00Z")!
    static let now = DateTime("2025-03-01T08:30:00.250Z")!

    /// A tenant's own push: last_updated and time_zone may be left out.
    static func tenant(_ version: VersionNumber = .v2_3_0, now: DateTime = Fixture.now) -> ObjectContext {
        ObjectContext(version: version, defaultLastUpdated: now, timeZones: timeZones)
    }

    /// A push from a peer that must send every required field.
    static func strict(_ version: VersionNumber = .v2_3_0) -> ObjectContext {
        ObjectContext(version: version, defaultLastUpdated: nil, timeZones: nil)
    }

    static func decode<T: Decodable>(_ json: String, as type: T.Type = T.self) throws -> T {
        try OCPIJSON.decoder.decode(T.self, from: Data(json.utf8))
    }

    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try OCPIJSON.encoder.encode(value), as: UTF8.self)
    }

    static func location(_ json: String, _ context: ObjectContext = tenant()) throws -> Location {
        try Location(draft: decode(json), context: context)
    }
}

/// The refusal of a Location PUT body; nil when it builds.
func locationRefusal(_ json: String, _ context: ObjectContext) -> ValidationError? {
    refusal { () throws(ValidationError) in try Location(draft: Fixture.body(json), context: context) }
}

/// The error a throwing build or check ends with; nil when it succeeds.
func refusal<T>(_ body: () throws(ValidationError) -> T) -> ValidationError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

extension ValidationError? {
    /// The rules reported for one field.
    func rules(for field: String) -> [String] {
        (self?.issues ?? []).filter { $0.field == field }.map(\.rule)
    }

    var fields: [String] { (self?.issues ?? []).map(\.field) }
}

extension JSONValue {
    /// A JSON text as a value, to compare encoded bodies key by key.
    init(json: String) throws {
        self = try Fixture.decode(json)
    }
}

extension Fixture {
    /// A body decoded inside a typed-throws closure: a decoding failure becomes the ValidationError a server sends.
    static func body<T: Decodable>(_ json: String) throws(ValidationError) -> T {
        do {
            return try OCPIJSON.decoder.decode(T.self, from: Data(json.utf8))
        } catch let error as DecodingError {
            throw ValidationError(decoding: error)
        } catch {
            throw ValidationError(issues: [.init(field: "", rule: "\(error)")])
        }
    }
}
