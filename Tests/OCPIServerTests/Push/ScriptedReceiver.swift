import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OCPIModel
import ServiceLifecycle
import Synchronization
import Testing
import TestSupport

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An EMSP's Sessions and CDRs Receivers on loopback, as the push worker meets them: it records every request, keeps
/// the CDRs posted to it (every POST, so a duplicate shows), answers a POST with a `Location` and serves that URL
/// and its list, and plays the faults a test scripts for the next POSTs: a CDR stored and its answer lost (the
/// connection dropped, or the answer sent after the client gave up), a CDR lost on its way in, a refusal.
final class ScriptedReceiver: Sendable {
    /// What happens to one POST of a CDR.
    enum CDRFault: Sendable, CustomTestStringConvertible {
        /// Stores the CDR, then closes the connection without answering.
        case storeThenDrop
        /// Stores the CDR, then answers (201) only after this delay: longer than the client's timeout.
        case storeThenAnswerLate(Duration)
        /// Stores the CDR, then answers this HTTP status with an error envelope of this code (a server error after
        /// the commit).
        case storeThenFail(HTTPResponse.Status, code: Int)
        /// Stores the CDR, then answers HTTP 200 with a body that is not an OCPI envelope.
        case storeThenAnswerGarbage
        /// Closes the connection without storing: the POST was lost before the EMSP took it.
        case dropWithoutStoring
        /// Answers this HTTP status with an error envelope, without storing.
        case failWithoutStoring(HTTPResponse.Status)
        /// Refuses the CDR: answers this HTTP status and OCPI status code, without storing.
        case refuse(HTTPResponse.Status, code: Int)

        var testDescription: String {
            switch self {
            case .storeThenDrop: "stored, then the connection dropped"
            case .storeThenAnswerLate: "stored, then answered after the client's timeout"
            case .storeThenFail(let status, let code): "stored, then answered HTTP \(status.code) with \(code)"
            case .storeThenAnswerGarbage: "stored, then answered with no envelope"
            case .dropWithoutStoring: "the connection dropped before it was stored"
            case .failWithoutStoring(let status): "answered HTTP \(status.code) without storing"
            case .refuse(let status, let code): "refused with HTTP \(status.code) and \(code)"
            }
        }
    }

    /// The `Location` header its answer to a POST carries.
    enum LocationStyle: Sendable {
        /// `{its base URL}/ocpi/emsp/{version}/cdrs/{n}`.
        case sameOrigin
        /// The same path on another host.
        case otherHost
        /// The path alone.
        case pathOnly
        /// None.
        case none
    }

    struct Behavior: Sendable {
        /// Faults for the next POSTs of CDRs, first one first; an empty list takes every CDR.
        var cdrFaults: [CDRFault] = []
        var location: LocationStyle = .sameOrigin
        /// Answer every request with this HTTP status (a platform that is down).
        var down: HTTPResponse.Status?
        /// Serve a list of its CDRs at its Receiver URL. OCPI's CDRs Receiver has no such list: an EMSP that
        /// keeps to the spec answers it HTTP 405.
        var listsCDRs = true
        /// Pages of this many CDRs, each naming the next in a `Link` header (`offset`), when set.
        var listPageSize: Int?
        /// The origin the `Link` to the next page names: its own (nil), or another.
        var nextPageOrigin: String?
        /// Answers (HTTP status, OCPI status code) for the next PATCHes of sessions, first one first; an empty
        /// list takes every PATCH.
        var sessionPatchAnswers: [(HTTPResponse.Status, Int)] = []
    }

    struct Recorded: Sendable {
        var method: String
        var path: String
        /// By lower-case header name.
        var headers: [String: String]
        var body: String
        /// The query string, if any.
        var query: String?
        /// Whether the receiver was down (answered `Behavior.down`) for this request.
        var refusedAsDown: Bool

        func header(_ name: String) -> String? { headers[name.lowercased()] }
        var json: [String: JSONValue] { (try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)))?.object ?? [:] }
    }

    /// A CDR the EMSP keeps: where it said it keeps it, and the body as posted.
    struct StoredCDR: Sendable {
        var number: Int
        var id: String
        var body: JSONValue
    }

    private struct State {
        var behavior = Behavior()
        var received: [Recorded] = []
        var cdrs: [StoredCDR] = []
    }

    private let state = Mutex(State())
    private let serviceGroup: Mutex<ServiceGroup?> = Mutex(nil)
    /// The EMSP party it speaks for.
    let party: TenantID
    /// The OCPI version of its Receiver URLs.
    let version: String
    /// Its token for us (our token B).
    let token = "scripted-\(UUID().uuidString)"
    private(set) nonisolated(unsafe) var baseURL = ""

    init(party: TenantID = TestDatabase.uniqueTenant(), version: String = "2.2.1") {
        self.party = party
        self.version = version
    }

    var behavior: Behavior {
        get { state.withLock { $0.behavior } }
        set { state.withLock { $0.behavior = newValue } }
    }

    var received: [Recorded] { state.withLock { $0.received } }
    /// Every CDR it took, in order; the same id twice is a duplicate.
    var storedCDRs: [StoredCDR] { state.withLock { $0.cdrs } }

    var sessionsURL: String { "\(baseURL)/ocpi/emsp/\(version)/sessions" }
    var cdrsURL: String { "\(baseURL)/ocpi/emsp/\(version)/cdrs" }

    /// Requests at its Sessions Receiver, answered or not.
    var sessionCalls: [Recorded] { received.filter { $0.path.hasPrefix("/ocpi/emsp/\(version)/sessions/") } }
    /// POSTs at its CDRs Receiver, answered or not.
    var cdrPosts: [Recorded] { received.filter { $0.method == "POST" && $0.path == "/ocpi/emsp/\(version)/cdrs" } }
    /// GETs at its CDRs Receiver: the list, or one CDR's URL.
    var cdrGets: [Recorded] { received.filter { $0.method == "GET" && $0.path.hasPrefix("/ocpi/emsp/\(version)/cdrs") } }

    /// How many times it took the CDR `id`.
    func stored(_ id: String) -> Int { storedCDRs.filter { $0.id == id }.count }

    /// The `Location` of the `number`th stored CDR, in the given style.
    func location(of number: Int, _ style: LocationStyle) -> String? {
        let path = "/ocpi/emsp/\(version)/cdrs/\(number)"
        switch style {
        case .sameOrigin: return baseURL + path
        case .otherHost: return "http://elsewhere.example" + path
        case .pathOnly: return path
        case .none: return nil
        }
    }

    /// Starts listening on a free loopback port.
    func start() async throws {
        let router = Router(context: ChannelContext.self)
        router.add(middleware: Gate(receiver: self))
        router.put("ocpi/emsp/:version/sessions/**") { _, _ in try Self.envelope(Optional<String>.none) }
        router.patch("ocpi/emsp/:version/sessions/**") { _, _ in
            let answer: (HTTPResponse.Status, Int)? = self.state.withLock { state in
                state.behavior.sessionPatchAnswers.isEmpty ? nil : state.behavior.sessionPatchAnswers.removeFirst()
            }
            let (status, code) = answer ?? (.ok, 1000)
            return try Self.envelope(Optional<String>.none, status: status, code: code)
        }
        router.post("ocpi/emsp/:version/cdrs") { request, context in
            try await self.takeCDR(request, context: context)
        }
        router.get("ocpi/emsp/:version/cdrs") { request, _ in
            let behavior = self.behavior
            guard behavior.listsCDRs else { return Response(status: .methodNotAllowed) }
            let all = self.storedCDRs.map(\.body)
            guard let size = behavior.listPageSize else { return try Self.envelope(all) }
            let offset = min(all.count, request.uri.queryParameters.get("offset", as: Int.self) ?? 0)
            var response = try Self.envelope(Array(all[offset..<min(all.count, offset + size)]))
            if offset + size < all.count {
                let origin = behavior.nextPageOrigin ?? self.baseURL
                response.headers[HTTPField.Name("Link")!] = "<\(origin)/ocpi/emsp/\(self.version)/cdrs?offset=\(offset + size)&limit=\(size)>; rel=\"next\""
            }
            return response
        }
        router.get("ocpi/emsp/:version/cdrs/:number") { _, context in
            let number = Int(context.parameters.get("number") ?? "")
            guard let cdr = self.storedCDRs.first(where: { $0.number == number }) else {
                return try Self.envelope(Optional<String>.none, status: .notFound, code: 2003)
            }
            return try Self.envelope(cdr.body)
        }
        let logger = Logger(label: "scripted-receiver", factory: { _ in SwiftLogNoOpLogHandler() })
        let (running, started) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in started.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        serviceGroup.withLock { $0 = group }
        Task { try await group.run() }
        var iterator = running.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        baseURL = "http://127.0.0.1:\(port)"
    }

    func stop() async {
        let group = serviceGroup.withLock { $0 }
        await group?.triggerGracefulShutdown()
    }

    /// A POST of a CDR, as the next scripted fault says.
    private func takeCDR(_ request: Request, context: ChannelContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        let fault: CDRFault? = state.withLock { state in
            state.behavior.cdrFaults.isEmpty ? nil : state.behavior.cdrFaults.removeFirst()
        }
        let store = {
            let json = (try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))) ?? .null
            return self.state.withLock { state -> StoredCDR in
                let cdr = StoredCDR(number: state.cdrs.count + 1, id: json["id"]?.string ?? "", body: json)
                state.cdrs.append(cdr)
                return cdr
            }
        }
        switch fault {
        case nil:
            return try answerStored(store())
        case .storeThenDrop:
            _ = store()
            return try await drop(context)
        case .storeThenAnswerLate(let delay):
            let cdr = store()
            try await Task.sleep(for: delay)
            return try answerStored(cdr)
        case .storeThenFail(let status, let code):
            _ = store()
            return try Self.envelope(Optional<String>.none, status: status, code: code)
        case .storeThenAnswerGarbage:
            _ = store()
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "OK, thanks")))
        case .dropWithoutStoring:
            return try await drop(context)
        case .failWithoutStoring(let status):
            return try Self.envelope(Optional<String>.none, status: status, code: 3000)
        case .refuse(let status, let code):
            return try Self.envelope(Optional<String>.none, status: status, code: code)
        }
    }

    private func answerStored(_ cdr: StoredCDR) throws -> Response {
        var response = try Self.envelope(Optional<String>.none, status: .created)
        if let location = location(of: cdr.number, behavior.location) { response.headers[.location] = location }
        return response
    }

    /// Closes the connection: the client gets no answer at all.
    private func drop(_ context: ChannelContext) async throws -> Response {
        try? await context.channel.close().get()
        throw HTTPError(.serviceUnavailable)
    }

    static func envelope(_ data: (some Encodable & Sendable)?, status: HTTPResponse.Status = .ok, code: Int = 1000) throws -> Response {
        let body = try JSONEncoder().encode(OCPIResponse(data: data, statusCode: OCPIStatusCode(rawValue: code), timestamp: .now()))
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// A request context that can reach its connection, to drop it.
    struct ChannelContext: RequestContext {
        var coreContext: CoreRequestContextStorage
        let channel: any Channel

        init(source: ApplicationRequestContextSource) {
            coreContext = .init(source: source)
            channel = source.channel
        }
    }

    /// Records the request, answers for a receiver that is down, and checks our token.
    struct Gate: RouterMiddleware {
        typealias Context = ChannelContext
        let receiver: ScriptedReceiver

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let down = receiver.behavior.down
            receiver.state.withLock {
                $0.received.append(
                    Recorded(
                        method: request.method.rawValue, path: request.uri.path, headers: headers, body: String(buffer: body),
                        query: request.uri.query, refusedAsDown: down != nil))
            }
            if let down { return try ScriptedReceiver.envelope(Optional<String>.none, status: down, code: 3000) }
            let accepted = ["Token \(receiver.token)", "Token \(Data(receiver.token.utf8).base64EncodedString())"]
            guard let header = request.headers[.authorization], accepted.contains(header) else {
                return try ScriptedReceiver.envelope(Optional<String>.none, status: .unauthorized, code: 2000)
            }
            return try await next(request, context)
        }
    }
}
