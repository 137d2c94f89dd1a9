import ArgumentParser
import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import OCPIModel
import OCPIStorage
import PGClient
import TestSupport

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// `ocpi-bench`: seeds a database, starts the service, loads it with wrk and the same SQL with pgbench, measures
/// push, and reports ratios measured in the same run (the machine is shared: absolute figures alone mean little).
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ocpi-bench", abstract: "Benchmark the hot paths against pgbench.")

    @Option(help: "A URL of the PostgreSQL cluster to create the benchmark database on (any existing database).")
    var adminURL = "postgresql://ocpi@127.0.0.1:54329/postgres"
    @Option(help: "The service binary (a release build).")
    var server = ".build/release/ocpi-cpo"
    @Option(help: "pgbench.")
    var pgbench = "pgbench"
    @Option(help: "Seconds per load run.")
    var duration = 10
    @Option(help: "Rounds of each load; each round runs wrk, then pgbench, and the report takes the median ratio.")
    var repeats = 3
    @Option(help: "Concurrent connections per load run (wrk and pgbench alike).")
    var connections = 32
    @Option(help: "Locations to seed (2 EVSEs x 2 connectors each), across 3 tenants.")
    var locations = 10_000
    @Option(help: "Port for the service under test.")
    var port = 8100
    @Option(help: "Folder for scripts, raw outputs and the report.")
    var output = "bench-results"

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        guard adminURL.hasPrefix("postgres"), let slash = adminURL.lastIndex(of: "/"), slash > adminURL.index(adminURL.startIndex, offsetBy: 13) else {
            throw BenchError("--admin-url must be a postgresql:// URI naming a database (the benchmark creates ocpi_bench beside it)")
        }
        let databaseURL = String(adminURL[..<slash]) + "/ocpi_bench"
        let admin = PGPool(configuration: PGPoolConfiguration(conninfo: adminURL, maxConnections: 1), logger: logger)
        try await admin.query(PGQuery(unsafeSQL: "DROP DATABASE IF EXISTS ocpi_bench WITH (FORCE)"))
        try await admin.query(PGQuery(unsafeSQL: "CREATE DATABASE ocpi_bench"))
        await admin.close()

        say("migrating and seeding \(locations) locations")
        let migrate = try Subprocess.run(["/usr/bin/env", "DATABASE_URL=\(databaseURL)", server, "migrate"])
        guard migrate.status == 0 else { throw BenchError("migration failed: \(migrate.stderr)") }
        let pool = PGPool(configuration: PGPoolConfiguration(conninfo: databaseURL, maxConnections: 8), logger: logger)
        var fixture = BenchFixture(locations: locations)
        let seedStart = ContinuousClock.now
        try await fixture.seed(pool, timeZones: nil)
        let seedTime = ContinuousClock.now - seedStart
        try await storeTemplates(pool)
        say("seeding \(TariffBench.perTenant * 3) tariffs")
        try await TariffBench.seed(pool)
        try await TariffBench.storeTemplates(pool)
        say("seeding \(SessionBench.perTenant * 3) sessions")
        try await SessionBench.seed(pool)
        say("seeding \(TokenBench.count * 2) tokens")
        try await TokenBench.seed(pool)
        // The loopback EMSP: push receiver, and the Tokens Sender that real-time authorizations call.
        let receiver = PushReceiver()
        try await receiver.start()
        try await TokenBench.seedRealTime(pool, senderPort: receiver.port)
        try await CommandBench.seed(pool, receiverPort: receiver.port)
        try await pool.query(PGQuery(unsafeSQL: "VACUUM ANALYZE"))

        say("starting the service on port \(port)")
        let serviceURL = "http://127.0.0.1:\(port)"
        guard try await !answers(serviceURL) else {
            throw BenchError("something already answers on port \(port); stop it (a service left over from an interrupted run?) or pass --port")
        }
        let service = try Subprocess.start(
            [server, "serve"],
            environment: [
                "DATABASE_URL": databaseURL, "PORT": String(port), "HOST": "127.0.0.1", "PUBLIC_URL": serviceURL, "LOG_LEVEL": "error",
                // The bench's EMSP listens on loopback.
                "PEER_ALLOW_PRIVATE_NETWORKS": "true",
            ],
            logPrefix: output + "/service")
        defer { service.terminate() }
        try await waitForHealth(serviceURL)

        let runner = LoadRunner(
            baseURL: serviceURL, databaseURL: databaseURL, duration: duration, connections: connections, workDirectory: output, pgbench: pgbench)
        var rows: [LoadPair] = []
        func pair(_ name: String, wrk: String, pgbench: String) throws {
            var load = LoadPair(name: name, rounds: [])
            for round in 1...max(1, repeats) {
                say("load: \(name) (round \(round) of \(max(1, repeats)))")
                let service = try runner.wrk(name, script: wrk)
                load.rounds.append((service, try runner.pgbench(name, script: pgbench)))
            }
            rows.append(load)
        }
        try pair("GET /locations/{id}", wrk: Scripts.wrkGetLocation(fixture), pgbench: Scripts.pgGetLocation(fixture))
        var noSQL: [LoadResult] = []
        for round in 1...max(1, repeats) {
            say("load: GET /ocpi/versions, no SQL (round \(round) of \(max(1, repeats)))")
            noSQL.append(try runner.wrk("GET /ocpi/versions", script: Scripts.wrkVersions(fixture)))
        }
        try pair("GET /locations?limit=100", wrk: Scripts.wrkPage(fixture, offset: 0), pgbench: Scripts.pgPage(offset: 0))
        let deep = max(0, locations - 100)
        try pair("GET /locations?limit=100&offset=\(deep)", wrk: Scripts.wrkPage(fixture, offset: deep), pgbench: Scripts.pgPage(offset: deep))
        // The same page reached by following `Link`, which carries the previous page's last key.
        let key = try await pool.query("SELECT seq FROM locations WHERE shared ORDER BY seq OFFSET \(max(0, deep - 1)) LIMIT 1").first!.decode(0, as: Int64.self)
        try pair(
            "GET /locations?limit=100&offset=\(deep), by Link", wrk: Scripts.wrkPage(fixture, offset: deep, afterKey: key),
            pgbench: Scripts.pgPage(offset: deep, afterKey: key))
        try pair("PUT location", wrk: Scripts.wrkPutLocation(fixture), pgbench: Scripts.pgPutLocation(fixture))
        try pair("PATCH EVSE status", wrk: Scripts.wrkPatchEVSE(fixture), pgbench: Scripts.pgPatchEVSE(fixture))
        try pair("GET /tariffs?limit=100", wrk: TariffBench.wrkPage(fixture), pgbench: TariffBench.pgPage())
        try pair("PUT tariff", wrk: TariffBench.wrkPut(), pgbench: TariffBench.pgPut())
        try pair("POST tariff price, 24 periods", wrk: PricingBench.wrkPrice(), pgbench: PricingBench.pgPrice())
        try pair("PATCH session, one period appended", wrk: SessionBench.wrkPatch(), pgbench: SessionBench.pgPatch())
        try pair("POST cdr, priced by the platform", wrk: SessionBench.wrkPost(), pgbench: SessionBench.pgPost())
        try pair("POST token authorize, from the stored token", wrk: TokenBench.wrkAuthorize(), pgbench: TokenBench.pgAuthorize())
        try await TokenBench.checkPut(serviceURL, fixture)
        try pair("PUT token, by its EMSP", wrk: TokenBench.wrkPut(fixture), pgbench: TokenBench.pgPut())
        say("pricing in the process")
        let pricing = try PricingBench.measure()

        try await TokenBench.checkRealTime(serviceURL)
        var realTime: [LoadResult] = []
        for round in 1...max(1, repeats) {
            say("load: POST token authorize, real time (round \(round) of \(max(1, repeats)))")
            realTime.append(try runner.wrk("POST token authorize, real time", script: TokenBench.wrkRealTime()))
        }
        say("push delay")
        let push = PushBench(pool: pool, receiver: receiver)
        let delay = try await push.delay(serviceURL: serviceURL, count: 300)
        // Last: each command and profile request leaves a result to wait for, and their timeouts are relayed in the
        // background a little later, which would disturb the latencies measured above.
        // Profiles before commands: a profile request that times out is only marked (ChargingProfiles has no TIMEOUT
        // result to relay), while every command's TIMEOUT is relayed to its EMSP.
        try await ChargingProfileBench.check(serviceURL, fixture)
        try pair(
            "PUT chargingprofile, relayed to a loopback back-office", wrk: ChargingProfileBench.wrkSet(fixture),
            pgbench: ChargingProfileBench.pgSet(fixture))
        try await CommandBench.check(serviceURL, fixture)
        try pair(
            "POST command START_SESSION, relayed to a loopback back-office", wrk: CommandBench.wrkStartSession(fixture),
            pgbench: CommandBench.pgStartSession(fixture))
        let peakRSS = Self.peakRSS(pid: service.pid)
        service.terminate()

        say("push throughput")
        let one = try await push.throughput(peers: 1, changes: min(3000, fixture.perTenant[0]), evse: "E1")
        let ten = try await push.throughput(peers: 10, changes: min(1000, fixture.perTenant[0]), evse: "E2")
        await receiver.stop()
        await pool.close()

        let report = Report(
            rows: rows, pricing: pricing, noSQL: noSQL.sorted { $0.perSecond < $1.perSecond }[(noSQL.count - 1) / 2],
            realTimeAuthorize: realTime.sorted { $0.perSecond < $1.perSecond }[(realTime.count - 1) / 2], delay: delay, pushOne: one, pushTen: ten, peakRSSKiB: peakRSS, seedTime: seedTime,
            locations: locations, duration: duration, connections: connections, repeats: max(1, repeats))
        let text = report.markdown()
        try text.write(toFile: output + "/latest.md", atomically: true, encoding: .utf8)
        print(text)
    }

    /// The JSON the service would pass for a PUT, for the pgbench scripts.
    func storeTemplates(_ pool: PGPool) async throws {
        let draft = try OCPIJSON.decoder.decode(LocationDraft.self, from: Data(BenchFixture.body(tenant: 0, number: 1).utf8))
        let location = try Location(draft: draft, context: ObjectContext(version: .v2_3_0, defaultLastUpdated: .now(), timeZones: nil))
        let encode = { (value: any Encodable) in String(decoding: try OCPIJSON.encoder.encode(value), as: UTF8.self) }
        try await pool.query(PGQuery(unsafeSQL: "CREATE TABLE bench_templates (name text PRIMARY KEY, body text NOT NULL)"))
        try await pool.query("INSERT INTO bench_templates VALUES ('document', \(try encode(location)))")
        for version in VersionNumber.supported {
            let name = "doc_" + version.rawValue.replacingOccurrences(of: ".", with: "").prefix(3)
            try await pool.query("INSERT INTO bench_templates VALUES (\(String(name)), \(try encode(location.rendered(for: version))))")
        }
    }

    /// Whether anything answers HTTP at `url`.
    func answers(_ url: String) async throws -> Bool {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        return (try? await client.execute(HTTPClientRequest(url: url + "/health"), timeout: .seconds(2))) != nil
    }

    func waitForHealth(_ url: String) async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        for _ in 0..<150 {
            if let response = try? await client.execute(HTTPClientRequest(url: url + "/health"), timeout: .seconds(1)), response.status == .ok {
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchError("the service did not become healthy; see \(output)/service.err")
    }

    /// The process's peak resident set (VmHWM), in KiB.
    static func peakRSS(pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }

    func say(_ message: String) {
        FileHandle.standardError.write(Data("bench: \(message)\n".utf8))
    }
}
