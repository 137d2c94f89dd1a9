import Hummingbird
import OCPIStorage

/// The per-request state every OCPI route sees: who is calling (filled by `TokenAuthMiddleware`) and the request's
/// ids (filled by `RequestIDMiddleware`).
public struct OCPIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated token; nil before authentication and on open routes (`/health`).
    public var token: AuthenticatedToken?
    /// The plain token the caller presented, for the one place that must echo it (credentials GET). Never logged.
    var presentedToken: String?
    public var requestID = ""
    public var correlationID = ""

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// The caller; throws 401 when the route was reached without authentication (a wiring mistake).
    public var principal: Principal {
        get throws(OCPIError) {
            guard let token else { throw OCPIError.unauthorized("no credentials token was presented") }
            return token.principal
        }
    }
}
