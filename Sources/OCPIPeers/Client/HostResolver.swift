import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a peer's host name into the addresses it stands for, so that the URL policy can judge each one before
/// anything connects. Passed at construction, so that a test can make a name resolve to a private address.
public protocol HostResolver: Sendable {
    /// Every address of `host`, in the order the system prefers; throws `HostResolutionError` when there is none.
    func addresses(of host: String) async throws -> [IPAddress]
}

/// The host has no address (unknown name, DNS failure).
public struct HostResolutionError: Error, Sendable, CustomStringConvertible {
    public var host: String
    public var reason: String

    public init(host: String, reason: String) {
        self.host = host
        self.reason = reason
    }

    public var description: String { "cannot resolve \(host): \(reason)" }
}

/// The system's resolver (`getaddrinfo`, as the HTTP client itself would use), run on a thread pool of its own so
/// that a slow DNS server never holds a cooperative thread, nor the threads other blocking work needs.
///
/// `getaddrinfo` cannot be cancelled once it runs: the caller's deadline (`withDeadline`) releases the caller, and
/// the lookup finishes on its thread and is dropped. A lookup still queued when its caller gives up is skipped, so a
/// peer whose names never resolve costs at most the threads of this pool, never a queue of lookups nobody awaits.
public struct SystemHostResolver: HostResolver {
    let threadPool: NIOThreadPool

    /// - Parameter threadPool: where lookups block; `PeerClient` passes a small pool it owns (NIO's shared one by
    ///   default, for one-off checks).
    public init(threadPool: NIOThreadPool = .singleton) {
        self.threadPool = threadPool
    }

    public func addresses(of host: String) async throws -> [IPAddress] {
        let abandoned = AbandonedFlag()
        return try await withTaskCancellationHandler {
            try await threadPool.runIfActive {
                guard !abandoned.value.load(ordering: .relaxed) else { throw CancellationError() }
                return try Self.lookup(host)
            }
        } onCancel: {
            abandoned.value.store(true, ordering: .relaxed)
        }
    }

    static func lookup(_ host: String) throws -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            throw HostResolutionError(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(first) }
        var found: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor?.pointee {
            cursor = entry.ai_next
            guard let socketAddress = entry.ai_addr else { continue }
            let address: IPAddress?
            switch entry.ai_family {
            case AF_INET:
                address = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                    withUnsafeBytes(of: v4.pointee.sin_addr) { IPAddress(bytes: Array($0)) }
                }
            case AF_INET6:
                address = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                    withUnsafeBytes(of: v6.pointee.sin6_addr) { IPAddress(bytes: Array($0)) }
                }
            default:
                address = nil
            }
            if let address, !found.contains(address) { found.append(address) }
        }
        guard !found.isEmpty else { throw HostResolutionError(host: host, reason: "no IPv4 or IPv6 address") }
        return found
    }
}

/// Set when the caller of a lookup gave up, so that a lookup still queued is not started.
private final class AbandonedFlag: Sendable {
    let value = Atomic(false)
}
