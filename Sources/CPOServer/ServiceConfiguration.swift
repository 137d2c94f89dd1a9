import ArgumentParser
import Logging
import OCPIServer

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Command-line flags; each falls back to an environment variable, then to a default.
struct ServiceOptions: ParsableArguments {
    @Option(help: "libpq connection string or URI (env DATABASE_URL).")
    var databaseURL: String?
    @Option(help: "Address to listen on (env HOST, default 127.0.0.1).")
    var host: String?
    @Option(help: "Port to listen on (env PORT, default 8000).")
    var port: Int?
    @Option(help: "Base of every URL handed out (env PUBLIC_URL, default http://HOST:PORT).")
    var publicURL: String?
    @Option(help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL, default info).")
    var logLevel: String?
    @Option(help: "Most database connections (env DB_POOL_SIZE, default 16).")
    var dbPoolSize: Int?
    @Option(help: "Largest request body in bytes (env MAX_BODY_BYTES, default 1048576).")
    var maxBodyBytes: Int?
    @Option(help: "Folder of NNNN_name.sql migrations (env MIGRATIONS_PATH, default sql/migrations).")
    var migrationsPath: String?
    @Option(help: "Seconds to connect to a peer (env PEER_CONNECT_TIMEOUT_SECONDS, default 5).")
    var peerConnectTimeout: Int?
    @Option(help: "Seconds for a whole call to a peer (env PEER_REQUEST_TIMEOUT_SECONDS, default 15).")
    var peerRequestTimeout: Int?
    @Option(help: "Let peers make us call loopback and private addresses: true or false (env PEER_ALLOW_PRIVATE_NETWORKS, default false).")
    var peerAllowPrivateNetworks: Bool?
    @Option(help: "Milliseconds a real-time authorization waits for the EMSP (env AUTHORIZE_TIMEOUT_MS, default 3000).")
    var authorizeTimeout: Int?
    @Option(help: "Minutes between two pulls of an EMSP's tokens (env TOKENS_SYNC_MINUTES, default 60).")
    var tokensSyncMinutes: Int?
    @Option(help: "Peers pushed to at once (env PUSH_CONCURRENT_PEERS, default 32).")
    var pushConcurrentPeers: Int?
    @Option(help: "Consecutive failures before a peer is marked for resync (env PUSH_RESYNC_AFTER_FAILURES, default 8).")
    var pushResyncAfterFailures: Int?
    @Option(help: "Longest back-off between pushes to an unreachable peer, seconds (env PUSH_MAX_BACKOFF_SECONDS, default 300).")
    var pushMaxBackoff: Int?
    @Option(help: "Hours a peer may keep failing before pushes to it are suspended (env PUSH_SUSPEND_AFTER_HOURS, default 72).")
    var pushSuspendAfterHours: Int?
    @Option(help: "Seconds a push worker's lease on a peer lasts without renewal (env PUSH_LEASE_SECONDS, default 15).")
    var pushLease: Int?
    @Option(help: "tzdata zone.tab, to derive missing time zones (env ZONE_TAB_PATH, default /usr/share/zoneinfo/zone.tab).")
    var zoneTabPath: String?
    @Option(help: "Seconds a client connection may send nothing before it is closed (env CLIENT_IDLE_TIMEOUT_SECONDS, default 30).")
    var clientIdleTimeout: Int?
}

/// The resolved configuration the service runs with.
struct ServiceConfiguration: Sendable {
    var databaseURL: String
    var host: String
    var port: Int
    var publicURL: String
    var logLevel: Logger.Level
    var poolSize: Int
    var maxBodyBytes: Int
    var migrationsPath: String
    var zoneTabPath: String
    var peerConnectTimeout: Int
    var peerRequestTimeout: Int
    var peerAllowPrivateNetworks: Bool
    /// Milliseconds a real-time authorization waits for the EMSP.
    var authorizeTimeout: Int
    /// Minutes between two pulls of an EMSP connection's tokens.
    var tokensSyncMinutes: Int
    var pushConcurrentPeers: Int
    var pushResyncAfterFailures: Int
    var pushMaxBackoff: Int
    var pushSuspendAfterHours: Int
    var pushLease: Int
    /// Seconds a client connection may stay silent, between requests or in the middle of one's head or body.
    var clientIdleTimeout: Int

    init(options: ServiceOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func value(_ flag: String?, _ name: String) -> String? {
            if let flag, !flag.isEmpty { return flag }
            if let env = environment[name], !env.isEmpty { return env }
            return nil
        }
        func integer(_ flag: Int?, _ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            let resolved: Int
            if let flag {
                resolved = flag
            } else if let text = environment[name], !text.isEmpty {
                guard let parsed = Int(text) else { throw ValidationError("\(name)=\(text) is not a whole number") }
                resolved = parsed
            } else {
                resolved = fallback
            }
            guard range.contains(resolved) else { throw ValidationError("\(name) must be within \(range), not \(resolved)") }
            return resolved
        }
        func boolean(_ flag: Bool?, _ name: String) throws -> Bool {
            if let flag { return flag }
            guard let text = environment[name], !text.isEmpty else { return false }
            switch text.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: throw ValidationError("\(name)=\(text) is not true or false")
            }
        }
        guard let databaseURL = value(options.databaseURL, "DATABASE_URL") else {
            throw ValidationError("DATABASE_URL is not set: pass --database-url or set DATABASE_URL (make run does this for you)")
        }
        self.databaseURL = databaseURL
        self.host = value(options.host, "HOST") ?? "127.0.0.1"
        self.port = try integer(options.port, "PORT", default: 8000, range: 0...65535)
        let publicURL = ServerModules.trimmed(value(options.publicURL, "PUBLIC_URL") ?? "http://\(host):\(port)")
        self.publicURL = publicURL
        guard publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://") else {
            throw ValidationError("PUBLIC_URL must start with http:// or https://")
        }
        let levelName = value(options.logLevel, "LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelName.lowercased()) else {
            throw ValidationError("LOG_LEVEL \(levelName) is not one of trace, debug, info, notice, warning, error, critical")
        }
        self.logLevel = level
        self.poolSize = try integer(options.dbPoolSize, "DB_POOL_SIZE", default: 16, range: 1...500)
        self.maxBodyBytes = try integer(options.maxBodyBytes, "MAX_BODY_BYTES", default: 1_048_576, range: 1024...104_857_600)
        self.migrationsPath = value(options.migrationsPath, "MIGRATIONS_PATH") ?? "sql/migrations"
        self.zoneTabPath = value(options.zoneTabPath, "ZONE_TAB_PATH") ?? "/usr/share/zoneinfo/zone.tab"
        self.peerConnectTimeout = try integer(options.peerConnectTimeout, "PEER_CONNECT_TIMEOUT_SECONDS", default: 5, range: 1...120)
        self.peerRequestTimeout = try integer(options.peerRequestTimeout, "PEER_REQUEST_TIMEOUT_SECONDS", default: 15, range: 1...600)
        self.peerAllowPrivateNetworks = try boolean(options.peerAllowPrivateNetworks, "PEER_ALLOW_PRIVATE_NETWORKS")
        self.authorizeTimeout = try integer(options.authorizeTimeout, "AUTHORIZE_TIMEOUT_MS", default: 3000, range: 100...60_000)
        self.tokensSyncMinutes = try integer(options.tokensSyncMinutes, "TOKENS_SYNC_MINUTES", default: 60, range: 1...10_080)
        self.pushConcurrentPeers = try integer(options.pushConcurrentPeers, "PUSH_CONCURRENT_PEERS", default: 32, range: 1...1000)
        self.pushResyncAfterFailures = try integer(options.pushResyncAfterFailures, "PUSH_RESYNC_AFTER_FAILURES", default: 8, range: 1...1000)
        self.pushMaxBackoff = try integer(options.pushMaxBackoff, "PUSH_MAX_BACKOFF_SECONDS", default: 300, range: 1...86_400)
        self.pushSuspendAfterHours = try integer(options.pushSuspendAfterHours, "PUSH_SUSPEND_AFTER_HOURS", default: 72, range: 1...8760)
        self.pushLease = try integer(options.pushLease, "PUSH_LEASE_SECONDS", default: 15, range: 3...600)
        self.clientIdleTimeout = try integer(options.clientIdleTimeout, "CLIENT_IDLE_TIMEOUT_SECONDS", default: 30, range: 1...3600)
    }
}
