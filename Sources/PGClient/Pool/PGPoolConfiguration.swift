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
    /// Whether a statement already prepared on its connection waits for its answer on one shared epoll thread
    /// (`PGSocketReactor`) instead of a blocking call on a pool thread. On by default; off is for comparison.
    public var waitsOnSockets: Bool

    public init(
        conninfo: String,
        maxConnections: Int = 10,
        acquireTimeout: Duration = .seconds(10),
        applicationName: String = "ocpi-cpo",
        waitsOnSockets: Bool = true
    ) {
        self.conninfo = conninfo
        self.maxConnections = maxConnections
        self.acquireTimeout = acquireTimeout
        self.applicationName = applicationName
        self.waitsOnSockets = waitsOnSockets
    }
}
