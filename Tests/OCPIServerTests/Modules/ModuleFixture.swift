import HTTPTypes
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// What the shared behaviour suite needs to know about one object module: its URL segment, how an object is written
/// and what must exist first, whom an object concerns, and what the module does not do. Everything else it proves
/// from the HTTP interface alone, the same way for every module.
struct ModuleFixture: Sendable, CustomTestStringConvertible {
    /// How an owner creates an object.
    enum Creation: Sendable {
        /// `PUT` of the whole object at its owner URL (`…/{cc}/{pid}/{id}`), which also replaces it.
        case putAtOwnerURL
        /// `POST` of the whole object to the module's URL (CDRs); never replaced.
        case postToList
    }

    /// The module's path segment (`locations`).
    var segment: String
    /// A whole object for `tenant` with `id`: shared with granted peers or not, with `last_updated` when given, and
    /// concerning EMSP party `party` (its `cdr_token`'s party, for token-party modules; the others ignore it).
    var object: @Sendable (_ tenant: TenantID, _ id: String, _ shared: Bool, _ lastUpdated: String?, _ party: TenantID) -> String
    var creation: Creation = .putAtOwnerURL
    /// A PATCH body that changes one visible field, and that field.
    var patch: (body: String, field: String)?
    /// Methods on an object's URL that the module does not serve.
    var lacking: [HTTPRequest.Method]
    /// Whether an owner can hide an object from peers (`object(…, shared: false, …)`); Tariffs, Sessions and CDRs
    /// cannot.
    var canHide = true
    /// Whether an object concerns one EMSP party, the party of its `cdr_token`, and only that party's peers read it
    /// and are pushed it (Sessions, CDRs); otherwise every peer granted the tenant does.
    var tokenParty = false
    /// Whether a peer's list must name `date_from` (the Sessions Sender interface, as the spec says).
    var peerListNeedsDateFrom = false
    /// What the tenant must hold before an object can be written (Sessions and CDRs name the tenant's location,
    /// EVSE and connector, and a CDR without totals is priced with the connector's tariff).
    var prerequisites: @Sendable (_ tenant: TenantID) -> [(path: String, body: String)] = { _ in [] }

    /// Whether the owner may DELETE an object.
    var deletes: Bool { !lacking.contains(.delete) }
    /// Whether writing an existing object again replaces it (a PUT). CDRs are immutable: a second POST is refused.
    var replaces: Bool { creation == .putAtOwnerURL }

    var testDescription: String { segment }

    func owner(_ tenant: TenantID, _ id: String, version: String = "2.3.0") -> String {
        "/ocpi/cpo/\(version)/\(segment)/\(tenant.countryCode)/\(tenant.partyID)/\(id)"
    }

    func peer(_ id: String, version: String = "2.3.0") -> String {
        "/ocpi/cpo/\(version)/\(segment)/\(id)"
    }

    /// The owner's list (an owner may, and need not, name `date_from`).
    func list(version: String = "2.3.0", query: String = "") -> String {
        "/ocpi/cpo/\(version)/\(segment)" + (query.isEmpty ? "" : "?" + query)
    }

    /// A peer's list: with a `date_from` older than every test object where the module requires one.
    func peerList(version: String = "2.3.0", query: String = "") -> String {
        guard peerListNeedsDateFrom, !query.contains("date_from=") else { return list(version: version, query: query) }
        return list(version: version, query: ([Self.longAgo] + (query.isEmpty ? [] : [query])).joined(separator: "&"))
    }

    /// The list `caller` reads: the owner's when it is `ownerToken`, else a peer's.
    func list(for caller: String, ownerToken: String, query: String = "") -> String {
        caller == ownerToken ? list(query: query) : peerList(query: query)
    }

    static let longAgo = "date_from=2000-01-01T00:00:00Z"

    /// Writes what the tenant must hold before the module's objects can be written.
    func prepare(_ http: LocationsClient, _ tenant: TenantID, token: String) async throws {
        for (path, body) in prerequisites(tenant) {
            let reply = try await http.put(path, token: token, body)
            try #require(reply.code == 1000, "\(segment) needs \(path): \(reply.message)")
        }
    }

    /// Creates (or, where the module replaces, writes again) an object the way the module takes it: PUT at its owner
    /// URL, or POST to the list URL. `201 Created` either way when new.
    func create(
        _ http: LocationsClient, _ tenant: TenantID, token: String, _ id: String, shared: Bool = true, lastUpdated: String? = nil,
        for party: TenantID, version: String = "2.3.0"
    ) async throws -> LocationsReply {
        try await create(http, tenant, token: token, id, body: object(tenant, id, shared, lastUpdated, party), version: version)
    }

    /// Writes `body` as the module creates objects, addressed to `tenant` (for a PUT; a POST names no tenant).
    func create(_ http: LocationsClient, _ tenant: TenantID, token: String, _ id: String, body: String, version: String = "2.3.0")
        async throws -> LocationsReply
    {
        switch creation {
        case .putAtOwnerURL: try await http.put(owner(tenant, id, version: version), token: token, body)
        case .postToList: try await http.send(.post, list(version: version), token: token, body: body)
        }
    }

    /// Every module the platform serves, as `DataModules.all` lists them.
    static let all: [ModuleFixture] = [.locations, .tariffs, .sessions, .cdrs]
    /// The modules whose objects concern one EMSP party (the token-party reader rule).
    static let tokenPartyModules = all.filter(\.tokenParty)

    static let locations = ModuleFixture(
        segment: "locations",
        object: { tenant, id, shared, lastUpdated, _ in
            Bodies.location(tenant, id, publish: shared, evses: [Bodies.evse("E1")], lastUpdated: lastUpdated)
        },
        patch: (#"{"name": "Renamed"}"#, "name"),
        lacking: [.delete, .post])

    static let tariffs = ModuleFixture(
        segment: "tariffs",
        object: { tenant, id, _, lastUpdated, _ in Bodies.tariff(tenant, id, lastUpdated: lastUpdated) },
        patch: nil,
        lacking: [.patch, .post],
        canHide: false)

    static let sessions = ModuleFixture(
        segment: "sessions",
        object: { tenant, id, _, lastUpdated, party in TokenPartyBodies.session(tenant, id, for: party, lastUpdated: lastUpdated) },
        patch: (#"{"kwh": 20}"#, "kwh"),
        lacking: [.delete, .post],
        canHide: false,
        tokenParty: true,
        peerListNeedsDateFrom: true,
        prerequisites: TokenPartyBodies.chargePoint)

    static let cdrs = ModuleFixture(
        segment: "cdrs",
        object: { tenant, id, _, lastUpdated, party in TokenPartyBodies.cdr(tenant, id, for: party, lastUpdated: lastUpdated) },
        creation: .postToList,
        patch: nil,
        lacking: [.put, .patch, .delete, .post],
        canHide: false,
        tokenParty: true,
        prerequisites: TokenPartyBodies.chargePoint)

    /// Registers an EMSP peer speaking for `party`, granted `tenants` ('*' when nil), and returns its token C. Several
    /// peers may speak for one party.
    static func registerPeer(_ pool: PGPool, party: TenantID, granted tenants: [TenantID]?) async throws -> String {
        let grants = tenants.map { $0.map(\.description).joined(separator: ",") } ?? "*"
        return try await pool.query(
            "SELECT ocpi_admin.register_peer(\(party.countryCode), \(party.partyID), 'EMSP', \(grants), NULL, NULL)"
        ).first!.decode(0, as: String.self)
    }
}

/// Sessions and CDRs as a back-office writes them, at the tenant's charge point `chargePoint` writes, for an EMSP
/// party; valid in 2.2.1 and 2.3.0 alike (no Price: a CDR is priced by the platform with the connector's tariff).
enum TokenPartyBodies {
    static let location = "BLOC"
    static let tariff = "BT1"

    /// A tariff, and a location whose EVSE E1's connector 1 lists it.
    static func chargePoint(_ tenant: TenantID) -> [(path: String, body: String)] {
        let connector = Bodies.connector("1", extra: #", "tariff_ids": ["\#(tariff)"]"#)
        return [
            ("/ocpi/cpo/2.3.0/tariffs/\(tenant.countryCode)/\(tenant.partyID)/\(tariff)", Bodies.tariff(tenant, tariff)),
            (
                "/ocpi/cpo/2.3.0/locations/\(tenant.countryCode)/\(tenant.partyID)/\(location)",
                Bodies.location(tenant, location, evses: [Bodies.evse("E1", connectors: [connector])])
            ),
        ]
    }

    static func token(_ party: TenantID) -> String {
        #"{"country_code": "\#(party.countryCode)", "party_id": "\#(party.partyID)", "uid": "0123456789", "type": "RFID", "contract_id": "\#(party.countryCode)-\#(party.partyID)-C12345678-X"}"#
    }

    static func session(_ tenant: TenantID, _ id: String, for party: TenantID, lastUpdated: String?) -> String {
        """
        {"country_code": "\(tenant.countryCode)", "party_id": "\(tenant.partyID)", "id": "\(id)",
         "start_date_time": "2024-06-01T10:00:00Z", "kwh": 11.5, "cdr_token": \(token(party)), "auth_method": "WHITELIST",
         "location_id": "\(location)", "evse_uid": "E1", "connector_id": "1", "currency": "EUR",
         "charging_periods": [{"start_date_time": "2024-06-01T10:00:00Z", "dimensions": [{"type": "ENERGY", "volume": 11.5}]}],
         "status": "ACTIVE"\(lastUpdated.map { ", \"last_updated\": \"\($0)\"" } ?? "")}
        """
    }

    static func cdr(_ tenant: TenantID, _ id: String, for party: TenantID, lastUpdated: String?) -> String {
        """
        {"country_code": "\(tenant.countryCode)", "party_id": "\(tenant.partyID)", "id": "\(id)",
         "start_date_time": "2024-06-01T10:00:00Z", "end_date_time": "2024-06-01T11:00:00Z",
         "cdr_token": \(token(party)), "auth_method": "WHITELIST",
         "cdr_location": {"id": "\(location)", "address": "Main Street 1", "city": "Berlin", "postal_code": "10117", "country": "DEU",
                          "coordinates": {"latitude": "52.520000", "longitude": "13.405000"}, "evse_uid": "E1",
                          "evse_id": "DE*ABC*E1", "connector_id": "1", "connector_standard": "IEC_62196_T2",
                          "connector_format": "SOCKET", "connector_power_type": "AC_3_PHASE"},
         "currency": "EUR",
         "charging_periods": [{"start_date_time": "2024-06-01T10:00:00Z", "dimensions": [{"type": "ENERGY", "volume": 11.5}]}]
         \(lastUpdated.map { ", \"last_updated\": \"\($0)\"" } ?? "")}
        """
    }
}

@Suite struct ModuleFixtureTests {
    /// The suite covers every module the service wires: a module without a fixture would escape it.
    @Test func everyDataModuleHasAFixture() {
        #expect(Set(ModuleFixture.all.map(\.segment)) == Set(DataModules.all.map { $0.id.rawValue }))
    }

    /// The fixture says what the modules declare: whom their objects concern, whether a peer's list needs
    /// `date_from`, how objects are created and which methods an object's URL lacks (POST is served, if at all, at
    /// the module's URL). A fixture that disagreed would scope tests wrongly.
    @Test func fixturesAgreeWithTheModulesDeclarations() throws {
        for module in DataModules.all {
            let fixture = try #require(ModuleFixture.all.first { $0.segment == module.id.rawValue })
            #expect(fixture.peerListNeedsDateFrom == module.peerListNeedsDateFrom, "\(module.id)")
            #expect(fixture.tokenParty == (module.readers == .tokenPartyAtGrantedTenants), "\(module.id)")
            #expect((fixture.creation == .postToList) == module.ownerMethods.contains(.post), "\(module.id)")
            let servedAtObjectURL = Set(module.ownerMethods.filter { $0 != .post }.map(\.rawValue))
            #expect(Set(fixture.lacking.map(\.rawValue)) == Set(["PUT", "PATCH", "DELETE", "POST"]).subtracting(servedAtObjectURL), "\(module.id)")
        }
    }
}
