import HTTPTypes
import Hummingbird
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient

/// Serves any object module: one route set for both interfaces, registered once per version. Each request's
/// caller picks its interface once (`ObjectRequestContext`), and the interface reads the path segments by the
/// names the module declares.
struct DataModuleRoutes<Module: DataModule>: Sendable {
    let pool: PGPool
    let store: ObjectStore<Module>
    let writer: ObjectWriter<Module>
    let timeZones: TimeZoneResolver?
    let publicURL: String
    let version: VersionNumber

    /// Said to a tenant's owner token on a module that peers write.
    var tenantAdvice = ""
    /// Outbound calls a peer action makes (Sessions: charging preferences passed on to the tenant's back-office).
    var peerClient: PeerClient?

    func interface(for context: ObjectRequestContext) -> any ObjectInterface {
        switch (Module.writtenBy, context.caller) {
        case (.tenant, .owner(let tenant)): OwnerInterface(tenant: tenant, routes: self)
        case (.tenant, .peer(let access)): PeerInterface(access: access, routes: self)
        case (.peerParty, .peer(let access)): PartyReceiverInterface(access: access, routes: self)
        case (.peerParty, .owner(let tenant)): TenantUseInterface<Module>(tenant: tenant, advice: tenantAdvice)
        }
    }

    /// The path's segments below the module, percent-decoded (a CDR's `A#1` is addressed as `A%231`, as the
    /// `Location` we hand out writes it), each an id as `URLSegment.isAddressable` allows.
    static func segments(_ context: some RequestContext) throws(OCPIError) -> [Substring] {
        try context.parameters.getCatchAll().map { segment throws(OCPIError) -> Substring in
            guard let decoded = PercentEncoding.decode(segment), URLSegment.isAddressable(decoded) else {
                throw OCPIError.badRequest(
                    "the URL segment \(UntrustedText.escaped(String(segment))) is not an id: ids are printable ASCII, without '/', and not '.' or '..'")
            }
            return Substring(decoded)
        }
    }

    func register(on group: RouterGroup<OCPIRequestContext>) {
        let routes = group.group(context: ObjectRequestContext.self)
        routes.get { request, context in try await interface(for: context).list(request) }
        routes.get("**") { request, context in
            try await interface(for: context).get(request, segments: try Self.segments(context))
        }
        for method in Module.ownerMethods where method != .post {
            routes.on("**", method: method.httpMethod) { request, context in
                try await interface(for: context).write(method, request, segments: try Self.segments(context))
            }
        }
        if Module.ownerMethods.contains(.post) {
            routes.post { request, context in try await interface(for: context).write(.post, request, segments: []) }
        }
        if let actions = Module.self as? any PeerActions.Type, !Module.ownerMethods.contains(actions.method) {
            preconditionFailure("\(Module.id): a peer action's method must be one the owner's routes serve")
        }
        if let actions = Module.self as? any ModuleActions.Type {
            routes.post("**") { request, context in
                let segments = try Self.segments(context)
                if segments.count == 2 + Module.idPath.count + 1, let name = segments.last, actions.names.contains(String(name)) {
                    return try await actions.perform(String(name), request: request, context: context, segments: segments, pool: pool, version: version)
                }
                // Not an action: POST is not served here (the 405 routes skip paths that serve POST at all).
                let allowed = (["GET"] + Module.ownerMethods.map(\.rawValue)).joined(separator: ", ")
                let caller: String
                if case .peer = context.caller { caller = "GET" } else { caller = allowed }
                var error = OCPIError.methodNotAllowed("POST is not allowed here; this URL serves \(caller)")
                error.headers[.allow] = caller
                throw error
            }
        }
    }
}

/// An object module as the server offers it: its version-details entry and its routes.
public struct DataModuleEndpoint<Module: DataModule>: OCPIModule {
    public var identifier: ModuleID { Module.id }
    public var role: InterfaceRole { Module.peerRole }

    let pool: PGPool
    let store: ObjectStore<Module>
    let writer: ObjectWriter<Module>
    let timeZones: TimeZoneResolver?
    let publicURL: String
    let peerClient: PeerClient?

    public init(pool: PGPool, changes: any ChangeRecorder, timeZones: TimeZoneResolver?, publicURL: String, peerClient: PeerClient? = nil) {
        Module.checkDeclaration()
        self.pool = pool
        self.store = ObjectStore(pool: pool)
        self.writer = ObjectWriter(pool: pool, changes: changes)
        self.timeZones = timeZones
        self.publicURL = publicURL
        self.peerClient = peerClient
    }

    public func register(on group: RouterGroup<OCPIRequestContext>, version: VersionNumber) {
        var routes = DataModuleRoutes(pool: pool, store: store, writer: writer, timeZones: timeZones, publicURL: publicURL, version: version)
        routes.peerClient = peerClient
        routes.register(on: group)
    }
}

/// Calls a module serves beside the pipeline's own, for the platform's own uses (Tariffs: pricing), as
/// `POST /{module}/{country_code}/{party_id}/{id}/{action}`. They see the same resolved caller as the module's
/// routes. (Hummingbird allows no route beside a catch-all, so the module's POST catch-all dispatches them.)
protocol ModuleActions {
    /// The action names (the last URL segment).
    static var names: Set<String> { get }
    static func perform(
        _ name: String, request: Request, context: ObjectRequestContext, segments: [Substring], pool: PGPool, version: VersionNumber
    ) async throws -> Response
}

/// Writes a module lets peers make beside reading, as `{method} /{module}/{id}/{action}` (Sessions: a peer's
/// `PUT /sessions/{session_id}/charging_preferences`). The module's write routes dispatch them for peer callers.
protocol PeerActions {
    static var method: WriteMethod { get }
    /// The action names (the last URL segment).
    static var names: Set<String> { get }
    static func perform(
        _ name: String, request: Request, access: PeerAccess, objectID: String, pool: PGPool, client: PeerClient?, version: VersionNumber
    ) async throws -> Response
}

extension WriteMethod {
    var httpMethod: HTTPRequest.Method {
        switch self {
        case .put: .put
        case .patch: .patch
        case .delete: .delete
        case .post: .post
        }
    }
}
