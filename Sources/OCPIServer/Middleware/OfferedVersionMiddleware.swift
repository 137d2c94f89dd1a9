import Hummingbird
import OCPIModel
import OCPIStorage

/// Refuses a request to a version its caller's connection is not offered (`versions` of `create_registration.sql`,
/// `connect_peer.sql`, `register_peer.sql`), on every route of that version: version details, credentials, modules.
///
/// HTTP 404 with status 2000, as for a version we do not speak at all: to that client the URL does not exist. The
/// message names the versions it may use, so that a person reading it knows where to go. The offered versions come
/// with the token's lookup, so this costs no query.
struct OfferedVersionMiddleware: RouterMiddleware {
    typealias Context = OCPIRequestContext
    let version: VersionNumber

    func handle(
        _ request: Request, context: OCPIRequestContext,
        next: (Request, OCPIRequestContext) async throws -> Response
    ) async throws -> Response {
        if let token = context.token, !token.offers(version) {
            throw Self.notOffered(version, to: token)
        }
        return try await next(request, context)
    }

    static func notOffered(_ version: VersionNumber, to token: AuthenticatedToken) -> OCPIError {
        let offered = VersionNumber.supported.filter(token.offers).map(\.rawValue).joined(separator: ", ")
        return OCPIError.notFound(
            "version \(version) is not offered to this connection; it may use \(offered) (GET /ocpi/versions lists them)")
    }
}
