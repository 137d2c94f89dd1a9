import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP proxy to a local port whose connections can be made to go silent: `stall()` stops forwarding
/// bytes, both ways, on every connection open at that moment, while keeping the sockets open. To the client that is
/// a connection that died without a word (a firewall that forgot it, a network that dropped it): writes are
/// accepted by its kernel, keepalive probes are answered, nothing comes back. Later connections are forwarded.
///
/// Blocking sockets on threads of its own, one per connection; for tests only.
public final class StallingTCPProxy: Sendable {
    struct State {
        var nextID = 0
        var open: Set<Int> = []
        var stalled: Set<Int> = []
        var closed = false
    }

    public let port: Int
    private let targetPort: Int
    private let listener: Int32
    private let state = Mutex(State())

    /// Starts forwarding 127.0.0.1:`port` (chosen by the kernel) to 127.0.0.1:`targetPort`.
    public init(targetPort: Int) throws {
        self.targetPort = targetPort
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        self.listener = listener
        guard listener >= 0, bound, listen(listener, 16) == 0 else {
            Glibc.close(listener)
            throw ProxyError(description: "cannot listen on a loopback port: errno \(errno)")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// `url` (a `postgresql://…@host:port/db` URI) with its port replaced by the proxy's.
    public func rewrite(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.host = "127.0.0.1"
        components.port = port
        return components.string ?? url
    }

    /// Every connection open now stops forwarding, for good.
    public func stall() {
        state.withLock { $0.stalled.formUnion($0.open) }
    }

    /// Stops accepting and ends every connection's thread (their sockets close).
    public func close() {
        state.withLock { $0.closed = true }
    }

    private func acceptLoop() {
        defer { Glibc.close(listener) }
        while !state.withLock({ $0.closed }) {
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: targetPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            guard connected else {
                Glibc.close(client)
                Glibc.close(server)
                continue
            }
            let id = state.withLock { state in
                state.nextID += 1
                state.open.insert(state.nextID)
                return state.nextID
            }
            Thread.detachNewThread { [self] in pump(id: id, client, server) }
        }
    }

    /// Copies bytes both ways until either side closes, the proxy closes, or the connection is stalled (then it
    /// only waits, holding both sockets open).
    private func pump(id: Int, _ client: Int32, _ server: Int32) {
        defer {
            Glibc.close(client)
            Glibc.close(server)
            state.withLock { _ = $0.open.remove(id) }
        }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let (closed, stalled) = state.withLock { ($0.closed, $0.stalled.contains(id)) }
            if closed { return }
            if stalled {
                usleep(100_000)
                continue
            }
            var descriptors = [pollfd(fd: client, events: Int16(POLLIN), revents: 0), pollfd(fd: server, events: Int16(POLLIN), revents: 0)]
            guard poll(&descriptors, 2, 100) > 0 else { continue }
            for (index, descriptor) in descriptors.enumerated() where descriptor.revents != 0 {
                let (from, to) = index == 0 ? (client, server) : (server, client)
                let count = recv(from, &buffer, buffer.count, 0)
                if count <= 0 { return }
                var sent = 0
                while sent < count {
                    let written = buffer[sent..<count].withUnsafeBytes { send(to, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    if written <= 0 { return }
                    sent += written
                }
            }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    struct ProxyError: Error, CustomStringConvertible {
        var description: String
    }
}
