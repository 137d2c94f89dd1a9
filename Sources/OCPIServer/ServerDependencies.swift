import OCPIStorage
import PGClient

/// Everything the HTTP layer needs, built once by the executable (or a test) and passed in.
public struct ServerDependencies: Sendable {
    public var pool: PGPool
    public var authenticator: TokenAuthenticator
    /// The base of every URL we hand out, without a trailing slash (`https://ocpi.example.com`).
    public var publicURL: String
    /// The largest request body accepted.
    public var maxBodyBytes: Int
    /// The modules served, in the order version details list them.
    public var modules: [any OCPIModule]
    /// Renders the Prometheus exposition for `GET /metrics`; nil serves no metrics route.
    public var metricsExposition: (@Sendable () -> [UInt8])?

    public init(
        pool: PGPool, authenticator: TokenAuthenticator, publicURL: String, maxBodyBytes: Int, modules: [any OCPIModule],
        metricsExposition: (@Sendable () -> [UInt8])? = nil
    ) {
        self.pool = pool
        self.authenticator = authenticator
        self.publicURL = ServerModules.trimmed(publicURL)
        self.maxBodyBytes = maxBodyBytes
        self.modules = modules
        self.metricsExposition = metricsExposition
    }
}
