/// How a `PGPool` connects and how large it may grow.
public struct PGPoolConfiguration: Sendable {
    /// A libpq connection string or URI.
    public var conninfo: String
    /// The most connections open at once; also the number of threads that run libpq calls.
    public var maxConnections: Int
    /// How long a caller waits for a free connection before `poolTimeout`.
    public var acquireTimeout: Duration
    /// Shown in `pg_stat_activity`.
    public var applicationName: String

    public init(
        conninfo: String,
        maxConnections: Int = 10,
        acquireTimeout: Duration = .seconds(10),
        applicationName: String = "ocpi-cpo"
    ) {
        self.conninfo = conninfo
        self.maxConnections = maxConnections
        self.acquireTimeout = acquireTimeout
        self.applicationName = applicationName
    }
}
