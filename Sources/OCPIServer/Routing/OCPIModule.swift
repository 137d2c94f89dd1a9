import Hummingbird
import OCPIModel

/// One OCPI module served by the platform: the endpoints it adds to version details and the routes behind them.
///
/// Adding a module is one folder with a type conforming to this protocol and one line in
/// `ServerModules.all`; versions, version details and 405 handling follow from it.
public protocol OCPIModule: Sendable {
    /// The module's identifier, also its path segment under `/ocpi/cpo/{version}/`.
    var identifier: ModuleID { get }
    /// The interface role it implements, for version details.
    var role: InterfaceRole { get }
    /// The versions it serves.
    var versions: [VersionNumber] { get }
    /// Registers its routes for one version on a group rooted at `/ocpi/cpo/{version}/{identifier}`, behind token
    /// authentication.
    func register(on group: RouterGroup<OCPIRequestContext>, version: VersionNumber)
    /// Also served at `/ocpi/{version}/{identifier}` (credentials, whose URL peers often guess).
    var isAlsoAtVersionRoot: Bool { get }
}

extension OCPIModule {
    public var versions: [VersionNumber] { VersionNumber.supported }
    public var isAlsoAtVersionRoot: Bool { false }

    /// Its path below `/ocpi`, where the router mounts it and version details point.
    func path(for version: VersionNumber) -> String {
        "cpo/\(version.rawValue)/\(identifier.rawValue)"
    }
}
