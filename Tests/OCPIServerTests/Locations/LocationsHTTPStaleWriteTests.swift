import HTTPTypes
import OCPIModel
import PGClient
import Testing
import TestSupport

/// A write whose last_updated is older than the stored object's is refused (2001, the message says "older") and
/// the newer data is kept; an equal last_updated is accepted. At every level, for PUT and PATCH.
@Suite(.timeLimit(.minutes(1)))
struct LocationsHTTPStaleWriteTests {
    static let stored = "2024-06-01T12:00:00Z"
    static let older = "2024-06-01T11:59:59.999Z"

    /// A location `L1` with EVSE `E1` and connector `1`, everything last updated at `stored`.
    static func setUp(_ http: LocationsClient, _ pool: PGPool) async throws -> (TenantID, String) {
        let (tenant, token) = try await TestDatabase.createTenant(pool)
        let reply = try await http.put(
            Loc.owner(tenant, "L1"), token: token,
            Bodies.location(tenant, "L1", evses: [Bodies.evse("E1", lastUpdated: stored)], lastUpdated: stored, name: "newer"))
        #expect(reply.code == 1000, "\(reply.message)")
        return (tenant, token)
    }

    struct Write: Sendable, CustomTestStringConvertible {
        var name: String
        var method: HTTPRequest.Method
        var ids: [String]
        var body: @Sendable (TenantID, String) -> String
        var testDescription: String { name }
    }

    static let writes: [Write] = [
        Write(name: "Location PUT", method: .put, ids: ["L1"], body: { tenant, time in
            Bodies.location(tenant, "L1", evses: [Bodies.evse("E1", status: "BLOCKED", lastUpdated: time)], lastUpdated: time, name: "stale")
        }),
        Write(name: "Location PATCH", method: .patch, ids: ["L1"], body: { _, time in #"{"name": "stale", "last_updated": "\#(time)"}"# }),
        Write(name: "EVSE PUT", method: .put, ids: ["L1", "E1"], body: { _, time in Bodies.evse("E1", status: "BLOCKED", lastUpdated: time) }),
        Write(name: "EVSE PATCH", method: .patch, ids: ["L1", "E1"], body: { _, time in #"{"status": "BLOCKED", "last_updated": "\#(time)"}"# }),
        Write(name: "Connector PUT", method: .put, ids: ["L1", "E1", "1"], body: { _, time in
            Bodies.connector("1", lastUpdated: time).replacing("\"max_voltage\": 230", with: "\"max_voltage\": 400")
        }),
        Write(name: "Connector PATCH", method: .patch, ids: ["L1", "E1", "1"], body: { _, time in #"{"max_voltage": 400, "last_updated": "\#(time)"}"# }),
    ]

    @Test(arguments: writes)
    func anOlderWriteIsRefusedAndTheNewerDataKept(_ write: Write) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Self.setUp(http, pool)
            let before = try await http.get(Loc.owner(tenant, "L1"), token: token).data
            let uri = "/ocpi/cpo/2.3.0/locations/\(tenant.countryCode)/\(tenant.partyID)/" + write.ids.joined(separator: "/")
            let reply = try await http.send(write.method, uri, token: token, body: write.body(tenant, Self.older))
            #expect(reply.status == .ok)
            #expect(reply.code == 2001)
            #expect(reply.message.contains("older"), "\(reply.message)")
            #expect(reply.message.contains(Self.stored), "the message names the stored last_updated: \(reply.message)")
            #expect(try await http.get(Loc.owner(tenant, "L1"), token: token).data == before)
        }
    }

    @Test(arguments: writes)
    func anEqualLastUpdatedIsAccepted(_ write: Write) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Self.setUp(http, pool)
            let uri = "/ocpi/cpo/2.3.0/locations/\(tenant.countryCode)/\(tenant.partyID)/" + write.ids.joined(separator: "/")
            let reply = try await http.send(write.method, uri, token: token, body: write.body(tenant, Self.stored))
            #expect(reply.status == .ok, "\(reply.message)")
            #expect(reply.code == 1000, "\(reply.message)")
            let after = try #require(try await http.get(Loc.owner(tenant, "L1"), token: token).data)
            switch write.ids.count {
            case 1: #expect(after["name"]?.string == "stale")
            case 2: #expect(after["evses"]?[0]?["status"]?.string == "BLOCKED")
            default: #expect(after["evses"]?[0]?["connectors"]?[0]?["max_voltage"]?.number == 400)
            }
            #expect(after["last_updated"]?.string == Self.stored)
        }
    }

    /// A newer write after a refused stale one goes through: the refusal left nothing locked or half-done.
    @Test func aNewerWriteAfterARefusalIsAccepted() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Self.setUp(http, pool)
            let stale = try await http.patch(Loc.owner(tenant, "L1", "E1"), token: token, #"{"status": "BLOCKED", "last_updated": "\#(Self.older)"}"#)
            #expect(stale.code == 2001)
            let fresh = try await http.patch(
                Loc.owner(tenant, "L1", "E1"), token: token, #"{"status": "CHARGING", "last_updated": "2024-06-02T00:00:00Z"}"#)
            #expect(fresh.code == 1000, "\(fresh.message)")
            let evse = try await http.get(Loc.owner(tenant, "L1", "E1"), token: token).data
            #expect(evse?["status"]?.string == "CHARGING")
            #expect(evse?["last_updated"]?.string == "2024-06-02T00:00:00Z")
        }
    }

    /// Staleness is judged per object: an EVSE PATCH older than the location's last_updated (raised by a sibling)
    /// but newer than its own EVSE's is accepted, and the location keeps the later time.
    @Test func stalenessIsPerObject() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let body = Bodies.location(
                tenant, "L1", evses: [Bodies.evse("E1", lastUpdated: "2024-01-01T00:00:00Z"), Bodies.evse("E2", lastUpdated: "2024-01-01T00:00:00Z")],
                lastUpdated: "2024-01-01T00:00:00Z")
            #expect(try await http.put(Loc.owner(tenant, "L1"), token: token, body).code == 1000)
            #expect(try await http.patch(Loc.owner(tenant, "L1", "E2"), token: token, #"{"status": "CHARGING", "last_updated": "2024-03-01T00:00:00Z"}"#).code == 1000)
            let reply = try await http.patch(Loc.owner(tenant, "L1", "E1"), token: token, #"{"status": "BLOCKED", "last_updated": "2024-02-01T00:00:00Z"}"#)
            #expect(reply.code == 1000, "\(reply.message)")
            let location = try await http.get(Loc.owner(tenant, "L1"), token: token).data
            #expect(location?["evses"]?[0]?["status"]?.string == "BLOCKED")
            #expect(location?["evses"]?[0]?["last_updated"]?.string == "2024-02-01T00:00:00Z")
            #expect(location?["last_updated"]?.string == "2024-03-01T00:00:00Z")
        }
    }
}
