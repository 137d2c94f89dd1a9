import Dispatch
import Logging
import NIOHTTP1
import OCPIModel
import Synchronization
import Testing

@testable import OCPIPeers

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A peer chooses the names we resolve, and `getaddrinfo` cannot be cancelled: a lookup that never answers must
/// cost its caller one deadline at most, and a peer's version details may name only a few hosts.
@Suite(.timeLimit(.minutes(1)))
struct ResolutionDeadlineTests {
    /// A resolver like a name server that drops queries: it answers (a public address) only after `hangs`, and
    /// ignores cancellation, as a lookup blocked in `getaddrinfo` does. Counts the names it was asked.
    final class HangingResolver: HostResolver {
        let hangs: Duration
        private let asked = Mutex<[String]>([])

        init(hangs: Duration) { self.hangs = hangs }

        var names: [String] { asked.withLock { $0 } }

        func addresses(of host: String) async throws -> [IPAddress] {
            asked.withLock { $0.append(host) }
            let seconds = Double(hangs.components.seconds) + Double(hangs.components.attoseconds) / 1e18
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { done.resume() }
            }
            return [IPAddress("203.0.113.7")!]
        }
    }

    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func client(_ resolver: any HostResolver, timeout: Duration = .seconds(1)) -> PeerClient {
        PeerClient(configuration: .init(connectTimeout: .seconds(1), requestTimeout: timeout), resolver: resolver, logger: logger)
    }

    /// A call whose name never resolves ends at the deadline, not when the lookup gives up.
    @Test func aCallWhoseNameHangsEndsAtTheDeadline() async throws {
        let client = Self.client(HangingResolver(hangs: .seconds(20)))
        let started = ContinuousClock.now
        do {
            _ = try await client.call(.GET, "https://emsp.hanging.example/ocpi/versions", token: PeerToken(value: "t", format: .base64), as: [Version].self)
            Issue.record("the call completed")
        } catch {
            #expect(error.kind == .unreachable && error.message.contains("timed out"), "\(error)")
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(8), "released at the 1 s deadline, not after the 20 s lookup: \(elapsed)")
        try await client.shutdown()
    }

    /// Checking a peer's endpoints runs under one deadline for all of them: eight hosts whose lookups hang cost
    /// one deadline, not eight lookups.
    @Test func checkingEndpointsRunsUnderOneDeadline() async throws {
        let resolver = HangingResolver(hangs: .seconds(20))
        let client = Self.client(resolver)
        let endpoints = (1...8).map { Endpoint(identifier: .locations, role: .receiver, url: "https://h\($0).hanging.example/ocpi/locations") }
        let started = ContinuousClock.now
        do {
            try await PeerDiscovery(client: client).checkEndpoints(endpoints, listedAt: "https://emsp.example/ocpi/2.2.1")
            Issue.record("the check passed")
        } catch {
            #expect(error.statusCode == .unableToUseClientAPI)
            #expect(error.message.contains("timed out"), "\(error.message)")
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(8), "one 1 s deadline for all hosts: \(elapsed)")
        #expect(resolver.names.count == 1, "the hosts after the hanging one were not looked up: \(resolver.names)")
        try await client.shutdown()
    }

    /// Details with more endpoints, or more hosts, than any OCPI platform needs are refused before any name is
    /// resolved; up to the caps they are checked.
    @Test func endpointsAndHostsAreCapped() async throws {
        let resolver = HangingResolver(hangs: .zero)
        let client = Self.client(resolver, timeout: .seconds(5))
        let discovery = PeerDiscovery(client: client)
        func endpoints(_ count: Int, hosts: Int) -> [Endpoint] {
            (0..<count).map { Endpoint(identifier: ModuleID(rawValue: "m\($0)"), role: .receiver, url: "https://h\($0 % hosts).peer.example/ocpi/m\($0)") }
        }
        for (list, expected) in [
            (endpoints(33, hosts: 1), "the version details list 33 endpoints; at most 32 are accepted"),
            (endpoints(9, hosts: 9), "the version details' endpoints name 9 different hosts; at most 8 are accepted"),
        ] {
            do {
                try await discovery.checkEndpoints(list, listedAt: "https://emsp.example/ocpi/2.2.1")
                Issue.record("\(list.count) endpoints passed")
            } catch {
                #expect(error.statusCode == .unableToUseClientAPI)
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
        #expect(resolver.names.isEmpty, "nothing was resolved for refused details")
        try await discovery.checkEndpoints(endpoints(32, hosts: 8), listedAt: "https://emsp.example/ocpi/2.2.1")
        #expect(Set(resolver.names) == Set((0..<8).map { "h\($0).peer.example" }), "each host resolved once")
        #expect(resolver.names.count == 8)
        try await client.shutdown()
    }

    /// The deadline returns on time even when the operation ignores cancellation, and drops its late result.
    @Test func theDeadlineDoesNotWaitForTheOperation() async throws {
        let started = ContinuousClock.now
        await #expect(throws: DeadlineExceeded.self) {
            try await withDeadline(.milliseconds(200)) {
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    DispatchQueue.global().asyncAfter(deadline: .now() + 10) { done.resume() }
                }
                return 1
            }
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(try await withDeadline(.seconds(5)) { 42 } == 42)
    }
}
