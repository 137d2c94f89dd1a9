import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OCPIModel
import OCPIPeers
import OCPIServer
import OCPIStorage
import PGClient
import TestSupport

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds the router the service runs, on the real test database, and hands a client to the test.
enum TestApp {
    static let publicURL = "https://ocpi.test.example"

    /// Outbound calls during tests (credentials handshakes with a fake EMSP); short timeouts keep failures quick.
    /// The fake EMSPs listen on loopback, which only `PEER_ALLOW_PRIVATE_NETWORKS=true` lets peers make us call.
    static let peerClient = PeerClient(
        configuration: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(3), allowPrivateNetworks: true), logger: TestDatabase.logger)

    /// The same, as a deployment runs it: private networks closed.
    static let publicOnlyPeerClient = PeerClient(
        configuration: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(3)), logger: TestDatabase.logger)

    /// How long a real-time authorization waits for a fake EMSP: short, so that a late answer is quick to test.
    static let authorizeTimeout = Duration.milliseconds(1000)

    static let timeZones: TimeZoneResolver? = FileManager.default.contents(atPath: "/usr/share/zoneinfo/zone.tab")
        .map { TimeZoneResolver(zoneTab: String(decoding: $0, as: UTF8.self)) }

    static func dependencies(
        pool: PGPool, maxBodyBytes: Int = 1_048_576, publicURL: String = TestApp.publicURL, peerClient: PeerClient = TestApp.peerClient
    ) -> ServerDependencies {
        ServerDependencies(
            pool: pool,
            authenticator: TokenAuthenticator(pool: pool, logger: TestDatabase.logger),
            publicURL: publicURL + "/",
            maxBodyBytes: maxBodyBytes,
            modules: ServerModules.all(
                pool: pool, publicURL: publicURL, peerClient: peerClient, timeZones: timeZones, changes: OutboxRecorder(),
                authorizeTimeout: authorizeTimeout, logger: TestDatabase.logger)
        )
    }

    /// Runs `body` with a client on the real router and a pool on the test database.
    /// - Parameters:
    ///   - publicURL: PUBLIC_URL as the operator configured it.
    ///   - connections: a pool of this size of its own (concurrency tests); nil shares the process-wide pool.
    ///   - peerClient: the client for calls to peers (credentials handshakes).
    static func run<R: Sendable>(
        _ setup: TestingSetup = .router,
        maxBodyBytes: Int = 1_048_576,
        publicURL: String = TestApp.publicURL,
        connections: Int? = nil,
        peerClient: PeerClient = TestApp.peerClient,
        _ body: @Sendable (any TestClientProtocol, PGPool) async throws -> R
    ) async throws -> R {
        let test: @Sendable (PGPool) async throws -> R = { pool in
            let app = Application(
                router: buildRouter(dependencies(pool: pool, maxBodyBytes: maxBodyBytes, publicURL: publicURL, peerClient: peerClient)),
                logger: TestDatabase.logger)
            return try await app.test(setup) { client in try await body(client, pool) }
        }
        if let connections {
            return try await TestDatabase.withPool(maxConnections: connections, test)
        }
        return try await TestDatabase.withPool(test)
    }
}

extension TestApp {
    /// Runs `body` against a database of its own (migrated from nothing, dropped afterwards), for a test whose
    /// outcome depends on every peer connection there is: the shared test database holds other suites' connections
    /// granted every tenant. Needs `ScratchDatabase.isAvailable`.
    static func runIsolated<R: Sendable>(_ body: @Sendable (LocationsClient, PGPool) async throws -> R) async throws -> R {
        let database = try await ScratchDatabase.create(prefix: "isolated_test")
        let pool = TestDatabase.makePool(maxConnections: 4, url: database.url)
        do {
            try await Migrator(directory: TestDatabase.migrationsPath, logger: TestDatabase.logger).migrate(pool)
            let app = Application(router: buildRouter(dependencies(pool: pool)), logger: TestDatabase.logger)
            let result = try await app.test(.router) { client in try await body(LocationsClient(client: client), pool) }
            await pool.close()
            try await database.drop()
            return result
        } catch {
            await pool.close()
            try? await database.drop()
            throw error
        }
    }
}

/// A decoded OCPI envelope, with the raw JSON of `data` for field-by-field checks.
struct Envelope: Sendable {
    var statusCode: Int
    var statusMessage: String?
    var timestamp: String
    var data: JSONValue?

    init(_ response: TestResponse) throws {
        let body = Data(response.body.readableBytesView)
        guard case .object(let object) = try JSONDecoder().decode(JSONValue.self, from: body) else {
            throw EnvelopeError.notAnObject(String(decoding: body, as: UTF8.self))
        }
        guard case .number(let code) = object["status_code"], case .string(let timestamp) = object["timestamp"] else {
            throw EnvelopeError.notAnEnvelope(String(decoding: body, as: UTF8.self))
        }
        self.statusCode = Int(code)
        self.timestamp = timestamp
        if case .string(let message) = object["status_message"] { self.statusMessage = message }
        self.data = object["data"]
    }

    enum EnvelopeError: Error {
        case notAnObject(String)
        case notAnEnvelope(String)
    }
}

extension HTTPFields {
    /// `Authorization: Token <token>`, raw.
    static func token(_ token: String) -> HTTPFields {
        [.authorization: "Token \(token)"]
    }

    /// `Authorization: Token <base64(token)>`, as OCPI 2.2+ prescribes.
    static func base64Token(_ token: String) -> HTTPFields {
        [.authorization: "Token \(Data(token.utf8).base64EncodedString())"]
    }
}
