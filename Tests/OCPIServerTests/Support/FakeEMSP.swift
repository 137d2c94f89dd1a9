import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OCPIModel
import ServiceLifecycle
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An EMSP platform on loopback, under the test's control: it serves versions, version details, a credentials
/// endpoint and Locations, Tariffs, Sessions and CDRs Receivers, records every request it gets, and can refuse,
/// stall, omit endpoints or insist on raw tokens.
final class FakeEMSP: Sendable {
    struct Behavior: Sendable {
        /// Versions it offers.
        var versions: [String] = ["2.2.1", "2.3.0"]
        /// Modules in its version details (credentials SENDER, locations RECEIVER by default).
        var endpoints: [(ModuleID, InterfaceRole)] = [(.credentials, .sender), (.locations, .receiver)]
        /// Refuse Base64 `Authorization` values (an implementation that wants raw tokens).
        var rawTokensOnly = false
        /// Answer every request with this HTTP status (and an error envelope, or `failBody`).
        var failWith: HTTPResponse.Status?
        /// The body of those answers, as written (an envelope with a hostile status_message, an HTML error page).
        var failBody: String?
        /// Wait this long before answering (longer than the client's timeout = a timeout).
        var delay: Duration?
        /// Answer Locations pushes with this status (to simulate unknown objects or failures).
        var locationsStatus: HTTPResponse.Status = .ok
        /// Answer PATCHes of Locations objects "unknown object" (HTTP 404, 2003), as a receiver that missed the PUT.
        var unknownOnPatch = false
        /// Answer our credentials POST with this HTTP status (after versions and details went well).
        var credentialsStatus: HTTPResponse.Status?
        /// List these URLs in its version details instead of its own (a peer pointing us elsewhere).
        var endpointURLs: [ModuleID: String] = [:]
        /// Answer the versions list with its headers at once, then one byte of the body at each interval.
        var dripVersionsEvery: Duration?
        /// Answer the versions list with a 302 to the same list at another URL (`?moved=1`).
        var redirectVersions = false
    }

    struct Recorded: Sendable {
        var method: String
        var path: String
        /// By lower-case header name.
        var headers: [String: String]
        var body: String

        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    private struct State {
        var behavior = Behavior()
        var acceptedTokens: Set<String> = []
        var received: [Recorded] = []
        /// The token we (the platform under test) gave it in our credentials POST.
        var tokenFromPlatform: String?
        /// What its Sessions and CDRs Receivers hold, by the URL path a GET reads it at.
        var kept: [String: String] = [:]
    }

    private let state = Mutex(State())
    private let serviceGroup: Mutex<ServiceGroup?> = Mutex(nil)
    let party: (countryCode: String, partyID: String)
    /// The token it hands out when we register with it (its token C).
    let issuedToken = "emsp-token-c-\(UUID().uuidString)"
    private(set) nonisolated(unsafe) var baseURL = ""

    init(countryCode: String = "NL", partyID: String = "EMS", accepting tokens: Set<String> = []) {
        self.party = (countryCode, partyID)
        state.withLock { $0.acceptedTokens = tokens }
    }

    var behavior: Behavior {
        get { state.withLock { $0.behavior } }
        set { state.withLock { $0.behavior = newValue } }
    }

    func accept(_ token: String) { state.withLock { _ = $0.acceptedTokens.insert(token) } }
    var received: [Recorded] { state.withLock { $0.received } }
    var tokenFromPlatform: String? { state.withLock { $0.tokenFromPlatform } }
    var versionsURL: String { baseURL + "/ocpi/versions" }

    /// Starts listening on a free loopback port.
    func start() async throws {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: GateMiddleware(fake: self))
        router.get("ocpi/versions") { request, _ in
            if self.behavior.redirectVersions && request.uri.query == nil {
                return Response(status: .found, headers: [.location: self.versionsURL + "?moved=1"])
            }
            let versions = self.behavior.versions.map { Version(version: VersionNumber(rawValue: $0), url: "\(self.baseURL)/ocpi/\($0)") }
            if let interval = self.behavior.dripVersionsEvery { return try Self.drip(versions, every: interval) }
            return try Self.envelope(versions)
        }
        router.get("ocpi/:version") { _, context in
            let version = try context.parameters.require("version")
            guard self.behavior.versions.contains(version) else { throw HTTPError(.notFound) }
            let endpoints = self.behavior.endpoints.map { module, role in
                Endpoint(
                    identifier: module, role: role,
                    url: self.behavior.endpointURLs[module] ?? "\(self.baseURL)/ocpi/emsp/\(version)/\(module.rawValue)")
            }
            return try Self.envelope(VersionDetails(version: VersionNumber(rawValue: version), endpoints: endpoints))
        }
        router.post("ocpi/emsp/:version/credentials") { request, _ in
            if let status = self.behavior.credentialsStatus {
                return try Self.envelope(Optional<String>.none, status: status, code: 3000)
            }
            let body = try await request.body.collect(upTo: 1 << 20)
            let theirs = try JSONDecoder().decode(Credentials.self, from: Data(body.readableBytesView))
            self.state.withLock {
                $0.tokenFromPlatform = theirs.token
                $0.acceptedTokens.insert(self.issuedToken)
            }
            let answer = Credentials(
                token: self.issuedToken, url: self.versionsURL,
                roles: [CredentialsRole(role: .emsp, businessDetails: BusinessDetails(name: "Fake EMSP"), partyID: self.party.partyID, countryCode: self.party.countryCode)])
            return try Self.envelope(answer)
        }
        for method in [HTTPRequest.Method.put, .patch] {
            router.on("ocpi/emsp/:version/locations/**", method: method) { request, _ in
                if request.method == .patch, self.behavior.unknownOnPatch {
                    return try Self.envelope(Optional<String>.none, status: .notFound, code: 2003)
                }
                let status = self.behavior.locationsStatus
                guard status == .ok || status == .created else {
                    return try Self.envelope(Optional<String>.none, status: status, code: status == .notFound ? 2003 : 3000)
                }
                return try Self.envelope(Optional<String>.none, status: status)
            }
        }
        // A Tariffs Receiver that takes every PUT and DELETE.
        for method in [HTTPRequest.Method.put, .delete] {
            router.on("ocpi/emsp/:version/tariffs/**", method: method) { _, _ in try Self.envelope(Optional<String>.none) }
        }
        // A Sessions Receiver: takes every PUT and PATCH; a GET answers the body of the last PUT at that URL.
        for method in [HTTPRequest.Method.put, .patch] {
            router.on("ocpi/emsp/:version/sessions/**", method: method) { request, _ in
                if request.method == .put { try await self.keep(request, at: request.uri.path) }
                return try Self.envelope(Optional<String>.none)
            }
        }
        router.get("ocpi/emsp/:version/sessions/**") { request, _ in try self.answerKept(at: request.uri.path) }
        // A CDRs Receiver: a POSTed CDR is kept and answered 201 with a `Location` naming it; a GET of that URL
        // answers it, a GET of the module's URL lists every CDR kept.
        router.post("ocpi/emsp/:version/cdrs") { request, context in
            let version = try context.parameters.require("version")
            let body = try await request.body.collect(upTo: 1 << 20)
            let cdr = try JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))
            guard let id = cdr["id"]?.string else { return try Self.envelope(Optional<String>.none, code: 2001) }
            let path = "/ocpi/emsp/\(version)/cdrs/\(id)"
            self.state.withLock { $0.kept[path] = String(buffer: body) }
            var response = try Self.envelope(Optional<String>.none, status: .created)
            response.headers[.location] = self.baseURL + path
            return response
        }
        router.get("ocpi/emsp/:version/cdrs/:id") { request, _ in try self.answerKept(at: request.uri.path) }
        router.get("ocpi/emsp/:version/cdrs") { request, _ in
            let prefix = request.uri.path + "/"
            let kept = self.state.withLock { $0.kept.filter { $0.key.hasPrefix(prefix) }.map(\.value) }
            return try Self.envelope(try kept.map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) })
        }
        let (running, started) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in started.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "fake-emsp", factory: { _ in SwiftLogNoOpLogHandler() }))
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: Logger(label: "fake-emsp", factory: { _ in SwiftLogNoOpLogHandler() }))
        serviceGroup.withLock { $0 = group }
        Task { try await group.run() }
        var iterator = running.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        baseURL = "http://127.0.0.1:\(port)"
    }

    /// The object a Receiver holds at `path` (a Session by its last PUT, a CDR by its POST), as received.
    func kept(at path: String) -> String? { state.withLock { $0.kept[path] } }

    private func keep(_ request: Request, at path: String) async throws {
        let body = try await request.body.collect(upTo: 1 << 20)
        state.withLock { $0.kept[path] = String(buffer: body) }
    }

    /// The object kept at `path`, or "unknown object" (HTTP 404, 2003).
    private func answerKept(at path: String) throws -> Response {
        guard let text = kept(at: path) else { return try Self.envelope(Optional<String>.none, status: .notFound, code: 2003) }
        return try Self.envelope(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))
    }

    func stop() async {
        let group = serviceGroup.withLock { $0 }
        await group?.triggerGracefulShutdown()
    }

    static func envelope(_ data: (some Encodable & Sendable)?, status: HTTPResponse.Status = .ok, code: Int = 1000) throws -> Response {
        let body = try JSONEncoder().encode(OCPIResponse(data: data, statusCode: OCPIStatusCode(rawValue: code), timestamp: .now()))
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The envelope, its length announced, one byte at a time: a peer that holds the connection open.
    static func drip(_ data: some Encodable & Sendable, every interval: Duration) throws -> Response {
        let body = try JSONEncoder().encode(OCPIResponse(data: data, statusCode: OCPIStatusCode(rawValue: 1000), timestamp: .now()))
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(contentLength: body.count) { writer in
                for byte in body {
                    try await writer.write(ByteBuffer(bytes: [byte]))
                    try await Task.sleep(for: interval)
                }
                try await writer.finish(nil)
            })
    }

    /// Records the request, then applies the behaviour: stall, fail, and the token check.
    struct GateMiddleware: RouterMiddleware {
        typealias Context = BasicRequestContext
        let fake: FakeEMSP

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            fake.state.withLock {
                $0.received.append(Recorded(method: request.method.rawValue, path: request.uri.path, headers: headers, body: String(buffer: body)))
            }
            let behavior = fake.behavior
            if let delay = behavior.delay { try await Task.sleep(for: delay) }
            if let status = behavior.failWith {
                if let body = behavior.failBody { return Response(status: status, body: .init(byteBuffer: ByteBuffer(string: body))) }
                return try FakeEMSP.envelope(Optional<String>.none, status: status, code: 3000)
            }
            guard let header = request.headers[.authorization], header.hasPrefix("Token ") else {
                return try FakeEMSP.envelope(Optional<String>.none, status: .unauthorized, code: 2000)
            }
            let value = String(header.dropFirst("Token ".count))
            let accepted = fake.state.withLock { $0.acceptedTokens }
            let decoded = Data(base64Encoded: value).map { String(decoding: $0, as: UTF8.self) }
            let ok = accepted.contains(value) || (!behavior.rawTokensOnly && decoded.map(accepted.contains) == true)
            guard ok else { return try FakeEMSP.envelope(Optional<String>.none, status: .unauthorized, code: 2000) }
            return try await next(request, context)
        }
    }
}
