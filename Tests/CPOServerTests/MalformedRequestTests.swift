import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Requests that are not valid HTTP/1.1, and clients that stop sending, against the executable on a loopback port:
/// the fault is the client's, so the answer is a 4xx and never a 5xx, and a silent client does not keep its
/// connection.
@Suite(.serialized, .timeLimit(.minutes(2)), .enabled(if: ScratchDatabase.isAvailable))
struct MalformedRequestTests {
    static let location = "/ocpi/cpo/2.2.1/locations/DE/ABC/LOC1"

    /// Each case: what is sent, and whether the router sees it (its answer is then an OCPI envelope).
    static let malformed: [(name: String, request: String, envelope: Bool)] = [
        ("a chunk size that is not hexadecimal",
         "PUT \(location) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", true),
        ("a chunk without its line end",
         "PUT \(location) HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n", true),
        ("a Content-Length that is not a number",
         "PUT \(location) HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}", false),
        ("two different Content-Lengths",
         "PUT \(location) HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", false),
        ("Content-Length beside chunked",
         "PUT \(location) HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", false),
        ("a control byte in a header value", "GET /ocpi/versions HTTP/1.1\r\nHost: x\r\nX-Note: a\u{01}b\r\n\r\n", false),
        ("a space in a header name", "GET /ocpi/versions HTTP/1.1\r\nHost: x\r\nBad Name: b\r\n\r\n", false),
        ("headers of 100 KB", "GET /ocpi/versions HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n", false),
        ("a request line that is not HTTP", "HELLO THERE\r\n\r\n", false),
    ]

    @Test func malformedRequestsGet400AndTheConnectionIsClosed() async throws {
        try await Self.withService([:]) { service in
            for (name, request, envelope) in Self.malformed {
                let connection = try RawHTTPConnection(port: service.port)
                try connection.send(request)
                let response = try connection.readResponse()
                #expect(response.status == 400, "\(name): \(response.status) \(response.body)")
                if envelope {
                    #expect(response.body.contains(#""status_code":2001"#), "\(name): \(response.body)")
                    #expect(response.body.contains("not valid HTTP/1.1"), "\(name): \(response.body)")
                }
                #expect(connection.waitUntilClosed(seconds: 5), "\(name): the connection is closed after the 400")
            }
            // The service is unharmed.
            #expect(try RawHTTPConnection.get("/health", port: service.port).status == 200)
            #expect(!service.logs.contains("unhandled error"), "\(service.logs)")
        }
    }

    /// A client that opens a body and stalls, without any token, is closed after CLIENT_IDLE_TIMEOUT_SECONDS; so is
    /// one that connects and sends nothing. A client that keeps sending is not cut off.
    @Test func aStalledClientIsClosedAfterTheIdleTimeout() async throws {
        try await Self.withService(["CLIENT_IDLE_TIMEOUT_SECONDS": "1"]) { service in
            let stalled = try RawHTTPConnection(port: service.port)
            try stalled.send("PUT \(Self.location) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\":")
            let silent = try RawHTTPConnection(port: service.port)
            let started = ContinuousClock.now
            // Bounds loose enough for a loaded machine; without the timeout neither connection is ever closed.
            #expect(stalled.waitUntilClosed(seconds: 15), "a stalled body is closed")
            let elapsed = ContinuousClock.now - started
            #expect(elapsed >= .milliseconds(800) && elapsed < .seconds(15), "closed after about a second, not \(elapsed)")
            #expect(silent.waitUntilClosed(seconds: 15), "a connection that never sends is closed")

            // Sending a byte every half second keeps a request alive past the timeout; it is then answered.
            let slow = try RawHTTPConnection(port: service.port)
            let body = "{\"a\": 1}"
            try slow.send("PUT \(Self.location) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
            for character in body {
                try await Task.sleep(for: .milliseconds(500))
                try slow.send(String(character))
            }
            #expect(try slow.readResponse().status == 401, "answered (no token), not closed")
            #expect(try RawHTTPConnection.get("/health", port: service.port).status == 200)
        }
    }

    static func withService(_ environment: [String: String], _ body: (ServiceProcess) async throws -> Void) async throws {
        let database = try await ScratchDatabase.create(prefix: "malformed_test")
        do {
            try await ServiceProcess.run(databaseURL: database.url, environment: environment) { service in
                try await body(service)
                service.signal(SIGTERM)
                _ = service.waitForExit()
            }
        } catch {
            try await database.drop()
            throw error
        }
        try await database.drop()
    }
}
