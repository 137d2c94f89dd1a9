import HTTPTypes
import Hummingbird
import OCPIModel
import OCPIStorage

/// The Sender interface for peers: what `Module.readers` lets a peer connection read among the tenants it is
/// granted, `GET /{module}[?date_from&date_to&offset&limit]` and `GET /{module}/{id}[/{part ids}…]`. Read-only.
struct PeerInterface<Module: DataModule>: ObjectInterface {
    let access: PeerAccess
    let routes: DataModuleRoutes<Module>

    var version: VersionNumber { routes.version }

    func list(_ request: Request) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .peer(access))
        let pagination = try Pagination(request: request)
        if Module.peerListNeedsDateFrom, pagination.request.dateFrom == nil {
            throw OCPIError.invalid("date_from is required: GET /\(Module.id.rawValue)?date_from=2024-01-31T00:00:00Z lists what changed since then")
        }
        let page = try await routes.store.sharedPage(
            scope: scope(routing), parties: access.readerParties, request: pagination.request, version: version)
        return pagination.response(page, request: request, publicURL: routes.publicURL, routing: routing, answeringTenant: nil)
    }

    func get(_ request: Request, segments: [Substring]) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .peer(access))
        guard segments.count <= Module.idPath.count else {
            throw OCPIError.notFound("the \(Module.id.rawValue) Sender interface serves \(Module.template())")
        }
        let ids = segments.map(String.init)
        switch try await routes.store.sharedJSON(ids: ids, scope: scope(routing), parties: access.readerParties, version: version) {
        case .found(let tenant, let json):
            return OCPIEnvelope.ok(rawJSON: json.utf8, headers: routing.responseHeaders(answeringTenant: tenant))
        case .notFound:
            throw Module.unknown(ids)
        case .ambiguous(let tenants):
            throw OCPIError.invalid(
                "\(Module.levelNames[0]) \(ids[0]) exists at several tenants (\(tenants.map(\.description).joined(separator: ", "))); "
                    + "name one with OCPI-to-country-code and OCPI-to-party-id")
        }
    }

    func write(_ method: WriteMethod, _ request: Request, segments: [Substring]) async throws -> Response {
        if let actions = Module.self as? any PeerActions.Type, method == actions.method, segments.count == 2,
            actions.names.contains(String(segments[1]))
        {
            return try await actions.perform(
                String(segments[1]), request: request, access: access, objectID: String(segments[0]), pool: routes.pool,
                client: routes.peerClient, version: version)
        }
        var error = OCPIError.methodNotAllowed(
            "the \(Module.id.rawValue) Sender interface is read-only for peers; only the owning CPO pushes")
        error.headers[.allow] = "GET"
        throw error
    }

    /// The tenants a request reads: the one its OCPI-to-* headers name, else every granted tenant.
    func scope(_ routing: RoutingHeaders) -> TenantScope {
        if let tenant = routing.to { return .tenants([tenant]) }
        return access.allTenants ? .all : .tenants(access.tenants.sorted())
    }
}
