import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import OCPIModel
import ServiceLifecycle

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Outbound OCPI calls: JSON in and out, the envelope checked, fresh `X-Request-ID`s, and the `Authorization` format
/// negotiated per peer. Tokens never reach a log.
///
/// Every URL passes `PeerURLPolicy` first, and the connection goes to the address it checked. Redirects are not
/// followed (a 3xx is an error like any other), bodies are not decompressed, an answer larger than
/// `maxResponseBytes` is refused, and each call ends within `requestTimeout`, body included.
public final class PeerClient: Sendable {
    public struct Configuration: Sendable {
        public var connectTimeout: Duration
        /// The whole call: resolving, connecting, sending, and reading the answer to its last byte.
        public var requestTimeout: Duration
        /// The largest response body read; a peer's answers (versions, details, credentials, push results) are small.
        public var maxResponseBytes: Int
        /// Whether peers may make us call loopback and private addresses (`PEER_ALLOW_PRIVATE_NETWORKS`).
        public var allowPrivateNetworks: Bool

        public init(
            connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(15),
            maxResponseBytes: Int = PeerClient.defaultMaxResponseBytes, allowPrivateNetworks: Bool = false
        ) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maxResponseBytes = maxResponseBytes
            self.allowPrivateNetworks = allowPrivateNetworks
        }
    }

    /// 4 MiB: a version details document or a push answer is a few KiB; anything near this is not OCPI.
    public static let defaultMaxResponseBytes = 4 << 20

    /// A peer's answer: the envelope's data, and the token format that worked.
    public struct Answer<Payload: Sendable>: Sendable {
        public var data: Payload?
        public var status: Int
        public var tokenFormat: PeerToken.Format
        /// The `Location` header, as sent (a CDRs Receiver names where it keeps a posted CDR).
        public var location: String? = nil
        /// The `Link` header, as sent (a paginated list names its next page).
        public var link: String? = nil
    }

    /// Threads of the pool on which peers' host names are resolved: lookups of names a peer chose, which may never
    /// answer, block these and nothing else (pushes to other peers queue behind them for at most their deadline).
    public static let resolverThreads = 4

    let clients: PinnedClients
    let configuration: Configuration
    /// The rule every URL passes before it is called; also for checking URLs a peer hands us before storing them.
    public let policy: PeerURLPolicy
    let logger: Logger
    /// The resolver's own thread pool, when this client made it; stopped with the client.
    let resolverPool: NIOThreadPool?

    /// - Parameter resolver: turns host names into addresses for the URL policy; by default the system's, on a
    ///   pool of `resolverThreads` threads this client owns.
    public init(configuration: Configuration = Configuration(), resolver: (any HostResolver)? = nil, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        if let resolver {
            self.resolverPool = nil
            self.policy = PeerURLPolicy(allowPrivateNetworks: configuration.allowPrivateNetworks, resolver: resolver)
        } else {
            let pool = NIOThreadPool(numberOfThreads: Self.resolverThreads)
            pool.start()
            self.resolverPool = pool
            self.policy = PeerURLPolicy(
                allowPrivateNetworks: configuration.allowPrivateNetworks, resolver: SystemHostResolver(threadPool: pool))
        }
        self.clients = PinnedClients(
            configuration: HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.requestTimeout)),
                decompression: .disabled))
    }

    public func shutdown() async throws {
        await clients.shutdown()
        // Not awaited: a lookup stuck in `getaddrinfo` would hold the shutdown until the system resolver gives up.
        resolverPool?.shutdownGracefully { _ in }
    }

    /// Calls `url` and decodes the envelope's `data` as `Payload` (`JSONValue` accepts anything, or nothing).
    /// With `negotiateFormat`, a 401 is retried once with the token's other format.
    public func call<Payload: Decodable & Sendable>(
        _ method: HTTPMethod,
        _ url: String,
        token: PeerToken,
        body: (some Encodable & Sendable)? = Optional<NoPayload>.none,
        headers: [(String, String)] = [],
        correlationID: String? = nil,
        negotiateFormat: Bool = true,
        timeout: Duration? = nil,
        as payload: Payload.Type
    ) async throws(PeerCallError) -> Answer<Payload> {
        var bytes: [UInt8]?
        if let body {
            do {
                bytes = Array(try OCPIJSON.encoder.encode(body))
            } catch {
                throw PeerCallError(.invalidResponse, message: "could not encode the request body: \(error)", url: url)
            }
        }
        return try await call(
            method, url, token: token, json: bytes, headers: headers, correlationID: correlationID, negotiateFormat: negotiateFormat,
            timeout: timeout, as: payload)
    }

    /// Calls `url` with a body that is already JSON text (objects rendered by the database). `timeout` bounds the
    /// whole call instead of the configured `requestTimeout` (a real-time authorization waits less).
    public func call<Payload: Decodable & Sendable>(
        _ method: HTTPMethod,
        _ url: String,
        token: PeerToken,
        json body: [UInt8]?,
        headers extraHeaders: [(String, String)] = [],
        correlationID: String? = nil,
        negotiateFormat: Bool = true,
        timeout: Duration? = nil,
        as payload: Payload.Type
    ) async throws(PeerCallError) -> Answer<Payload> {
        let timeout = timeout ?? configuration.requestTimeout
        // One deadline for the whole call, the retry in the other token format included.
        do {
            return try await withDeadline(timeout) { @Sendable [self] () async throws(PeerCallError) -> Answer<Payload> in
                do throws(PeerCallError) {
                    return try await attempt(
                        method, url, token: token, body: body, headers: extraHeaders, correlationID: correlationID, timeout: timeout, as: payload)
                } catch let error where error.kind == .httpStatus(401) && negotiateFormat {
                    logger.debug("peer refused the token format; trying the other one", metadata: ["peer.url": "\(error.url)"])
                    return try await attempt(
                        method, url, token: token.alternative, body: body, headers: extraHeaders, correlationID: correlationID,
                        timeout: timeout, as: payload)
                }
            }
        } catch let error as PeerCallError {
            throw error
        } catch {
            throw PeerCallError(.unreachable, message: "could not reach the peer: \(Self.describe(error))", url: url)
        }
    }

    private func attempt<Payload: Decodable & Sendable>(
        _ method: HTTPMethod, _ url: String, token: PeerToken, body: [UInt8]?,
        headers extraHeaders: [(String, String)], correlationID: String?, timeout: Duration, as payload: Payload.Type
    ) async throws(PeerCallError) -> Answer<Payload> {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: token.headerValue)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "X-Request-ID", value: MessageID.random())
        request.headers.add(name: "X-Correlation-ID", value: correlationID ?? MessageID.random())
        for (name, value) in extraHeaders { request.headers.add(name: name, value: value) }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
            request.headers.add(name: "Content-Type", value: "application/json")
        }

        let (status, bytes, location, link) = try await exchange(request, url: url, timeout: timeout)
        let envelope = try? OCPIJSON.decoder.decode(OCPIReceivedResponse<Payload>.self, from: Data(bytes.readableBytesView))
        guard (200..<300).contains(status) else {
            let detail = envelope.map { " (status_code \($0.statusCode.rawValue)\($0.statusMessage.map { ": \($0)" } ?? ""))" }
                ?? Self.snippet(bytes).map { ": \($0)" } ?? ""
            let redirect = (300..<400).contains(status) ? " (redirects are not followed)" : ""
            var error = PeerCallError(.httpStatus(status), message: "the peer answered HTTP \(status)\(redirect)\(detail)", url: url)
            error.envelopeCode = envelope?.statusCode.rawValue
            throw error
        }
        guard let envelope else {
            throw PeerCallError(
                .invalidResponse,
                message: "the peer's answer is not an OCPI envelope with the expected data\(Self.snippet(bytes).map { ": \($0)" } ?? "")", url: url)
        }
        guard envelope.statusCode.isSuccess else {
            throw PeerCallError(
                .ocpiStatus(envelope.statusCode.rawValue),
                message: "the peer answered status_code \(envelope.statusCode.rawValue)\(envelope.statusMessage.map { ": \($0)" } ?? "")", url: url)
        }
        return Answer(data: envelope.data, status: status, tokenFormat: token.format, location: location, link: link)
    }

    /// One request (the caller holds the deadline): the URL checked, the connection made to the checked address,
    /// and the whole body read (up to the cap).
    private func exchange(
        _ request: HTTPClientRequest, url: String, timeout: Duration
    ) async throws(PeerCallError) -> (status: Int, body: ByteBuffer, location: String?, link: String?) {
        let limit = configuration.maxResponseBytes
        do {
            let destination = try await policy.check(url)
            return try await clients.withClient(for: destination) { http in
                let response = try await http.execute(request, timeout: TimeAmount(timeout))
                let body = try await response.body.collect(upTo: limit)
                return (Int(response.status.code), body, response.headers.first(name: "Location"), response.headers.first(name: "Link"))
            }
        } catch let refusal as PeerURLRefusal {
            throw PeerCallError(refusal)
        } catch is NIOTooManyBytesError {
            throw PeerCallError(.invalidResponse, message: "the peer's answer is larger than \(limit) bytes", url: url)
        } catch {
            throw PeerCallError(.unreachable, message: "could not reach the peer: \(Self.describe(error))", url: url)
        }
    }

    /// The start of a body that is not an envelope (an error page), escaped, for the operator.
    static func snippet(_ bytes: ByteBuffer) -> String? {
        guard bytes.readableBytes > 0 else { return nil }
        return UntrustedText.escaped(String(decoding: bytes.readableBytesView.prefix(200), as: UTF8.self), limit: 200)
    }

    static func describe(_ error: any Error) -> String {
        if error is DeadlineExceeded { return "timed out" }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timed out"
            case .remoteConnectionClosed: return "the connection was closed"
            default: return "\(error)"
            }
        }
        return "\(error)"
    }
}

/// Runs until graceful shutdown, then shuts the client down (after the services that use it).
public struct PeerClientService: Service {
    let client: PeerClient

    public init(client: PeerClient) {
        self.client = client
    }

    public func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
