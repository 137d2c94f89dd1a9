import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OCPIModel
import ServiceLifecycle
import Synchronization
import TestSupport

/// A loopback HTTP server that records every request and answers as a test scripts it: the tenant's back-office
/// (its Commands Receiver) or an EMSP's response_url.
final class LoopbackRecorder: Sendable {
    struct Call: Sendable {
        var method: String = "POST"
        var path: String
        var query: String? = nil
        var headers: [String: String]
        var body: String
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))) ?? .null }
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    /// What it answers: an envelope around `data`, with this HTTP status.
    struct Answer: Sendable {
        var status: HTTPResponse.Status = .ok
        var data: String = "null"
        var code = 1000
    }

    private let state = Mutex<(answer: Answer, calls: [Call])>((Answer(), []))
    private let server = Mutex<LoopbackServer?>(nil)

    var baseURL: String { server.withLock { $0 }?.baseURL ?? "http://127.0.0.1:0" }
    var calls: [Call] { state.withLock { $0.calls } }
    func answer(_ answer: Answer) { state.withLock { $0.answer = answer } }

    /// A back-office that accepts every command, asking the EMSP to wait `timeout` seconds.
    static func accepting(timeout: Int) -> Answer {
        Answer(data: #"{"result": "ACCEPTED", "timeout": \#(timeout)}"#)
    }

    func start() async throws {
        let router = Router(context: BasicRequestContext.self)
        for method in [HTTPRequest.Method.post, .put, .get, .delete] {
            router.on("**", method: method) { request, _ in
                var request = request
                let body = try await request.collectBody(upTo: 1 << 20)
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.canonicalName] = field.value }
                let call = Call(method: request.method.rawValue, path: request.uri.path, query: request.uri.query, headers: headers, body: String(buffer: body))
                let answer = self.state.withLock { state -> Answer in
                    state.calls.append(call)
                    return state.answer
                }
                let text = #"{"data": \#(answer.data), "status_code": \#(answer.code), "timestamp": "2026-01-01T00:00:00Z"}"#
                return Response(status: answer.status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        }
        let started = await LoopbackServer.start(router, label: "loopback-recorder")
        server.withLock { $0 = started }
    }

    func stop() async {
        await server.withLock { $0 }?.stop()
    }
}
