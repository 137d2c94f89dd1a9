import Hummingbird
import OCPIModel
import OCPIStorage

/// The Locations module. One set of URLs, two interfaces, chosen by the caller's token (both have three-segment
/// paths, so the path alone cannot decide):
/// - a tenant's owner token gets the Receiver interface for its own objects:
///   `GET|PUT|PATCH /{country_code}/{party_id}/{location_id}[/{evse_uid}[/{connector_id}]]` and `GET /` (its own list);
/// - a peer's token gets the Sender interface over its granted tenants' shared locations:
///   `GET /[?date_from&date_to&offset&limit]` and `GET /{location_id}[/{evse_uid}[/{connector_id}]]`.
public struct LocationsModule: OCPIModule {
    public let identifier = ModuleID.locations
    public let role = InterfaceRole.sender

    let store: LocationStore
    let receiver: LocationReceiver
    let timeZones: TimeZoneResolver?
    let publicURL: String

    public init(store: LocationStore, receiver: LocationReceiver, timeZones: TimeZoneResolver?, publicURL: String) {
        self.store = store
        self.receiver = receiver
        self.timeZones = timeZones
        self.publicURL = publicURL
    }

    public func register(on group: RouterGroup<OCPIRequestContext>, version: VersionNumber) {
        let owner = OwnerLocations(store: store, receiver: receiver, timeZones: timeZones, publicURL: publicURL, version: version)
        let peer = PeerLocations(store: store, publicURL: publicURL, version: version)

        group.get { request, context in
            switch try context.functionalPrincipal {
            case .owner(let tenant): try await owner.list(request, tenant: tenant)
            case .peer(let access): try await peer.list(request, access: access)
            }
        }
        group.get(":a") { request, context in
            switch try context.functionalPrincipal {
            case .owner: throw OwnerLocations.useTenantPath
            case .peer(let access): try await peer.get(request, access: access, ids: [context.parameters.require("a")])
            }
        }
        group.get(":a/:b") { request, context in
            switch try context.functionalPrincipal {
            case .owner: throw OwnerLocations.useTenantPath
            case .peer(let access):
                try await peer.get(request, access: access, ids: [context.parameters.require("a"), context.parameters.require("b")])
            }
        }
        for depth in 3...5 {
            let names = ["a", "b", "c", "d", "e"].prefix(depth)
            let path = RouterPath(names.map { ":" + $0 }.joined(separator: "/"))
            group.get(path) { request, context in
                let segments = try names.map { try context.parameters.require($0) }
                switch try context.functionalPrincipal {
                case .owner(let tenant): return try await owner.get(request, tenant: tenant, segments: segments)
                case .peer(let access):
                    guard depth == 3 else { throw PeerLocations.tooDeep }
                    return try await peer.get(request, access: access, ids: segments)
                }
            }
            group.put(path) { request, context in
                let segments = try names.map { try context.parameters.require($0) }
                guard case .owner(let tenant) = try context.functionalPrincipal else { throw PeerLocations.readOnly }
                return try await owner.put(request, tenant: tenant, segments: segments)
            }
            group.patch(path) { request, context in
                let segments = try names.map { try context.parameters.require($0) }
                guard case .owner(let tenant) = try context.functionalPrincipal else { throw PeerLocations.readOnly }
                return try await owner.patch(request, tenant: tenant, segments: segments)
            }
        }
    }
}

/// The caller of a functional module: a tenant's back-office or a registered peer (token A is refused).
enum FunctionalPrincipal {
    case owner(TenantID)
    case peer(PeerAccess)
}

extension OCPIRequestContext {
    /// The caller, when it may use functional modules; token A gets 401 as the spec requires.
    var functionalPrincipal: FunctionalPrincipal {
        get throws(OCPIError) {
            switch try principal {
            case .owner(let tenant): return .owner(tenant)
            case .peer(let access): return .peer(access)
            case .registration:
                throw OCPIError.unauthorized(
                    "a registration token (token A) may only read versions and use the credentials module; register first")
            }
        }
    }
}
