import HTTPTypes
import OCPIModel
import PGClient
import Testing
import TestSupport

/// Each validation rule refused over HTTP: HTTP 200 with status 2001 and a status_message naming the field and the
/// rule, and nothing stored (a new object stays unknown, an existing one keeps its previous state exactly).
@Suite(.timeLimit(.minutes(1)))
struct LocationsHTTPValidationTests {
    /// A refused body: its URL level, the body, and what the status_message must contain.
    struct Case: Sendable, CustomTestStringConvertible {
        enum Level: Sendable { case location, evse, connector }
        var name: String
        var level: Level
        var method: HTTPRequest.Method
        var body: @Sendable (TenantID) -> String
        var expected: [String]
        var testDescription: String { name }
    }

    static let brokenCoordinates = #"{"latitude": "95.000000", "longitude": "13.405000"}"#

    static let locationCases: [Case] = [
        Case(name: "missing address", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW").replacing(#""address": "Main Street 1", "#, with: "")
        }, expected: ["address is required"]),
        Case(name: "latitude out of range", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW").replacing(
                #"{"latitude": "52.520000", "longitude": "13.405000"}"#, with: brokenCoordinates)
        }, expected: ["coordinates.latitude", "between -90 and 90"]),
        Case(name: "longitude not a number", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW").replacing(#""longitude": "13.405000""#, with: #""longitude": "east""#)
        }, expected: ["coordinates.longitude", "decimal number"]),
        Case(name: "bad EVSE status enum", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW", evses: [Bodies.evse("E1", status: "SLEEPING")])
        }, expected: ["evses[0].status", "must be one of", "AVAILABLE"]),
        Case(name: "bad connector format enum", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW", evses: [Bodies.evse("E1").replacing("\"SOCKET\"", with: "\"PLUG\"")])
        }, expected: ["evses[0].connectors[0].format", "must be one of"]),
        Case(name: "EVSE uid longer than 36", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW", evses: [Bodies.evse(String(repeating: "U", count: 37))])
        }, expected: ["evses[0].uid", "at most 36 characters"]),
        Case(name: "connector without standard", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW", evses: [Bodies.evse("E1").replacing(#""standard": "IEC_62196_T2", "#, with: "")])
        }, expected: ["evses[0].connectors[0].standard is required"]),
        Case(name: "EVSE without connectors", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW", evses: [#"{"uid": "E1", "status": "AVAILABLE", "connectors": []}"#])
        }, expected: ["evses[0].connectors", "at least one connector"]),
        Case(name: "duplicate EVSE uid (case-insensitive)", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW", evses: [Bodies.evse("E1"), Bodies.evse("e1")])
        }, expected: ["evses[1].uid", "unique"]),
        Case(name: "duplicate connector id", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW", evses: [Bodies.evse("E1", connectors: [Bodies.connector("1"), Bodies.connector("1")])])
        }, expected: ["evses[0].connectors[1].id", "unique"]),
        Case(name: "body id differs from the URL", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "OTHER")
        }, expected: ["id", "OTHER", "does not match", "NEW"]),
        Case(name: "body party_id differs from the URL", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW").replacing(#""party_id": "\#(tenant.partyID)""#, with: #""party_id": "ZZZ""#)
        }, expected: ["party_id", "does not match"]),
        Case(name: "country not alpha-3", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW").replacing(#""country": "DEU""#, with: #""country": "DE""#)
        }, expected: ["country", "alpha-3"]),
        Case(name: "city longer than 45", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW").replacing(#""city": "Berlin""#, with: #""city": "\#(String(repeating: "B", count: 46))""#)
        }, expected: ["city", "at most 45 characters"]),
        Case(name: "publish_allowed_to with publish true", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW", extra: #", "publish_allowed_to": [{"group_id": "G1"}]"#)
        }, expected: ["publish_allowed_to", "only", "publish is false"]),
        Case(name: "opening hours period_begin not HH:MM", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW", extra: #", "opening_times": {"twentyfourseven": false, "regular_hours": [{"weekday": 1, "period_begin": "8am", "period_end": "22:00"}]}"#)
        }, expected: ["opening_times.regular_hours[0].period_begin"]),
        Case(name: "image without url", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW", extra: #", "images": [{"category": "NETWORK", "type": "jpeg"}]"#)
        }, expected: ["images[0].url is required"]),
        Case(name: "energy source over 100 percent", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW", extra: #", "energy_mix": {"is_green_energy": true, "energy_sources": [{"source": "SOLAR", "percentage": 160}]}"#)
        }, expected: ["energy_mix.energy_sources[0].percentage", "between 0 and 100"]),
        Case(name: "publish not a boolean", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW").replacing(#""publish": true"#, with: #""publish": "yes""#)
        }, expected: ["publish", "must be a boolean"]),
        Case(name: "missing time_zone underivable (unknown country)", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW").replacing(#", "time_zone": "Europe/Berlin""#, with: "")
                .replacing(#""country": "DEU""#, with: #""country": "XXX""#)
        }, expected: ["time_zone", "could not be derived"]),
        Case(name: "last_updated not a date-time", level: .location, method: .put, body: { tenant in
            Bodies.location(tenant, "NEW", lastUpdated: "yesterday")
        }, expected: ["last_updated"]),
    ]

    /// Refusals of a PUT of a new location: 2001, the message, and the location stays unknown to owner and peer.
    @Test(arguments: locationCases)
    func aRefusedNewLocationIsNotStored(_ refused: Case) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let reply = try await http.put(Loc.owner(tenant, "NEW"), token: token, refused.body(tenant))
            #expect(reply.status == .ok)
            #expect(reply.code == 2001, "\(reply.message)")
            for part in refused.expected {
                #expect(reply.message.contains(part), "\(reply.message) should contain \(part)")
            }
            let got = try await http.get(Loc.owner(tenant, "NEW"), token: token)
            #expect(got.status == .notFound)
            #expect(got.code == 2003)
            let list = try await http.get(Loc.list(), token: token)
            #expect(list.header("X-Total-Count") == "0")
        }
    }

    /// The same refusals when the location exists: the stored location is unchanged, byte for byte.
    @Test(arguments: locationCases)
    func aRefusedReplacementKeepsThePreviousState(_ refused: Case) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let created = try await http.put(
                Loc.owner(tenant, "NEW"), token: token, Bodies.location(tenant, "NEW", evses: [Bodies.evse("KEEP")], lastUpdated: "2023-01-01T00:00:00Z"))
            #expect(created.code == 1000, "\(created.message)")
            let before = try await http.get(Loc.owner(tenant, "NEW"), token: token).data
            let reply = try await http.put(Loc.owner(tenant, "NEW"), token: token, refused.body(tenant))
            #expect(reply.status == .ok)
            #expect(reply.code == 2001, "\(reply.message)")
            #expect(try await http.get(Loc.owner(tenant, "NEW"), token: token).data == before)
        }
    }

    /// Refusals at the EVSE and Connector URLs and of PATCHes, each leaving the stored location exactly as it was.
    static let childCases: [Case] = [
        Case(name: "EVSE PUT: bad status", level: .evse, method: .put, body: { _ in Bodies.evse("E1", status: "ASLEEP") },
             expected: ["status", "must be one of"]),
        Case(name: "EVSE PUT: uid differs from the URL", level: .evse, method: .put, body: { _ in Bodies.evse("E2") },
             expected: ["uid", "E2", "does not match", "E1"]),
        Case(name: "EVSE PUT: missing connectors", level: .evse, method: .put,
             body: { _ in #"{"uid": "E1", "status": "AVAILABLE"}"# }, expected: ["connectors is required"]),
        Case(name: "EVSE PUT: connector id too long", level: .evse, method: .put,
             body: { _ in Bodies.evse("E1", connectors: [Bodies.connector(String(repeating: "C", count: 37))]) },
             expected: ["connectors[0].id", "at most 36 characters"]),
        Case(name: "EVSE PATCH: bad status", level: .evse, method: .patch, body: { _ in #"{"status": "HAPPY"}"# },
             expected: ["status", "must be one of"]),
        Case(name: "EVSE PATCH: uid differs from the URL", level: .evse, method: .patch, body: { _ in #"{"uid": "E9", "status": "CHARGING"}"# },
             expected: ["uid", "does not match"]),
        Case(name: "EVSE PATCH: bad coordinates", level: .evse, method: .patch,
             body: { _ in #"{"coordinates": {"latitude": "52.5", "longitude": "200.0"}}"# },
             expected: ["coordinates.longitude", "between -180 and 180"]),
        Case(name: "Connector PUT: missing standard", level: .connector, method: .put,
             body: { _ in Bodies.connector("1").replacing(#""standard": "IEC_62196_T2", "#, with: "") },
             expected: ["standard is required"]),
        Case(name: "Connector PUT: id differs from the URL", level: .connector, method: .put, body: { _ in Bodies.connector("2") },
             expected: ["id", "does not match"]),
        Case(name: "Connector PUT: bad power_type", level: .connector, method: .put,
             body: { _ in Bodies.connector("1").replacing("AC_3_PHASE", with: "AC_4_PHASE") },
             expected: ["power_type", "must be one of"]),
        Case(name: "Connector PATCH: negative max_voltage", level: .connector, method: .patch, body: { _ in #"{"max_voltage": -1}"# },
             expected: ["max_voltage", "negative"]),
        Case(name: "Connector PATCH: max_amperage not an integer", level: .connector, method: .patch, body: { _ in #"{"max_amperage": 16.5}"# },
             expected: ["max_amperage", "integer"]),
        Case(name: "Connector PATCH: id differs from the URL", level: .connector, method: .patch, body: { _ in #"{"id": "7"}"# },
             expected: ["id", "does not match"]),
        Case(name: "Location PATCH: id differs from the URL", level: .location, method: .patch, body: { _ in #"{"id": "OTHER", "name": "x"}"# },
             expected: ["id", "does not match"]),
        Case(name: "Location PATCH: country_code differs", level: .location, method: .patch, body: { _ in #"{"country_code": "ZZ"}"# },
             expected: ["country_code", "does not match"]),
        Case(name: "Location PATCH: bad coordinates", level: .location, method: .patch,
             body: { _ in #"{"coordinates": {"latitude": "-91", "longitude": "13.4"}}"# },
             expected: ["coordinates.latitude", "between -90 and 90"]),
        Case(name: "Location PATCH: name too long", level: .location, method: .patch,
             body: { _ in #"{"name": "\#(String(repeating: "n", count: 256))"}"# }, expected: ["name", "at most 255 characters"]),
        Case(name: "Location PATCH: bad energy source (closed enum)", level: .location, method: .patch,
             body: { _ in #"{"energy_mix": {"is_green_energy": true, "energy_sources": [{"source": "PLUTONIUM", "percentage": 100}]}}"# },
             expected: ["energy_mix.energy_sources[0].source", "must be one of"]),
    ]

    @Test(arguments: childCases)
    func aRefusedChildWriteChangesNothing(_ refused: Case) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let created = try await http.put(
                Loc.owner(tenant, "L1"), token: token, Bodies.location(tenant, "L1", evses: [Bodies.evse("E1")], lastUpdated: "2023-01-01T00:00:00Z"))
            #expect(created.code == 1000, "\(created.message)")
            let before = try await http.get(Loc.owner(tenant, "L1"), token: token).data
            let uri: String
            switch refused.level {
            case .location: uri = Loc.owner(tenant, "L1")
            case .evse: uri = Loc.owner(tenant, "L1", "E1")
            case .connector: uri = Loc.owner(tenant, "L1", "E1", "1")
            }
            let reply = try await http.send(refused.method, uri, token: token, body: refused.body(tenant))
            #expect(reply.status == .ok)
            #expect(reply.code == 2001, "\(reply.message)")
            for part in refused.expected {
                #expect(reply.message.contains(part), "\(reply.message) should contain \(part)")
            }
            #expect(try await http.get(Loc.owner(tenant, "L1"), token: token).data == before)
        }
    }

    /// Not JSON at all: HTTP 400 with 2001, and nothing stored.
    @Test(arguments: ["{\"id\": \"NEW\"", "not json", "{\"name\": }", "{\"name\": \"x\"}}"])
    func malformedJSONIs400(_ body: String) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            _ = try await http.put(Loc.owner(tenant, "OLD"), token: token, Bodies.location(tenant, "OLD", evses: [Bodies.evse("E1")]))
            let before = try await http.get(Loc.owner(tenant, "OLD"), token: token).data
            for uri in [Loc.owner(tenant, "NEW"), Loc.owner(tenant, "OLD", "E2")] {
                let reply = try await http.put(uri, token: token, body)
                #expect(reply.status == .badRequest, "\(uri)")
                #expect(reply.code == 2001)
                #expect(reply.message.contains("not valid JSON"), "\(reply.message)")
            }
            for uri in [Loc.owner(tenant, "OLD"), Loc.owner(tenant, "OLD", "E1"), Loc.owner(tenant, "OLD", "E1", "1")] {
                let reply = try await http.patch(uri, token: token, body)
                #expect(reply.status == .badRequest, "\(uri)")
                #expect(reply.code == 2001)
            }
            #expect(try await http.get(Loc.owner(tenant, "NEW"), token: token).status == .notFound)
            #expect(try await http.get(Loc.owner(tenant, "OLD"), token: token).data == before)
        }
    }

    /// An empty body on PUT is refused with 2001 too.
    @Test func anEmptyBodyIsRefused() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let reply = try await http.send(.put, Loc.owner(tenant, "NEW"), token: token)
            #expect(reply.code == 2001)
            #expect(reply.message.contains("no body"), "\(reply.message)")
            #expect(try await http.get(Loc.owner(tenant, "NEW"), token: token).status == .notFound)
        }
    }

    /// A location id in the URL longer than 36 characters is refused before anything is read or stored.
    @Test func aTooLongURLIdIsRefused() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let id = String(repeating: "L", count: 37)
            let reply = try await http.put(Loc.owner(tenant, id), token: token, Bodies.location(tenant, id))
            #expect(reply.status == .badRequest, "a bad URL parameter, like a bad query parameter")
            #expect(reply.code == 2001)
            #expect(reply.message.contains("location_id"), "\(reply.message)")
            #expect(reply.message.contains("36"), "\(reply.message)")
            let list = try await http.get(Loc.list(), token: token)
            #expect(list.header("X-Total-Count") == "0")
        }
    }

    /// Several issues are reported at once, so a client fixes them in one round trip.
    @Test func everyIssueIsReportedAtOnce() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let body = Bodies.location(tenant, "NEW", evses: [Bodies.evse("E1", status: "NOPE")])
                .replacing(#""city": "Berlin", "#, with: "")
                .replacing(#""latitude": "52.520000""#, with: #""latitude": "north""#)
            let reply = try await http.put(Loc.owner(tenant, "NEW"), token: token, body)
            #expect(reply.code == 2001)
            for part in ["city is required", "coordinates.latitude", "evses[0].status"] {
                #expect(reply.message.contains(part), "\(reply.message) should contain \(part)")
            }
        }
    }

    /// Unknown JSON fields are not a reason to refuse (2.3.0's rule, applied to both versions).
    @Test(arguments: ["2.2.1", "2.3.0"])
    func unknownFieldsAreAccepted(version: String) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let body = Bodies.location(
                tenant, "L1", evses: [Bodies.evse("E1", extra: #", "vendor_flag": {"x": 1}"#)], extra: #", "custom_extension": [1, 2]"#)
            let reply = try await http.put(Loc.owner(tenant, "L1", version: version), token: token, body)
            #expect(reply.code == 1000, "\(reply.message)")
            let got = try await http.get(Loc.owner(tenant, "L1", version: version), token: token)
            #expect(got.data?["custom_extension"] == nil)
            #expect(got.data?["evses"]?[0]?["uid"]?.string == "E1")
        }
    }

    /// OCPI `int` has no bound: a large value is stored and served exactly, never a 500 from a too-small column;
    /// beyond what an integer can hold, 2001.
    @Test func largeIntegersAreStoredOrRefusedNeverA500() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let big = Bodies.connector("1").replacing("\"max_voltage\": 230", with: "\"max_voltage\": 3000000000")
                .replacing("\"max_amperage\": 16", with: "\"max_amperage\": 2147483648, \"max_electric_power\": 9000000000000")
            let reply = try await http.put(Loc.owner(tenant, "L1"), token: token, Bodies.location(tenant, "L1", evses: [Bodies.evse("E1", connectors: [big])]))
            #expect(reply.status == .created, "\(reply.message)")
            let connector = try await http.get(Loc.owner(tenant, "L1", "E1", "1"), token: token).data
            #expect(connector?["max_voltage"]?.number == 3_000_000_000)
            #expect(connector?["max_amperage"]?.number == 2_147_483_648)
            #expect(connector?["max_electric_power"]?.number == 9_000_000_000_000)

            let huge = try await http.patch(Loc.owner(tenant, "L1", "E1", "1"), token: token, #"{"max_voltage": 1e30}"#)
            #expect(huge.status == .ok)
            #expect(huge.code == 2001)
            #expect(huge.message.contains("max_voltage"), "\(huge.message)")
            #expect(try await http.get(Loc.owner(tenant, "L1", "E1", "1"), token: token).data == connector)
        }
    }

    /// A last_updated PostgreSQL cannot hold (year 0000 parses as RFC 3339) is a 2001, never a 500, and nothing is
    /// stored.
    @Test(arguments: ["0000-01-01T00:00:00Z", "0001-01-01T00:30:00+01:00"])
    func anUnstorableDateIsRefusedNotA500(_ date: String) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let reply = try await http.put(Loc.owner(tenant, "L1"), token: token, Bodies.location(tenant, "L1", lastUpdated: date))
            #expect(reply.status == .ok, "\(reply.message)")
            #expect(reply.code == 2001, "\(reply.message)")
            #expect(reply.message.contains("last_updated"), "\(reply.message)")
            #expect(try await http.get(Loc.owner(tenant, "L1"), token: token).status == .notFound)
        }
    }

    /// DateTimes with an offset or more than three decimals are accepted and served as UTC milliseconds; echoing the
    /// served value back is never "older" than what is stored.
    @Test func dateTimesAreNormalisedToUTCMilliseconds() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let put = try await http.put(
                Loc.owner(tenant, "L1"), token: token,
                Bodies.location(tenant, "L1", evses: [Bodies.evse("E1", lastUpdated: "2024-05-05T10:00:00.1239")], lastUpdated: "2024-01-01T02:00:00+02:00"))
            #expect(put.code == 1000, "\(put.message)")
            let location = try await http.get(Loc.owner(tenant, "L1"), token: token).data
            #expect(location?["evses"]?[0]?["last_updated"]?.string == "2024-05-05T10:00:00.123Z")
            #expect(location?["last_updated"]?.string == "2024-05-05T10:00:00.123Z", "raised to its latest EVSE's")
            let echo = try await http.patch(Loc.owner(tenant, "L1", "E1"), token: token, #"{"status": "CHARGING", "last_updated": "2024-05-05T10:00:00.123Z"}"#)
            #expect(echo.code == 1000, "\(echo.message)")
        }
    }
}
