import AsyncHTTPClient
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOCore
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import ServiceLifecycle
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// A loopback EMSP that takes Locations pushes under `/p{n}/locations/…` and notes when each arrived.
final class PushReceiver: Sendable {
    struct Arrival: Sendable {
        var path: String
        var body: String
        var at: ContinuousClock.Instant
    }

    private let arrivals = Mutex<[Arrival]>([])
    private let group = Mutex<ServiceGroup?>(nil)
    private let portBox = Mutex(0)
    var port: Int { portBox.withLock { $0 } }

    func start() async throws {
        let router = Router(context: BasicRequestContext.self)
        let ok = ByteBuffer(string: #"{"status_code": 1000, "timestamp": "2026-01-01T00:00:00Z"}"#)
        for method in [HTTPRequest.Method.put, .patch] {
            router.on("**", method: method) { request, _ in
                let body = try await request.body.collect(upTo: 1 << 20)
                // A tenant's back-office (`ChargingProfileBench`): every profile is ACCEPTED.
                if request.uri.path.contains("/chargingprofiles/") {
                    return Response(
                        status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: CommandBench.backofficeAnswer)))
                }
                let arrival = Arrival(path: request.uri.path, body: String(buffer: body), at: .now)
                self.arrivals.withLock { $0.append(arrival) }
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ok))
            }
        }
        // An EMSP's real-time authorize (`TokenBench`): every token is ALLOWED, with a reference; a tenant's
        // back-office (`CommandBench`): every command is ACCEPTED.
        router.post("**") { request, _ in
            _ = try await request.body.collect(upTo: 1 << 20)
            let uid = request.uri.path.split(separator: "/").dropLast().last.map(String.init) ?? ""
            let answer = request.uri.path.contains("/commands/") ? CommandBench.backofficeAnswer : TokenBench.realTimeAnswer(uid: uid)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
        }
        let quiet = Logger(label: "bench-receiver", factory: { _ in SwiftLogNoOpLogHandler() })
        let (running, started) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { started.yield($0.localAddress?.port ?? 0) }, logger: quiet)
        let serviceGroup = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: quiet)
        group.withLock { $0 = serviceGroup }
        Task { try await serviceGroup.run() }
        var iterator = running.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        portBox.withLock { $0 = port }
    }

    func stop() async {
        await group.withLock { $0 }?.triggerGracefulShutdown()
    }

    func reset() { arrivals.withLock { $0.removeAll() } }
    var received: [Arrival] { arrivals.withLock { $0 } }
    func count(prefix: String) -> Int { arrivals.withLock { $0.filter { $0.path.hasPrefix(prefix) }.count } }
}

/// The push figures: delay from a committed EVSE PATCH to its arrival, and the worker's delivery rate.
struct PushBench {
    let pool: PGPool
    let receiver: PushReceiver

    /// Connects a peer granted DE*BN1 whose Locations Receiver is the receiver's `/p{n}/locations`.
    func connectPeer(_ number: Int) async throws -> Int64 {
        let tokenC = try await pool.query(
            "SELECT ocpi_admin.register_peer('NL', \(String(format: "P%02d", number)), 'EMSP', 'DE*BN1', NULL, NULL)"
        ).first!.decode(0, as: String.self)
        let endpoints = #"[{"identifier": "locations", "role": "RECEIVER", "url": "http://127.0.0.1:\#(receiver.port)/p\#(number)/locations"}]"#
        return try await pool.query(
            """
            UPDATE peer_connections SET version = '2.3.0', peer_token = 'bench-receiver', endpoints = \(PGJSON(endpoints))::jsonb
             WHERE id = (SELECT peer_id FROM tokens WHERE digest = \(TokenDigest(token: tokenC))) RETURNING id
            """
        ).first!.decode(0, as: Int64.self)
    }

    /// A newly connected peer is queued a full PUT of every location it may read; these figures are about changes,
    /// so that initial sync is dropped before they are measured.
    func dropInitialResync() async throws {
        try await pool.query("UPDATE push_deliveries SET state = 'superseded' WHERE state = 'pending'")
    }

    func disconnectAll() async throws {
        try await pool.query("UPDATE peer_connections SET state = 'unregistered' WHERE state = 'connected' AND peer_token = 'bench-receiver'")
    }

    /// Sends `count` EVSE status PATCHes through the running service, one at a time, and measures how long after
    /// each answer the change reached the receiver.
    func delay(serviceURL: String, count: Int) async throws -> (p50: Double, p99: Double, lost: Int) {
        try await disconnectAll()
        _ = try await connectPeer(0)
        try await dropInitialResync()
        receiver.reset()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var answered: [String: ContinuousClock.Instant] = [:]
        for number in 1...count {
            let id = BenchFixture.locationID(tenant: 0, number: number)
            var request = HTTPClientRequest(url: "\(serviceURL)/ocpi/cpo/2.3.0/locations/DE/BN1/\(id)/E1")
            request.method = .PATCH
            request.headers.add(name: "Authorization", value: Scripts.authorization(BenchFixture.ownerToken(0)))
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"status": "\#(number % 2 == 0 ? "CHARGING" : "BLOCKED")"}"#))
            let response = try await client.execute(request, timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .ok else { throw BenchError("PATCH \(id) answered \(response.status.code)") }
            answered["/p0/locations/DE/BN1/\(id)/E1"] = .now
            try await Task.sleep(for: .milliseconds(10))
        }
        try await client.shutdown()
        let deadline = ContinuousClock.now + .seconds(15)
        while receiver.count(prefix: "/p0/") < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        var delays: [Double] = []
        for arrival in receiver.received where arrival.path.hasPrefix("/p0/") {
            if let sent = answered.removeValue(forKey: arrival.path) {
                let elapsed = arrival.at - sent
                delays.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            }
        }
        delays.sort()
        try await disconnectAll()
        return (LoadRunner.percentile(delays, 0.5), LoadRunner.percentile(delays, 0.99), answered.count)
    }

    /// Queues `changes` EVSE PATCHes (distinct EVSEs, so nothing coalesces) for `peers` peers, then times an
    /// in-process worker delivering them all. Returns deliveries per second.
    func throughput(peers: Int, changes: Int, evse: String) async throws -> (perSecond: Double, delivered: Int) {
        try await disconnectAll()
        for number in 1...peers { _ = try await connectPeer(number) }
        try await dropInitialResync()
        receiver.reset()
        let writer = ObjectWriter<Locations>(pool: pool, changes: OutboxRecorder())
        let context = ObjectContext(version: .v2_3_0, defaultLastUpdated: nil, timeZones: nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for number in stride(from: worker + 1, through: changes, by: 8) {
                        var draft = EVSEDraft()
                        draft.status = number % 2 == 0 ? .charging : .blocked
                        draft.lastUpdated = .now()
                        let address = ObjectAddress(tenant: BenchFixture.tenants[0], ids: [BenchFixture.locationID(tenant: 0, number: number), evse])
                        _ = try await writer.write(ObjectWrite(method: .patch, address: address, body: .evse(draft), context: context))
                    }
                }
            }
            try await group.waitForAll()
        }
        // The receiving EMSP runs on loopback.
        let client = PeerClient(
            configuration: .init(allowPrivateNetworks: true), logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        let worker = PushWorker(
            store: PushStore(pool: pool), pushers: DataModules.pushers(pool: pool, client: client),
            configuration: .init(maxConcurrentPeers: 32), logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        let start = ContinuousClock.now
        await worker.deliverPending()
        let elapsed = ContinuousClock.now - start
        try await client.shutdown()
        let delivered = receiver.received.count
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        try await disconnectAll()
        return (Double(delivered) / max(seconds, 0.001), delivered)
    }
}
