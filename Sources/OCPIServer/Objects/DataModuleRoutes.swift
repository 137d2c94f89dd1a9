import HTTPTypes
import Hummingbird
import OCPIModel
import OCPIStorage
import PGClient

/// Serves any object module: one route set for both interfaces, registered once per version. Each request's
/// caller picks its interface once (`ObjectRequestContext`), and the interface reads the path segments by the
/// names the module declares.
struct DataModuleRoutes<Module: DataModule>: Sendable {
    let store: ObjectStore<Module>
    let writer: ObjectWriter<Module>
    let timeZones: TimeZoneResolver?
    let publicURL: String
    let version: VersionNumber

    func interface(for context: ObjectRequestContext) -> any ObjectInterface {
        switch context.caller {
        case .owner(let tenant): OwnerInterface(tenant: tenant, routes: self)
        case .peer(let access): PeerInterface(access: access, routes: self)
        }
    }

    func register(on group: RouterGroup<OCPIRequestContext>) {
        let routes = group.group(context: ObjectRequestContext.self)
        routes.get { request, context in try await interface(for: context).list(request) }
        routes.get("**") { request, context in
            try await interface(for: context).get(request, segments: context.parameters.getCatchAll())
        }
        for method in Module.ownerMethods {
            routes.on("**", method: method.httpMethod) { request, context in
                try await interface(for: context).write(method, request, segments: context.parameters.getCatchAll())
            }
        }
    }
}

/// An object module as the server offers it: its version-details entry and its routes.
public struct DataModuleEndpoint<Module: DataModule>: OCPIModule {
    public var identifier: ModuleID { Module.id }
    public var role: InterfaceRole { Module.peerRole }

    let store: ObjectStore<Module>
    let writer: ObjectWriter<Module>
    let timeZones: TimeZoneResolver?
    let publicURL: String

    public init(pool: PGPool, changes: any ChangeRecorder, timeZones: TimeZoneResolver?, publicURL: String) {
        Module.checkDeclaration()
        self.store = ObjectStore(pool: pool)
        self.writer = ObjectWriter(pool: pool, changes: changes)
        self.timeZones = timeZones
        self.publicURL = publicURL
    }

    public func register(on group: RouterGroup<OCPIRequestContext>, version: VersionNumber) {
        DataModuleRoutes(store: store, writer: writer, timeZones: timeZones, publicURL: publicURL, version: version).register(on: group)
    }
}

extension WriteMethod {
    var httpMethod: HTTPRequest.Method {
        switch self {
        case .put: .put
        case .patch: .patch
        case .delete: .delete
        }
    }
}
