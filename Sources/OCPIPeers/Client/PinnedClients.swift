import AsyncHTTPClient
import Synchronization

/// HTTP clients, one per (host name, checked address): each connects its host to that one address
/// (AsyncHTTPClient's `dnsOverride`, which keeps TLS verification and SNI on the host name), so that the address
/// the URL policy judged is the address connected to. A client keeps its connections between calls, so pushes to
/// one peer reuse them; clients idle beyond `idleCapacity` are shut down, least recently used first.
final class PinnedClients: Sendable {
    private struct Key: Hashable {
        /// Empty for URLs whose host is an address literal: one shared client, connecting as written.
        var host: String
        var address: String
    }

    private struct Entry {
        var client: HTTPClient
        var users: Int
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var tick: UInt64 = 0
        var closed = false
    }

    /// The client is shutting down; no new call starts.
    struct Closed: Error, CustomStringConvertible {
        var description: String { "the service is shutting down" }
    }

    private let state = Mutex(State())
    private let configuration: HTTPClient.Configuration
    private let idleCapacity: Int

    /// - Parameter configuration: every client's configuration (redirects, timeouts, decompression), without
    ///   `dnsOverride`, which each client sets for its host.
    init(configuration: HTTPClient.Configuration, idleCapacity: Int = 64) {
        self.configuration = configuration
        self.idleCapacity = idleCapacity
    }

    /// Runs `body` with the client that connects `destination.host` to `destination.pinned`.
    func withClient<R: Sendable>(
        for destination: PeerURLPolicy.Destination, _ body: (HTTPClient) async throws -> R
    ) async throws -> R {
        let key = Key(host: destination.pinned == nil ? "" : destination.host, address: destination.pinned?.description ?? "")
        let client = try state.withLock { state throws -> HTTPClient in
            guard !state.closed else { throw Closed() }
            state.tick += 1
            if var entry = state.entries[key] {
                entry.users += 1
                entry.lastUse = state.tick
                state.entries[key] = entry
                return entry.client
            }
            var settings = self.configuration
            if !key.host.isEmpty { settings.dnsOverride = [key.host: key.address] }
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
            state.entries[key] = Entry(client: client, users: 1, lastUse: state.tick)
            return client
        }
        do {
            let result = try await body(client)
            await release(key)
            return result
        } catch {
            await release(key)
            throw error
        }
    }

    /// How many clients are kept (for tests).
    var count: Int { state.withLock { $0.entries.count } }

    /// Shuts every client down; calls after this fail with `Closed`.
    func shutdown() async {
        let clients = state.withLock { state -> [HTTPClient] in
            state.closed = true
            defer { state.entries = [:] }
            return state.entries.values.map(\.client)
        }
        for client in clients { try? await client.shutdown() }
    }

    private func release(_ key: Key) async {
        let evicted = state.withLock { state -> [HTTPClient] in
            state.entries[key]?.users -= 1
            let excess = state.entries.count - idleCapacity
            guard excess > 0 else { return [] }
            let idle = state.entries.filter { $0.value.users == 0 }.sorted { $0.value.lastUse < $1.value.lastUse }.prefix(excess)
            for (key, _) in idle { state.entries[key] = nil }
            return idle.map { $0.value.client }
        }
        for client in evicted { try? await client.shutdown() }
    }
}
