import Hummingbird
import OCPIModel
import OCPIStorage

/// `GET /ocpi/versions` and `GET /ocpi/{version}`: what this platform speaks and where. Any valid token may read
/// them, token A included (a peer must read them to register). URLs are absolute, from `PUBLIC_URL`. A peer
/// connection limited to some versions sees only those, and gets 404 on the details of the others.
struct VersionsController {
    let publicURL: String
    let modules: [any OCPIModule]

    func register(on group: RouterGroup<OCPIRequestContext>) {
        // Both depend only on the configuration: built once, here.
        let versions = versions()
        group.get("versions") { _, context in
            guard let token = context.token else { return try OCPIEnvelope.ok(versions) }
            return try OCPIEnvelope.ok(versions.filter { token.offers($0.version) })
        }
        for version in VersionNumber.supported {
            let details = details(for: version)
            // A group of its own: middleware added to a group applies to every route registered on it later.
            group.group(RouterPath(version.rawValue)).add(middleware: OfferedVersionMiddleware(version: version))
                .get { _, _ in try OCPIEnvelope.ok(details) }
        }
    }

    func versions() -> [Version] {
        VersionNumber.supported.map { Version(version: $0, url: "\(publicURL)/ocpi/\($0.rawValue)") }
    }

    func details(for version: VersionNumber) -> VersionDetails {
        let endpoints = modules.filter { $0.versions.contains(version) }.map { module in
            Endpoint(
                identifier: module.identifier, role: module.role,
                url: "\(publicURL)/ocpi/\(module.path(for: version))")
        }
        return VersionDetails(version: version, endpoints: endpoints)
    }
}
