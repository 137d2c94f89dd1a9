import Foundation
import HTTPTypes
import OCPIModel
import PGClient
import Testing
import TestSupport

/// OCPI pagination of `GET /locations` for peers and owners: pages walked through `Link` to the end deliver every
/// location exactly once, in creation order; `X-Total-Count`, `X-Limit` and `Link` as the spec asks; `date_from`
/// (inclusive) and `date_to` (exclusive) on the Location's last_updated, which moves with its EVSEs and Connectors.
@Suite(.timeLimit(.minutes(1)))
struct LocationsHTTPPaginationTests {
    /// `2024-01-01T00:MM:00Z`, the last_updated of the i-th location.
    static func minute(_ index: Int) -> String {
        "2024-01-01T00:\(index < 10 ? "0" : "")\(index):00Z"
    }

    /// Creates `count` published locations `P00`, `P01`, … in that order, the i-th last updated at minute i, in
    /// a fresh tenant; ids are written in reverse alphabetical noise so that only creation order sorts them.
    static func seed(_ http: LocationsClient, _ pool: PGPool, count: Int) async throws -> (TenantID, String, [String]) {
        let (tenant, token) = try await TestDatabase.createTenant(pool)
        var ids: [String] = []
        for index in 0..<count {
            let id = "\(["Z", "A", "M"][index % 3])-P\(index < 10 ? "0" : "")\(index)"
            let reply = try await http.put(
                Loc.owner(tenant, id), token: token,
                Bodies.location(tenant, id, evses: [Bodies.evse("E1", lastUpdated: minute(index))], lastUpdated: minute(index)))
            #expect(reply.status == .created, "\(reply.message)")
            ids.append(id)
        }
        return (tenant, token, ids)
    }


    /// The query parameters of a URL, percent-decoded.
    static func query(_ url: String) -> [String: String] {
        guard let start = url.firstIndex(of: "?") else { return [:] }
        var result: [String: String] = [:]
        for pair in url[url.index(after: start)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            result[parts[0]] = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
        }
        return result
    }

    /// Walks a list from `first` through `Link` until it ends, checking each page's headers.
    static func walk(
        _ http: LocationsClient, token: String, first: String, expectedTotal: Int, limit: Int, filters: [String: String] = [:],
        headers: HTTPFields = [:]
    ) async throws -> (ids: [String], pages: Int) {
        var uri: String? = first
        var ids: [String] = []
        var pages = 0
        while let current = uri {
            pages += 1
            try #require(pages <= expectedTotal / limit + 2, "the Link chain does not end")
            let page = try await http.get(current, token: token, headers: headers)
            #expect(page.status == .ok, "\(current): \(page.message)")
            #expect(page.code == 1000)
            let count = page.data?.array?.count ?? -1
            #expect(count <= limit)
            #expect(page.header("X-Total-Count") == String(expectedTotal), "\(current)")
            let xLimit = try #require(page.header("X-Limit").flatMap { Int($0) }, "X-Limit missing")
            #expect(xLimit >= limit, "X-Limit is the server's maximum page size")
            ids += Loc.ids(page)
            if let link = page.nextLink {
                #expect(page.header("Link")?.hasSuffix("; rel=\"next\"") == true)
                #expect(count == limit, "only the last page may be short")
                let parameters = query(link)
                #expect(parameters["limit"] == String(limit), "Link \(link) does not repeat limit")
                #expect(parameters["offset"] == String(ids.count), "Link \(link) does not continue where this page ended")
                for (name, value) in filters {
                    #expect(parameters[name] == value, "Link \(link) does not repeat \(name)=\(value)")
                }
                uri = try Loc.follow(link)
            } else {
                uri = nil
            }
        }
        return (ids, pages)
    }

    /// 23 locations, limit=5: five pages (5, 5, 5, 5, 3), every location exactly once, in creation order, for a
    /// peer and for the owner; no Link on the last page.
    @Test func walkingTheLinkChainDeliversEachLocationOnce() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token, ids) = try await Self.seed(http, pool, count: 23)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])

            let byPeer = try await Self.walk(http, token: peer, first: Loc.list(query: "limit=5"), expectedTotal: 23, limit: 5)
            #expect(byPeer.ids == ids)
            #expect(byPeer.pages == 5)
            let byOwner = try await Self.walk(http, token: token, first: Loc.list(query: "limit=5"), expectedTotal: 23, limit: 5)
            #expect(byOwner.ids == ids)
            #expect(byOwner.pages == 5)
            // On the 2.2.1 endpoint the chain stays on 2.2.1.
            let old = try await http.get(Loc.list(version: "2.2.1", query: "limit=5"), token: peer)
            #expect(old.nextLink?.hasPrefix(LocationsApp.publicURL + "/ocpi/cpo/2.2.1/locations?") == true, "\(old.nextLink ?? "none")")

            // Exactly the last page, and past the end.
            let last = try await http.get(Loc.list(query: "offset=20&limit=5"), token: peer)
            #expect(Loc.ids(last) == Array(ids[20...]))
            #expect(last.header("Link") == nil)
            let beyond = try await http.get(Loc.list(query: "offset=40&limit=5"), token: peer)
            #expect(beyond.data == .array([]))
            #expect(beyond.header("X-Total-Count") == "23")
            #expect(beyond.header("Link") == nil)

            // Without a limit, the server's page size holds everything here, in one page.
            let all = try await http.get(Loc.list(), token: peer)
            #expect(Loc.ids(all) == ids)
            #expect(all.header("Link") == nil)
        }
    }

    /// Updating locations does not reorder pages (the order is creation order, not last_updated).
    @Test func updatesDoNotReorderPages() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token, ids) = try await Self.seed(http, pool, count: 6)
            #expect(try await http.patch(Loc.owner(tenant, ids[0]), token: token, #"{"name": "touched"}"#).code == 1000)
            #expect(try await http.put(Loc.owner(tenant, ids[2]), token: token, Bodies.location(tenant, ids[2], lastUpdated: nil)).status == .ok)
            let walked = try await Self.walk(http, token: token, first: Loc.list(query: "limit=4"), expectedTotal: 6, limit: 4)
            #expect(walked.ids == ids)
        }
    }

    /// date_from/date_to select on last_updated (from inclusive, to exclusive), are repeated by every Link, and
    /// X-Total-Count counts only the window.
    @Test func dateWindowsAreRepeatedByLinkAndBounded() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _, ids) = try await Self.seed(http, pool, count: 23)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            let filters = ["date_from": Self.minute(5), "date_to": Self.minute(15)]
            let walked = try await Self.walk(
                http, token: peer, first: Loc.list(query: "date_from=\(Self.minute(5))&date_to=\(Self.minute(15))&limit=3"),
                expectedTotal: 10, limit: 3, filters: filters)
            #expect(walked.ids == Array(ids[5..<15]), "from inclusive (minute 5), to exclusive (minute 15)")
            #expect(walked.pages == 4)

            // Only date_from, percent-encoded as a careful client sends it.
            let fromOnly = try await Self.walk(
                http, token: peer, first: Loc.list(query: "date_from=2024-01-01T00%3A20%3A00Z&limit=2"),
                expectedTotal: 3, limit: 2, filters: ["date_from": Self.minute(20)])
            #expect(fromOnly.ids == Array(ids[20...]))
            // Only date_to.
            let toOnly = try await http.get(Loc.list(query: "date_to=\(Self.minute(2))"), token: peer)
            #expect(Loc.ids(toOnly) == Array(ids[..<2]))
            #expect(toOnly.header("X-Total-Count") == "2")
            // A wide window from the earliest date-time we accept (1900) holds everything.
            let earliest = try await http.get(Loc.list(query: "date_from=1900-01-01T00:00:00Z"), token: peer)
            #expect(earliest.header("X-Total-Count") == "23", "\(earliest.message)")
            // An empty window.
            let empty = try await http.get(Loc.list(query: "date_from=\(Self.minute(7))&date_to=\(Self.minute(7))"), token: peer)
            #expect(empty.data == .array([]))
            #expect(empty.header("X-Total-Count") == "0")
        }
    }

    /// The spec's MUST: a change to an EVSE moves its Location's last_updated, and a change to a Connector moves its
    /// EVSE's and Location's, so a date_from poll catches it.
    @Test func childChangesMoveTheParentsIntoTheWindow() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            for id in ["STILL", "MOVES"] {
                let body = Bodies.location(tenant, id, evses: [Bodies.evse("E1", lastUpdated: "2024-01-01T00:00:00Z")], lastUpdated: "2024-01-01T00:00:00Z")
                #expect(try await http.put(Loc.owner(tenant, id), token: token, body).code == 1000)
            }
            func window(_ from: String, _ to: String? = nil) async throws -> [String] {
                Loc.ids(try await http.get(Loc.list(query: "date_from=\(from)" + (to.map { "&date_to=\($0)" } ?? "")), token: peer))
            }
            #expect(try await window("2024-06-01T00:00:00Z") == [])

            // EVSE status PATCH.
            let evsePatch = try await http.patch(
                Loc.owner(tenant, "MOVES", "E1"), token: token, #"{"status": "CHARGING", "last_updated": "2024-07-01T00:00:00Z"}"#)
            #expect(evsePatch.code == 1000, "\(evsePatch.message)")
            #expect(try await window("2024-06-01T00:00:00Z") == ["MOVES"])
            var location = try await http.get(Loc.owner(tenant, "MOVES"), token: token).data
            #expect(location?["last_updated"]?.string == "2024-07-01T00:00:00Z")
            #expect(location?["evses"]?[0]?["status"]?.string == "CHARGING")

            // Connector PUT.
            let connectorPut = try await http.put(
                Loc.owner(tenant, "MOVES", "E1", "1"), token: token, Bodies.connector("1", lastUpdated: "2024-08-01T00:00:00Z"))
            #expect(connectorPut.status == .ok, "\(connectorPut.message)")
            #expect(try await window("2024-07-15T00:00:00Z") == ["MOVES"])
            location = try await http.get(Loc.owner(tenant, "MOVES"), token: token).data
            #expect(location?["last_updated"]?.string == "2024-08-01T00:00:00Z")
            #expect(location?["evses"]?[0]?["last_updated"]?.string == "2024-08-01T00:00:00Z")
            #expect(location?["evses"]?[0]?["connectors"]?[0]?["last_updated"]?.string == "2024-08-01T00:00:00Z")

            // Connector PATCH (the spec's tariff example).
            let connectorPatch = try await http.patch(
                Loc.owner(tenant, "MOVES", "E1", "1"), token: token, #"{"tariff_ids": ["15"], "last_updated": "2024-09-01T00:00:00Z"}"#)
            #expect(connectorPatch.code == 1000, "\(connectorPatch.message)")
            let evse = try await http.get(Loc.peer("MOVES", "E1"), token: peer).data
            #expect(evse?["last_updated"]?.string == "2024-09-01T00:00:00Z")
            #expect(evse?["connectors"]?[0]?["tariff_ids"] == .array([.string("15")]))
            // date_from is inclusive and date_to exclusive at exactly that instant.
            #expect(try await window("2024-09-01T00:00:00Z") == ["MOVES"])
            #expect(try await window("2024-08-15T00:00:00Z", "2024-09-01T00:00:00Z") == [])
            #expect(try await window("2024-08-15T00:00:00Z", "2024-09-01T00:00:00.001Z") == ["MOVES"])
            // The untouched location never moved.
            #expect(try await window("2023-12-31T00:00:00Z", "2024-01-02T00:00:00Z") == ["STILL"])

            // A new EVSE PUT (no last_updated: stamped now) moves the location to now.
            let start = DateTime.now()
            #expect(try await http.put(Loc.owner(tenant, "STILL", "E2"), token: token, Bodies.evse("E2")).status == .created)
            #expect(try await window(start.description) == ["STILL"])
        }
    }

    /// Bad query parameters: HTTP 400 with 2001 naming the parameter, for peers and owners alike.
    @Test(arguments: ["offset=-1", "limit=abc", "limit=0", "offset=1.5", "date_from=yesterday", "date_to=2024-13-01T00:00:00Z",
        "date_from=0000-01-01T00:00:00Z"])
    func badQueryParametersAre400(_ query: String) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            let name = String(query.prefix { $0 != "=" })
            for caller in [peer, token] {
                let reply = try await http.get(Loc.list(query: query), token: caller)
                #expect(reply.status == .badRequest)
                #expect(reply.code == 2001)
                #expect(reply.message.contains(name), "\(reply.message)")
                #expect(reply.data == nil)
            }
        }
    }

    /// A limit above the server's maximum is capped at X-Limit, and the Link repeats the limit actually applied.
    @Test func aHugeLimitIsCappedAtXLimit() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _, ids) = try await Self.seed(http, pool, count: 3)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            let reply = try await http.get(Loc.list(query: "limit=100000"), token: peer)
            #expect(reply.code == 1000)
            #expect(Loc.ids(reply) == ids)
            let xLimit = try #require(reply.header("X-Limit").flatMap { Int($0) })
            #expect(xLimit < 100000)
            #expect(xLimit >= 1)
        }
    }

    /// PUBLIC_URL configured with a trailing slash still gives a well-formed absolute Link.
    @Test func linkIsWellFormedWhenPublicURLEndsWithASlash() async throws {
        try await LocationsApp.run(modulePublicURL: LocationsApp.publicURL + "/") { http, pool in
            let (tenant, _, _) = try await Self.seed(http, pool, count: 3)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            let reply = try await http.get(Loc.list(query: "limit=1"), token: peer)
            let link = try #require(reply.nextLink)
            #expect(link.hasPrefix(LocationsApp.publicURL + "/ocpi/cpo/2.3.0/locations?"), "\(link)")
        }
    }
}
