import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import OCPIModel
import ServiceLifecycle

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Outbound OCPI calls: JSON in and out, the envelope checked, timeouts on every call, fresh `X-Request-ID`s,
/// and the `Authorization` format negotiated per peer. Tokens never reach a log.
public final class PeerClient: Sendable {
    public struct Configuration: Sendable {
        public var connectTimeout: Duration
        /// The whole call, connect to last byte.
        public var requestTimeout: Duration
        /// The largest response body read.
        public var maxResponseBytes: Int

        public init(connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(15), maxResponseBytes: Int = 8 << 20) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maxResponseBytes = maxResponseBytes
        }
    }

    /// A peer's answer: the envelope's data, and the token format that worked.
    public struct Answer<Payload: Sendable>: Sendable {
        public var data: Payload?
        public var status: Int
        public var tokenFormat: PeerToken.Format
    }

    let http: HTTPClient
    let configuration: Configuration
    let logger: Logger

    public init(configuration: Configuration = Configuration(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.http = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(
                timeout: .init(connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.requestTimeout))))
    }

    public func shutdown() async throws {
        try await http.shutdown()
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
        return try await call(method, url, token: token, json: bytes, headers: headers, correlationID: correlationID, negotiateFormat: negotiateFormat, as: payload)
    }

    /// Calls `url` with a body that is already JSON text (objects rendered by the database).
    public func call<Payload: Decodable & Sendable>(
        _ method: HTTPMethod,
        _ url: String,
        token: PeerToken,
        json body: [UInt8]?,
        headers extraHeaders: [(String, String)] = [],
        correlationID: String? = nil,
        negotiateFormat: Bool = true,
        as payload: Payload.Type
    ) async throws(PeerCallError) -> Answer<Payload> {
        do {
            return try await attempt(method, url, token: token, body: body, headers: extraHeaders, correlationID: correlationID, as: payload)
        } catch let error where error.kind == .httpStatus(401) && negotiateFormat {
            logger.debug("peer refused the token format; trying the other one", metadata: ["peer.url": "\(url)"])
            return try await attempt(method, url, token: token.alternative, body: body, headers: extraHeaders, correlationID: correlationID, as: payload)
        }
    }

    private func attempt<Payload: Decodable & Sendable>(
        _ method: HTTPMethod, _ url: String, token: PeerToken, body: [UInt8]?,
        headers extraHeaders: [(String, String)], correlationID: String?, as payload: Payload.Type
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

        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await http.execute(request, timeout: TimeAmount(configuration.requestTimeout))
            bytes = try await response.body.collect(upTo: configuration.maxResponseBytes)
        } catch {
            throw PeerCallError(.unreachable, message: "could not reach the peer: \(Self.describe(error))", url: url)
        }
        let status = Int(response.status.code)
        let envelope = try? OCPIJSON.decoder.decode(OCPIReceivedResponse<Payload>.self, from: Data(bytes.readableBytesView))
        guard (200..<300).contains(status) else {
            let detail = envelope.map { " (status_code \($0.statusCode.rawValue)\($0.statusMessage.map { ": \($0)" } ?? ""))" } ?? ""
            throw PeerCallError(.httpStatus(status), message: "the peer answered HTTP \(status)\(detail)", url: url)
        }
        guard let envelope else {
            throw PeerCallError(.invalidResponse, message: "the peer's answer is not an OCPI envelope with the expected data", url: url)
        }
        guard envelope.statusCode.isSuccess else {
            throw PeerCallError(
                .ocpiStatus(envelope.statusCode.rawValue),
                message: "the peer answered status_code \(envelope.statusCode.rawValue)\(envelope.statusMessage.map { ": \($0)" } ?? "")", url: url)
        }
        return Answer(data: envelope.data, status: status, tokenFormat: token.format)
    }

    static func describe(_ error: any Error) -> String {
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
