import HTTPTypes
import OCPIModel
import OCPIStorage
import Testing

/// What the shared behaviour suite needs to know about one object module: its URL segment and how to write a whole
/// object. Everything else it proves from the HTTP interface alone, the same way for every module.
struct ModuleFixture: Sendable, CustomTestStringConvertible {
    /// The module's path segment (`locations`).
    var segment: String
    /// A whole object for `tenant` with `id`: shared with granted peers or not, with `last_updated` when given.
    var object: @Sendable (_ tenant: TenantID, _ id: String, _ shared: Bool, _ lastUpdated: String?) -> String
    /// A PATCH body that changes one visible field, and that field.
    var patch: (body: String, field: String)?
    /// Methods on an object's URL that the module does not serve.
    var lacking: [HTTPRequest.Method]
    /// Whether an owner can hide an object from peers (`object(…, shared: false, …)`); Tariffs cannot.
    var canHide = true

    /// Whether the owner may DELETE an object.
    var deletes: Bool { !lacking.contains(.delete) }

    var testDescription: String { segment }

    func owner(_ tenant: TenantID, _ id: String, version: String = "2.3.0") -> String {
        "/ocpi/cpo/\(version)/\(segment)/\(tenant.countryCode)/\(tenant.partyID)/\(id)"
    }

    func peer(_ id: String, version: String = "2.3.0") -> String {
        "/ocpi/cpo/\(version)/\(segment)/\(id)"
    }

    func list(version: String = "2.3.0", query: String = "") -> String {
        "/ocpi/cpo/\(version)/\(segment)" + (query.isEmpty ? "" : "?" + query)
    }

    /// Every module the platform serves, as `DataModules.all` lists them.
    static let all: [ModuleFixture] = [.locations, .tariffs]

    static let locations = ModuleFixture(
        segment: "locations",
        object: { tenant, id, shared, lastUpdated in
            Bodies.location(tenant, id, publish: shared, evses: [Bodies.evse("E1")], lastUpdated: lastUpdated)
        },
        patch: (#"{"name": "Renamed"}"#, "name"),
        lacking: [.delete, .post])

    static let tariffs = ModuleFixture(
        segment: "tariffs",
        object: { tenant, id, _, lastUpdated in Bodies.tariff(tenant, id, lastUpdated: lastUpdated) },
        patch: nil,
        lacking: [.patch, .post],
        canHide: false)
}

@Suite struct ModuleFixtureTests {
    /// The suite covers every module the service wires: a module without a fixture would escape it.
    @Test func everyDataModuleHasAFixture() {
        #expect(Set(ModuleFixture.all.map(\.segment)) == Set(DataModules.all.map { $0.id.rawValue }))
    }
}
