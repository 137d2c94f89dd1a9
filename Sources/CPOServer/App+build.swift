import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import OCPIModel
import OCPIPeers
import Metrics
import OCPIServer
import OCPIStorage
import PGClient
import Prometheus
import ServiceLifecycle

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The composition root: the pool, the token authenticator and its invalidation listener, the router, and the
/// application that runs them. Migrations run before the server binds, so nothing is served on an old schema.
func buildApplication(_ configuration: ServiceConfiguration) async throws -> some ApplicationProtocol {
    let logger = makeLogger(configuration)
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

    let pool = PGPool(
        configuration: PGPoolConfiguration(conninfo: configuration.databaseURL, maxConnections: configuration.poolSize),
        logger: logger)
    let authenticator = TokenAuthenticator(pool: pool, logger: logger)
    let peerClient = PeerClient(
        configuration: .init(
            connectTimeout: .seconds(configuration.peerConnectTimeout), requestTimeout: .seconds(configuration.peerRequestTimeout),
            allowPrivateNetworks: configuration.peerAllowPrivateNetworks),
        logger: logger)
    if configuration.peerAllowPrivateNetworks {
        logger.notice("PEER_ALLOW_PRIVATE_NETWORKS=true: peers may make this service call loopback and private addresses")
    }
    let connector = PeerConnector(
        store: PeerStore(pool: pool), client: peerClient, versionsURL: ServerModules.versionsURL(publicURL: configuration.publicURL), logger: logger)
    let pushWorker = PushWorker(
        store: PushStore(pool: pool),
        pushers: DataModules.pushers(pool: pool, client: peerClient),
        configuration: .init(
            maxConcurrentPeers: configuration.pushConcurrentPeers,
            // Short and renewed a third of the way through (also while a batch is in flight): a crashed instance's
            // peers are resumed by another within about one lease.
            lease: .seconds(configuration.pushLease), renewEvery: .seconds(configuration.pushLease) / 3,
            resyncAfterFailures: configuration.pushResyncAfterFailures,
            suspendAfter: .seconds(configuration.pushSuspendAfterHours * 3600), maxBackoff: .seconds(configuration.pushMaxBackoff)),
        logger: logger)
    let tokenSync = TokenSync(
        pool: pool, client: peerClient, configuration: .init(interval: .seconds(configuration.tokensSyncMinutes * 60)), logger: logger)
    // A claimed relay outlives the longest call it makes, so that no other instance takes it while it is in flight.
    let commandRelay = CommandResultRelay(
        pool: pool, client: peerClient, configuration: .init(lease: .seconds(configuration.peerRequestTimeout + 30)), logger: logger)
    let listener = PGListener(
        conninfo: configuration.databaseURL, channels: [TokenAuthenticator.invalidationChannel, "ocpi_peers_pending", "ocpi_push_pending"],
        logger: logger
    ) { event in
        authenticator.follow(event)
        switch event {
        case .connected:
            connector.wake()
            pushWorker.wake()
            tokenSync.wake()
        case .notification(let notification):
            switch notification.channel {
            case "ocpi_peers_pending": connector.wake()
            // A connection changed (connected, new endpoints or parties): a new Tokens Sender is pulled at once.
            case TokenAuthenticator.invalidationChannel: tokenSync.wake()
            case "ocpi_push_pending": pushWorker.wake()
            default: break
            }
        case .disconnected, .confirmed:
            break
        }
    }
    let dependencies = ServerDependencies(
        pool: pool,
        authenticator: authenticator,
        publicURL: configuration.publicURL,
        maxBodyBytes: configuration.maxBodyBytes,
        modules: ServerModules.all(
            pool: pool, publicURL: configuration.publicURL, peerClient: peerClient,
            timeZones: loadTimeZones(configuration.zoneTabPath, logger: logger), changes: OutboxRecorder(),
            authorizeTimeout: .milliseconds(configuration.authorizeTimeout), logger: logger,
            commandRelayFor: commandRelay.configuration.relayFor, commandResultArrived: { commandRelay.wake() }),
        metricsExposition: { registry.emitToBuffer() }
    )
    var app = Application(
        router: buildRouter(dependencies),
        // A client that stops sending (between requests, or with a request's head or body half sent) is closed after
        // the idle timeout, so that it cannot hold a connection and its task forever. A request fully read is never
        // cut short while it is being answered.
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.clientIdleTimeout)))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ocpi-cpo"),
        logger: logger
    )
    // Shut down in reverse: workers first, then the client they call with, the listener, and the pool last.
    app.addServices(pool, listener, PeerClientService(client: peerClient), connector, pushWorker, tokenSync, commandRelay)
    let migrator = Migrator(directory: configuration.migrationsPath, logger: logger)
    app.beforeServerStarts {
        let applied = try await migrator.migrate(pool)
        logger.info("schema is current", metadata: ["migrations.applied": "\(applied.count)"])
    }
    return app
}

/// Applies the migrations and closes the pool.
func migrateOnly(_ configuration: ServiceConfiguration) async throws {
    let logger = makeLogger(configuration)
    let pool = PGPool(configuration: PGPoolConfiguration(conninfo: configuration.databaseURL, maxConnections: 1), logger: logger)
    do {
        let applied = try await Migrator(directory: configuration.migrationsPath, logger: logger).migrate(pool)
        logger.info("schema is current", metadata: ["migrations.applied": "\(applied.count)"])
        await pool.close()
    } catch {
        await pool.close()
        throw error
    }
}

private func makeLogger(_ configuration: ServiceConfiguration) -> Logger {
    var logger = Logger(label: "ocpi-cpo", factory: { LineLogHandler(label: $0) })
    logger.logLevel = configuration.logLevel
    return logger
}

/// The tzdata table that derives a Location's time_zone when a tenant omits it; without it, time_zone is required.
private func loadTimeZones(_ path: String, logger: Logger) -> TimeZoneResolver? {
    guard let data = FileManager.default.contents(atPath: path) else {
        logger.warning("cannot read \(path); Locations without time_zone will be refused", metadata: ["tzdata": .string(path)])
        return nil
    }
    return TimeZoneResolver(zoneTab: String(decoding: data, as: UTF8.self))
}
