import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OCPIModel
import OCPIServer
import OCPIStorage
import PGClient
import Testing
import TestSupport

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The Locations tests' app: `TestApp`'s wiring (the router the service runs, a time-zone resolver from the
/// system's `zone.tab`, module URLs from PUBLIC_URL) on the real test database, with a pool size of the test's choice.
enum LocationsApp {
    static let publicURL = TestApp.publicURL

    /// `TestApp.run`, with a client that reads Locations replies.
    static func run<R: Sendable>(
        modulePublicURL: String = publicURL,
        connections: Int? = nil,
        _ body: @Sendable (LocationsClient, PGPool) async throws -> R
    ) async throws -> R {
        try await TestApp.run(publicURL: modulePublicURL, connections: connections) { client, pool in
            try await body(LocationsClient(client: client), pool)
        }
    }
}

/// One response: HTTP status and headers, and the OCPI envelope.
struct LocationsReply: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var envelope: Envelope

    var code: Int { envelope.statusCode }
    var message: String { envelope.statusMessage ?? "" }
    var data: JSONValue? { envelope.data }

    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }

    /// The `<…>` of `Link: <…>; rel="next"`, when present.
    var nextLink: String? {
        guard let link = header("Link") else { return nil }
        guard link.hasSuffix("; rel=\"next\""), link.hasPrefix("<"), let end = link.firstIndex(of: ">") else { return link }
        return String(link[link.index(after: link.startIndex)..<end])
    }
}

/// A thin client over HummingbirdTesting that always parses the envelope.
struct LocationsClient: Sendable {
    let client: any TestClientProtocol

    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, body: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> LocationsReply {
        var headers: HTTPFields = token.map { .token($0) } ?? [:]
        if body != nil { headers[.contentType] = "application/json" }
        headers.append(contentsOf: extra)
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return LocationsReply(status: response.status, headers: response.headers, envelope: try Envelope(response))
    }

    func get(_ uri: String, token: String, headers: HTTPFields = [:]) async throws -> LocationsReply {
        try await send(.get, uri, token: token, headers: headers)
    }

    func put(_ uri: String, token: String, _ body: String) async throws -> LocationsReply {
        try await send(.put, uri, token: token, body: body)
    }

    func patch(_ uri: String, token: String, _ body: String) async throws -> LocationsReply {
        try await send(.patch, uri, token: token, body: body)
    }
}

/// URLs and set-up shared by the Locations suites.
enum Loc {
    /// The owner's (Receiver) URL of an object: `/ocpi/cpo/{v}/locations/{cc}/{pid}/{loc}[/{evse}[/{conn}]]`.
    static func owner(_ tenant: TenantID, _ ids: String..., version: String = "2.3.0") -> String {
        "/ocpi/cpo/\(version)/locations/\(tenant.countryCode)/\(tenant.partyID)" + ids.map { "/" + $0 }.joined()
    }

    /// The peer's (Sender) URL: `/ocpi/cpo/{v}/locations[/{loc}[/{evse}[/{conn}]]]`.
    static func peer(_ ids: String..., version: String = "2.3.0") -> String {
        "/ocpi/cpo/\(version)/locations" + ids.map { "/" + $0 }.joined()
    }

    static func list(version: String = "2.3.0", query: String = "") -> String {
        "/ocpi/cpo/\(version)/locations" + (query.isEmpty ? "" : "?" + query)
    }

    /// Registers an EMSP peer granted `tenants` ('*' when nil) and returns its token C.
    static func registerPeer(_ pool: PGPool, granted tenants: [TenantID]?) async throws -> String {
        try await peerWithParty(pool, granted: tenants).token
    }

    /// The peer party a token was registered for is not needed by most tests; this one also returns it.
    static func peerWithParty(_ pool: PGPool, granted tenants: [TenantID]?) async throws -> (token: String, party: TenantID) {
        let party = TestDatabase.uniqueTenant()
        let grants = tenants.map { $0.map(\.description).joined(separator: ",") } ?? "*"
        let token = try await pool.query(
            "SELECT ocpi_admin.register_peer(\(party.countryCode), \(party.partyID), 'EMSP', \(grants), NULL, NULL)"
        ).first!.decode(0, as: String.self)
        return (token, party)
    }

    /// The path of an absolute `Link` URL, for the test client; the URL must be built from PUBLIC_URL.
    static func follow(_ link: String) throws -> String {
        let prefix = LocationsApp.publicURL + "/ocpi/cpo/"
        try #require(link.hasPrefix(prefix), "Link \(link) is not an absolute URL under PUBLIC_URL")
        return String(link.dropFirst(LocationsApp.publicURL.count))
    }

    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func routing(to tenant: TenantID) -> HTTPFields {
        [HTTPField.Name("OCPI-to-country-code")!: tenant.countryCode, HTTPField.Name("OCPI-to-party-id")!: tenant.partyID]
    }

    /// Ids of a list response's locations, in order.
    static func ids(_ reply: LocationsReply) -> [String] {
        (reply.data?.array ?? []).compactMap { $0["id"]?.string }
    }

    static func date(_ value: JSONValue?) -> DateTime? {
        value?.string.flatMap(DateTime.init)
    }
}

/// Request bodies. Tenants are random (tests run in parallel), so bodies take the tenant to name.
enum Bodies {
    static func connector(_ id: String, lastUpdated: String? = nil, extra: String = "") -> String {
        """
        {"id": "\(id)", "standard": "IEC_62196_T2", "format": "SOCKET", "power_type": "AC_3_PHASE",
         "max_voltage": 230, "max_amperage": 16\(lastUpdated.map { ", \"last_updated\": \"\($0)\"" } ?? "")\(extra)}
        """
    }

    static func evse(_ uid: String, status: String = "AVAILABLE", connectors: [String]? = nil, lastUpdated: String? = nil, extra: String = "")
        -> String
    {
        let list = (connectors ?? [connector("1", lastUpdated: lastUpdated)]).joined(separator: ", ")
        return """
            {"uid": "\(uid)", "status": "\(status)", "connectors": [\(list)]\(lastUpdated.map { ", \"last_updated\": \"\($0)\"" } ?? "")\(extra)}
            """
    }

    /// A complete Location with `time_zone`, so that only what a test varies matters.
    static func location(
        _ tenant: TenantID, _ id: String, publish: Bool = true, evses: [String] = [], lastUpdated: String? = "2024-01-01T00:00:00Z",
        name: String = "Test site", extra: String = ""
    ) -> String {
        """
        {"country_code": "\(tenant.countryCode)", "party_id": "\(tenant.partyID)", "id": "\(id)", "publish": \(publish),
         "name": "\(name)", "address": "Main Street 1", "city": "Berlin", "postal_code": "10117", "country": "DEU",
         "coordinates": {"latitude": "52.520000", "longitude": "13.405000"}, "time_zone": "Europe/Berlin",
         "evses": [\(evses.joined(separator: ", "))]\(lastUpdated.map { ", \"last_updated\": \"\($0)\"" } ?? "")\(extra)}
        """
    }

    /// A complete 2.3.0 Tariff (2.2.1 ignores `tax_included`): 0.25 per kWh plus 21 % VAT.
    static func tariff(_ tenant: TenantID, _ id: String, price: String = "0.25", lastUpdated: String? = "2024-01-01T00:00:00Z") -> String {
        """
        {"country_code": "\(tenant.countryCode)", "party_id": "\(tenant.partyID)", "id": "\(id)", "currency": "EUR",
         "tax_included": "NO", "elements": [{"price_components": [{"type": "ENERGY", "price": \(price), "vat": 21, "step_size": 1}]}]\(lastUpdated.map { ", \"last_updated\": \"\($0)\"" } ?? "")}
        """
    }

    // MARK: The seed tutorial's bodies (seed/managing-locations.txt), as JSON, with the tenant substituted

    static func seedBasic(_ tenant: TenantID) -> String {
        Seed.basicLocation(countryCode: tenant.countryCode, partyID: tenant.partyID)
    }

    static func seedMadrid(_ tenant: TenantID) -> String {
        Seed.madridLocation(countryCode: tenant.countryCode, partyID: tenant.partyID)
    }

    static let seedOpeningTimes = Seed.openingTimes
    static let seedEnergyMix = Seed.energyMix
    static let seedImages = Seed.images

    /// The seed's basic location with one more top-level field (`"key": value`), as the tutorial's
    /// `location_data["key"] = …` does.
    static func seedBasic(_ tenant: TenantID, adding key: String, _ value: String) -> String {
        var text = seedBasic(tenant)
        let close = text.lastIndex(of: "}")!
        text.replaceSubrange(close...close, with: ",\n    \"\(key)\": \(value)\n}")
        return text
    }

    static let seedPatch = """
        {
            "name": "Updated Location Name"
          }
        """
}
