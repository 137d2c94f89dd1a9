import Foundation
import OCPIModel
import PGClient
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The executable as an operator runs it: on SIGTERM it stops taking connections, finishes the request in flight
/// (its database work included), and exits 0. A deployment that rolls its instances loses no accepted write.
@Suite(.serialized, .timeLimit(.minutes(2)), .enabled(if: ScratchDatabase.isAvailable))
struct GracefulShutdownTests {
    @Test func sigtermLetsTheRequestInFlightFinishThenExitsCleanly() async throws {
        let database = try await ScratchDatabase.create(prefix: "shutdown_test")
        let pool = TestDatabase.makePool(maxConnections: 1, url: database.url)
        try await ServiceProcess.run(databaseURL: database.url) { service in
            try await Self.signalDuringAPut(service, pool)
        }
        await pool.close()
        try await database.drop()
    }

    static func signalDuringAPut(_ service: ServiceProcess, _ pool: PGPool) async throws {
        let (tenant, token) = try await TestDatabase.createTenant(pool)

        // A PUT whose body is still arriving when the signal comes.
        let body = Array(Seed.basicLocation(countryCode: tenant.countryCode, partyID: tenant.partyID).utf8)
        let head = "PUT /ocpi/cpo/2.2.1/locations/\(tenant.countryCode)/\(tenant.partyID)/LOC001 HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\nAuthorization: Token \(token)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.count)\r\n\r\n"
        let connection = try RawHTTPConnection(port: service.port)
        try connection.send(head + String(decoding: body[..<(body.count / 2)], as: UTF8.self))
        try await Task.sleep(for: .milliseconds(300))

        service.signal(SIGTERM)
        var refused = false
        for _ in 0..<50 where !refused {
            try await Task.sleep(for: .milliseconds(100))
            refused = !RawHTTPConnection.canConnect(port: service.port)
        }
        #expect(refused, "a stopping service takes no new connections")

        try connection.send(String(decoding: body[(body.count / 2)...], as: UTF8.self))
        let response = try connection.readResponse()
        #expect(response.status == 201, "\(response.body)")
        #expect(response.body.contains(#""status_code":1000"#), "\(response.body)")

        #expect(service.waitForExit() == 0, "\(service.logs)")
        let stored = try await pool.query(
            "SELECT count(*) FROM locations WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID) AND id = 'LOC001'"
        ).first!.decode(0, as: Int.self)
        #expect(stored == 1, "the write accepted before the signal is committed")
        #expect(!service.logs.contains(token), "logs never hold a token")
    }
}
