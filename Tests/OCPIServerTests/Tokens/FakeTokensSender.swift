import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OCPIModel
import ServiceLifecycle
import Synchronization
import TestSupport

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An EMSP's Tokens Sender on loopback, as a real-time authorization meets it: it records every call (path, query,
/// headers, body) and answers as the test scripts it.
final class FakeTokensSender: Sendable {
    enum Answer: Sendable {
        /// An AuthorizationInfo: `allowed`, the token (this party's), and a reference.
        case info(allowed: String, reference: String?)
        /// HTTP 404 with 2004, as an EMSP answers an unknown token.
        case unknown
        /// Answers this HTTP status (a platform that is down).
        case down(HTTPResponse.Status)
        /// Answers the AuthorizationInfo only after this delay.
        case late(Duration)
        /// Answers HTTP 200 with this body.
        case raw(String)
    }

    struct Call: Sendable {
        var path: String
        var query: String?
        var headers: [String: String]
        var body: String
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    /// Its list (`GET {tokens_url}`), for pulls: the tokens in order, a page size, or an HTTP status for every
    /// list call (a platform that is down).
    struct List: Sendable {
        var tokens: [String] = []
        var pageSize = 100
        var down: HTTPResponse.Status?
        /// Every page's `Link` names the first page again (a list that never ends).
        var loops = false
    }

    let party: TenantID
    private let state = Mutex<(answer: Answer, calls: [Call])>((.info(allowed: "ALLOWED", reference: "REF-1"), []))
    private let listState = Mutex<(list: List, calls: [Call])>((List(), []))

    var list: List {
        get { listState.withLock { $0.list } }
        set { listState.withLock { $0.list = newValue } }
    }
    var listCalls: [Call] { listState.withLock { $0.calls } }
    private let server = Mutex<LoopbackServer?>(nil)

    init(party: TenantID) {
        self.party = party
    }

    var tokensURL: String { (server.withLock { $0 }?.baseURL ?? "http://127.0.0.1:0") + "/ocpi/emsp/2.2.1/tokens" }
    var calls: [Call] { state.withLock { $0.calls } }
    func answer(_ answer: Answer) { state.withLock { $0.answer = answer } }

    /// The AuthorizationInfo it answers for a uid.
    func info(uid: String, type: String, allowed: String, reference: String?) -> String {
        let token = """
            {"country_code": "\(party.countryCode)", "party_id": "\(party.partyID)", "uid": "\(uid)", "type": "\(type)",
             "contract_id": "\(party.countryCode)-\(party.partyID)-C\(uid)", "issuer": "Fake EMSP", "valid": true,
             "whitelist": "ALLOWED", "last_updated": "2026-01-01T00:00:00Z"}
            """
        return #"{"allowed": "\#(allowed)", "token": \#(token)\#(reference.map { #", "authorization_reference": "\#($0)""# } ?? "")}"#
    }

    func start() async throws {
        let router = Router(context: BasicRequestContext.self)
        router.post("ocpi/emsp/2.2.1/tokens/:uid/authorize") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let uid = context.parameters.get("uid") ?? ""
            let answer = self.state.withLock { state -> Answer in
                state.calls.append(Call(path: request.uri.path, query: request.uri.query, headers: headers, body: String(buffer: body)))
                return state.answer
            }
            let type = request.uri.queryParameters.get("type") ?? "RFID"
            switch answer {
            case .info(let allowed, let reference):
                return Self.envelope(data: self.info(uid: uid, type: type, allowed: allowed, reference: reference))
            case .unknown:
                return Self.envelope(data: nil, status: .notFound, code: 2004)
            case .down(let status):
                return Self.envelope(data: nil, status: status, code: 3000)
            case .late(let delay):
                try await Task.sleep(for: delay)
                return Self.envelope(data: self.info(uid: uid, type: type, allowed: "ALLOWED", reference: nil))
            case .raw(let text):
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        }
        router.get("ocpi/emsp/2.2.1/tokens") { request, _ in
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let list = self.listState.withLock { state -> List in
                state.calls.append(Call(path: request.uri.path, query: request.uri.query, headers: headers, body: ""))
                return state.list
            }
            if let status = list.down { return Self.envelope(data: nil, status: status, code: 3000) }
            let offset = min(list.tokens.count, request.uri.queryParameters.get("offset", as: Int.self) ?? 0)
            let end = min(list.tokens.count, offset + list.pageSize)
            var response = Self.envelope(data: "[" + list.tokens[offset..<end].joined(separator: ",") + "]")
            if list.loops {
                response.headers[HTTPField.Name("Link")!] = "<\(self.tokensURL)?offset=0&limit=\(list.pageSize)>; rel=\"next\""
            } else if end < list.tokens.count {
                response.headers[HTTPField.Name("Link")!] = "<\(self.tokensURL)?offset=\(end)&limit=\(list.pageSize)>; rel=\"next\""
            }
            return response
        }
        let started = await LoopbackServer.start(router, label: "fake-tokens-sender")
        server.withLock { $0 = started }
    }

    func stop() async {
        await server.withLock { $0 }?.stop()
    }

    static func envelope(data: String?, status: HTTPResponse.Status = .ok, code: Int = 1000) -> Response {
        let text = #"{"data": \#(data ?? "null"), "status_code": \#(code), "timestamp": "2026-01-01T00:00:00Z"}"#
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
