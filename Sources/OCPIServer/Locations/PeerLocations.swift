import HTTPTypes
import Hummingbird
import OCPIModel
import OCPIStorage

/// The Sender interface for peers: the shared locations of the tenants a peer connection is granted.
struct PeerLocations: Sendable {
    let store: LocationStore
    let publicURL: String
    let version: VersionNumber

    static let readOnly = OCPIError.methodNotAllowed("the Locations Sender interface is read-only for peers; only the owning CPO pushes")
    static let tooDeep = OCPIError.notFound("the Locations Sender interface serves /locations/{location_id}[/{evse_uid}[/{connector_id}]]")

    /// `GET /locations`: every shared location in scope, oldest first, paginated.
    func list(_ request: Request, access: PeerAccess) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .peer(access))
        let pagination = try Pagination(request: request)
        let page = try await store.sharedPage(scope: scope(access, routing: routing), request: pagination.request, version: version)
        var headers = pagination.headers(for: page, publicURL: publicURL, path: request.uri.path)
        headers.append(contentsOf: routing.responseHeaders(answeringTenant: nil))
        return OCPIEnvelope.ok(rawJSON: page.json.utf8, headers: headers)
    }

    /// `GET /locations/{location_id}[/{evse_uid}[/{connector_id}]]`.
    func get(_ request: Request, access: PeerAccess, ids: [String]) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .peer(access))
        let lookup = try await store.sharedJSON(
            locationID: ids[0], evseUID: ids.count > 1 ? ids[1] : nil, connectorID: ids.count > 2 ? ids[2] : nil,
            scope: scope(access, routing: routing), version: version)
        switch lookup {
        case .found(let tenant, let json):
            return OCPIEnvelope.ok(rawJSON: json.utf8, headers: routing.responseHeaders(answeringTenant: tenant))
        case .notFound:
            let what = ["location", "EVSE", "connector"][ids.count - 1]
            throw OCPIError.notFound("unknown \(what) \(ids.joined(separator: "/"))", code: .unknownLocation)
        case .ambiguous(let tenants):
            throw OCPIError.invalid(
                "location \(ids[0]) exists at several tenants (\(tenants.map(\.description).joined(separator: ", "))); "
                    + "name one with OCPI-to-country-code and OCPI-to-party-id")
        }
    }

    /// The tenants a request reads: the one its OCPI-to-* headers name, else every granted tenant.
    func scope(_ access: PeerAccess, routing: RoutingHeaders) -> TenantScope {
        if let tenant = routing.to { return .tenants([tenant]) }
        return access.allTenants ? .all : .tenants(access.tenants.sorted())
    }
}
