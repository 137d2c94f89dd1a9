import HTTPTypes
import OCPIModel
import Testing
import TestSupport

/// The owner's PUT and PATCH answer with the stored object, as the request's version renders it: client libraries
/// keep the object they get back. So `data` carries what the service derived (time_zone), stamped (last_updated) and
/// normalised (coordinates), and equals a GET made right after, at every level and in both versions.
@Suite(.timeLimit(.minutes(1)))
struct LocationsHTTPWriteAnswerTests {
    /// A body without `time_zone` and without any `last_updated`, with coordinates to normalise.
    static func location(_ tenant: TenantID) -> String {
        """
        {"country_code": "\(tenant.countryCode)", "party_id": "\(tenant.partyID)", "id": "W1", "publish": true,
         "name": "Answered", "address": "Unter den Linden 1", "city": "Berlin", "postal_code": "10117", "country": "DEU",
         "coordinates": {"latitude": "52.52", "longitude": "13.4050"},
         "evses": [\(Bodies.evse("E1", connectors: [Bodies.connector("1")]))]}
        """
    }

    @Test(arguments: ["2.2.1", "2.3.0"])
    func everyWriteAnswersWithWhatAGetReturns(version: String) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            func check(_ reply: LocationsReply, _ ids: String..., what: String) async throws {
                #expect(reply.code == 1000, "\(what): \(reply.message)")
                let answered = try #require(reply.data, "\(what) answers with data")
                let read = try await http.get(Loc.owner(tenant, version: version) + "/" + ids.joined(separator: "/"), token: token)
                #expect(read.code == 1000)
                #expect(answered == read.data, "\(what): the answer equals a GET made right after")
                #expect(answered["last_updated"]?.string != nil, "\(what): stamped")
            }

            let put = try await http.put(Loc.owner(tenant, "W1", version: version), token: token, Self.location(tenant))
            #expect(put.status == .created)
            try await check(put, "W1", what: "PUT location")
            #expect(put.data?["time_zone"]?.string == "Europe/Berlin", "derived")
            #expect(put.data?["coordinates"] == (try Loc.json(#"{"latitude": "52.520000", "longitude": "13.405000"}"#)), "normalised")
            #expect(put.data?["evses"]?[0]?["connectors"]?[0]?["id"]?.string == "1")

            let replaced = try await http.put(Loc.owner(tenant, "W1", version: version), token: token, Self.location(tenant))
            #expect(replaced.status == .ok)
            try await check(replaced, "W1", what: "PUT location again")

            try await check(
                try await http.patch(Loc.owner(tenant, "W1", version: version), token: token, #"{"name": "Patched"}"#), "W1", what: "PATCH location")
            #expect(try await http.get(Loc.owner(tenant, "W1", version: version), token: token).data?["name"]?.string == "Patched")

            let evse = try await http.put(Loc.owner(tenant, "W1", "E2", version: version), token: token, Bodies.evse("E2"))
            #expect(evse.status == .created)
            try await check(evse, "W1", "E2", what: "PUT EVSE")
            #expect(evse.data?["uid"]?.string == "E2")
            try await check(
                try await http.patch(Loc.owner(tenant, "W1", "E2", version: version), token: token, #"{"status": "CHARGING"}"#),
                "W1", "E2", what: "PATCH EVSE")

            let connector = try await http.put(Loc.owner(tenant, "W1", "E2", "2", version: version), token: token, Bodies.connector("2"))
            #expect(connector.status == .created)
            try await check(connector, "W1", "E2", "2", what: "PUT connector")
            #expect(connector.data?["id"]?.string == "2")
            let patched = try await http.patch(Loc.owner(tenant, "W1", "E2", "2", version: version), token: token, #"{"max_amperage": 32}"#)
            try await check(patched, "W1", "E2", "2", what: "PATCH connector")
            #expect(patched.data?["max_amperage"] == .number(32))

            // The location itself, after its children changed, still reads as its last answer said.
            try await check(
                try await http.patch(Loc.owner(tenant, "W1", version: version), token: token, #"{"name": "Last"}"#), "W1", what: "PATCH location last")
        }
    }

    /// A refused write answers without data, as before.
    @Test func aRefusedWriteCarriesNoData() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let refused = try await http.patch(Loc.owner(tenant, "NONE"), token: token, #"{"name": "x"}"#)
            #expect(refused.status == .notFound)
            #expect(refused.data == nil)
        }
    }
}
