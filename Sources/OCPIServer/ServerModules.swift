import Logging
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient

/// The modules this platform serves, built the same way by the executable and by the tests.
public enum ServerModules {
    /// - Parameters:
    ///   - publicURL: the base of the URLs we hand out (no trailing slash).
    ///   - peerClient: outbound calls to peers (credentials handshakes).
    ///   - timeZones: derives missing Location time zones; nil makes time_zone required.
    ///   - changes: records object changes for push, in the writing transaction.
    ///   - authorizeTimeout: how long a real-time authorization may wait for the EMSP (`AUTHORIZE_TIMEOUT_MS`).
    ///   - commandRelayFor: how long a command's result is relayed to the EMSP before it is given up.
    ///   - commandResultArrived: wakes the `CommandResultRelay` when a back-office sent a result.
    public static func all(
        pool: PGPool, publicURL: String, peerClient: PeerClient, timeZones: TimeZoneResolver?,
        changes: any ChangeRecorder = NoChangeRecorder(), authorizeTimeout: Duration = .milliseconds(3000),
        logger: Logger = Logger(label: "ocpi.authorize"),
        commandRelayFor: Duration = CommandResultRelay.Configuration().relayFor, commandResultArrived: @escaping @Sendable () -> Void = {}
    ) -> [any OCPIModule] {
        let base = trimmed(publicURL)
        let exchange = CredentialsExchange(
            store: PeerStore(pool: pool), discovery: PeerDiscovery(client: peerClient), versionsURL: versionsURL(publicURL: base))
        func endpoint<Module: DataModule>(_ module: Module.Type) -> any OCPIModule {
            DataModuleEndpoint<Module>(pool: pool, changes: changes, timeZones: timeZones, publicURL: base, peerClient: peerClient)
        }
        let authorizer = TokenAuthorizer(lookup: TokenLookup(pool: pool), client: peerClient, timeout: authorizeTimeout, logger: logger)
        return [CredentialsModule(exchange: exchange)] + DataModules.all.map { endpoint($0) }
            + [
                TokensEndpoint(pool: pool, authorizer: authorizer, publicURL: base), HubClientInfoModule(pool: pool),
                CommandsModule(pool: pool, client: peerClient, publicURL: base, relayFor: commandRelayFor, resultArrived: commandResultArrived),
                ChargingProfilesModule(
                    pool: pool, client: peerClient, publicURL: base, relayFor: commandRelayFor, resultArrived: commandResultArrived),
            ]
    }

    /// Our versions endpoint, the `url` of our credentials, for a public URL.
    public static func versionsURL(publicURL: String) -> String {
        trimmed(publicURL) + "/ocpi/versions"
    }

    /// A public URL without trailing slashes, so that paths append cleanly.
    public static func trimmed(_ publicURL: String) -> String {
        var base = publicURL
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
