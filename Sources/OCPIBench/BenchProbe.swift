import AsyncHTTPClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import NIOCore
import NIOHTTP1

/// One request before a load, so that the load measures answers and not refusals: an OCPI refusal is HTTP 200,
/// which wrk counts as a success.
enum BenchProbe {
    static func expect(
        _ url: String, method: HTTPMethod = .POST, token: String, body: String?, headers: [String: String] = [:], containing expected: String
    ) async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: Scripts.authorization(token))
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard text.contains(expected), text.contains(#""status_code":1000"#) else {
            throw BenchError("\(url) did not answer as the load expects (\(expected)): \(text)")
        }
    }
}
