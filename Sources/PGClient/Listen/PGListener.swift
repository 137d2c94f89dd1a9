import Logging
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Listens for `NOTIFY` on a connection of its own, reconnecting with back-off when it breaks.
///
/// Consumers learn about gaps: `disconnected` means notifications may have been missed (drop caches, rescan
/// queues), `connected` that they flow again. Runs as a `Service` until graceful shutdown.
public final class PGListener: Service, Sendable {
    public enum Event: Sendable, Hashable {
        case connected
        case disconnected
        case notification(PGNotification)
    }

    let conninfo: String
    let channels: [String]
    let logger: Logger
    let handler: @Sendable (Event) -> Void

    /// - Parameters:
    ///   - channels: channel names: lower-case identifiers chosen by our code, never input.
    ///   - handler: called on the listener's own task for every event; must not block.
    public init(conninfo: String, channels: [String], logger: Logger, handler: @escaping @Sendable (Event) -> Void) {
        precondition(
            channels.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F } },
            "channel names are lower-case identifiers")
        self.conninfo = conninfo
        self.channels = channels
        self.logger = logger
        self.handler = handler
    }

    public func run() async throws {
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        defer { thread.shutdownGracefully { _ in } }
        await cancelWhenGracefulShutdown { await self.loop(on: thread) }
    }

    private func loop(on thread: NIOThreadPool) async {
        var backoff: Duration = .milliseconds(200)
        while !Task.isCancelled {
            var connected = false
            do {
                try await listen(on: thread, connected: &connected)
            } catch {
                if Task.isCancelled { break }
                logger.warning("notification listener lost its connection", metadata: ["pg.error": "\(error)"])
            }
            handler(.disconnected)
            if connected { backoff = .milliseconds(200) }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(5))
        }
    }

    private func listen(on thread: NIOThreadPool, connected: inout Bool) async throws {
        let conninfo = self.conninfo
        let connection = try await thread.runIfActive { try PGConnection(conninfo: conninfo, applicationName: "ocpi-cpo-listener") }
        defer { connection.close() }
        for channel in channels {
            let statement = PGQuery(unsafeSQL: "LISTEN \(channel)")
            _ = try await thread.runIfActive { try connection.execute(statement) }
        }
        connected = true
        handler(.connected)
        // A notification that arrived while LISTEN ran is already in libpq's queue, where the socket wait would
        // not see it until more input came.
        for notification in try await thread.runIfActive({ try connection.consumeNotifications() }) { handler(.notification(notification)) }
        while !Task.isCancelled {
            let notifications = try await thread.runIfActive { try connection.waitForNotifications(milliseconds: 250) }
            for notification in notifications { handler(.notification(notification)) }
        }
    }
}

extension PGConnection {
    /// Waits up to `milliseconds` for the socket to become readable, then returns what arrived (blocking).
    func waitForNotifications(milliseconds: Int32) throws(PGError) -> [PGNotification] {
        guard socket >= 0 else { throw PGError(.connectionClosed, message: "the connection has no socket") }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, milliseconds)
        if ready < 0 && errno != EINTR { throw PGError(.connectionClosed, message: "poll failed") }
        if ready <= 0 { return [] }
        return try consumeNotifications()
    }
}
