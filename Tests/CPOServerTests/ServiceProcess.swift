import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The built `ocpi-cpo` executable, run as an operator runs it, on a free loopback port and the test database.
struct ServiceProcess {
    let running: Subprocess.Running
    let port: Int

    /// The executable next to the test bundle (`swift build --build-tests` builds both), else under `.build/debug`.
    static var executable: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ocpi-cpo").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return TestDatabase.repositoryRoot + "/.build/debug/ocpi-cpo"
    }

    /// Starts `ocpi-cpo serve` on `databaseURL` and waits until `/health` answers. The service migrates the database
    /// and runs its background workers there, so give it a database of its own (`ScratchDatabase`): on the shared
    /// test database its workers would take other tests' handshakes and deliveries. `environment` adds or overrides
    /// settings (`CLIENT_IDLE_TIMEOUT_SECONDS`, say).
    static func start(databaseURL: String, environment extra: [String: String] = [:]) async throws -> ServiceProcess {
        let port = try freePort()
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("ocpi-cpo-\(port)").path
        let running = try Subprocess.start(
            [executable, "serve"],
            environment: [
                "DATABASE_URL": databaseURL, "HOST": "127.0.0.1", "PORT": String(port),
                "PUBLIC_URL": "http://127.0.0.1:\(port)", "MIGRATIONS_PATH": TestDatabase.migrationsPath, "LOG_LEVEL": "info",
                // Peers in these tests listen on loopback.
                "PEER_ALLOW_PRIVATE_NETWORKS": "true",
            ].merging(extra) { $1 },
            logPrefix: logs)
        let service = ServiceProcess(running: running, port: port)
        for _ in 0..<600 {
            if let health = try? RawHTTPConnection.get("/health", port: port), health.status == 200 { return service }
            try await Task.sleep(for: .milliseconds(100))
        }
        service.running.terminate()
        throw RawHTTPConnection.Failure(description: "ocpi-cpo did not answer /health within a minute: \(service.logs)")
    }

    /// Runs `body` with a started service; if `body` throws, the service is killed and waited for.
    static func run(
        databaseURL: String, environment: [String: String] = [:], _ body: (ServiceProcess) async throws -> Void
    ) async throws {
        let service = try await start(databaseURL: databaseURL, environment: environment)
        do {
            try await body(service)
        } catch {
            if kill(service.running.pid, 0) == 0 {
                service.signal(SIGKILL)
                _ = service.waitForExit()
            }
            throw error
        }
    }

    func signal(_ signal: Int32) {
        kill(running.pid, signal)
    }

    /// Waits for the process to end and returns its exit code.
    func waitForExit() -> Int32 {
        running.waitForExit()
    }

    /// What the service wrote to standard output and standard error.
    var logs: String {
        [running.stdoutPath, running.stderrPath].compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.joined()
    }

    /// A port nothing listens on: the kernel picks one for a socket bound to port 0.
    static func freePort() throws -> Int {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var address = RawHTTPConnection.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) == 0 && getsockname(probe, $0, &length) == 0 }
        }
        guard bound else { throw RawHTTPConnection.Failure(description: "cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension RawHTTPConnection {
    /// One GET on a connection of its own.
    static func get(_ path: String, port: Int) throws -> Response {
        let connection = try RawHTTPConnection(port: port)
        try connection.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return try connection.readResponse()
    }
}
