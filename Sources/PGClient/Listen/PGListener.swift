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
///
/// A connection can also die silently: a firewall or NAT that forgets it, a host that vanishes. Nothing then
/// arrives, and nothing tells libpq. Two things catch it. TCP keepalives and a TCP user timeout on the connection
/// end it within seconds when the other end stops acknowledging. And a heartbeat, a `NOTIFY` to itself every
/// `heartbeatInterval`, must come back within `heartbeatTimeout`, or the connection is dropped (`disconnected`) and
/// made again; that catches a path that still acknowledges but no longer delivers. Each answered heartbeat is
/// reported as `confirmed(asOf:)`.
public final class PGListener: Service, Sendable {
    public enum Event: Sendable, Hashable {
        case connected
        case disconnected
        case notification(PGNotification)
        /// Every notification committed before this instant has been handed to the handler: the connection was
        /// alive and caught up as of then (an answered heartbeat sent at that instant).
        case confirmed(asOf: ContinuousClock.Instant)
    }

    /// libpq's TCP settings for the listener's connection: probe after 2 s of silence, every second, give up after 3
    /// unanswered probes; and drop the connection when data sent stays unacknowledged for 5 s. A connection string
    /// that sets any of them wins.
    static let keepalives: [(String, String)] = [
        ("keepalives", "1"), ("keepalives_idle", "2"), ("keepalives_interval", "1"), ("keepalives_count", "3"),
        ("tcp_user_timeout", "5000"),
    ]

    let conninfo: String
    let channels: [String]
    let logger: Logger
    let heartbeatInterval: Duration
    let heartbeatTimeout: Duration
    let handler: @Sendable (Event) -> Void

    /// - Parameters:
    ///   - channels: channel names: lower-case identifiers chosen by our code, never input.
    ///   - heartbeatInterval: how often the connection is checked by a `NOTIFY` to itself.
    ///   - heartbeatTimeout: how long a heartbeat may go unanswered before the connection counts as dead.
    ///   - handler: called on the listener's own task for every event; must not block.
    public init(
        conninfo: String, channels: [String], logger: Logger,
        heartbeatInterval: Duration = .seconds(2), heartbeatTimeout: Duration = .seconds(3),
        handler: @escaping @Sendable (Event) -> Void
    ) {
        precondition(
            channels.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F } },
            "channel names are lower-case identifiers")
        self.conninfo = conninfo
        self.channels = channels
        self.logger = logger
        self.heartbeatInterval = heartbeatInterval
        self.heartbeatTimeout = heartbeatTimeout
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
        let connection = try await thread.runIfActive {
            try PGConnection(conninfo: conninfo, applicationName: "ocpi-cpo-listener", defaults: Self.keepalives)
        }
        defer { connection.close() }
        // A channel of this connection's own (digits and lower-case letters), so that no other listener hears it.
        let heartbeatChannel = "pglistener_" + String(UInt64.random(in: .min ... .max), radix: 36)
        for channel in channels + [heartbeatChannel] {
            let statement = PGQuery(unsafeSQL: "LISTEN \(channel)")
            _ = try await thread.runIfActive { try connection.execute(statement) }
        }
        connected = true
        handler(.connected)
        var heartbeat = PGListenerHeartbeat(interval: heartbeatInterval, timeout: heartbeatTimeout, now: .now)
        // A notification that arrived while LISTEN ran is already in libpq's queue, where the socket wait would
        // not see it until more input came.
        var notifications = try await thread.runIfActive { try connection.consumeNotifications() }
        while !Task.isCancelled {
            for notification in notifications {
                if notification.channel == heartbeatChannel {
                    if let sentAt = heartbeat.answered(notification.payload) { handler(.confirmed(asOf: sentAt)) }
                } else {
                    handler(.notification(notification))
                }
            }
            switch heartbeat.action(at: .now) {
            case .send(let payload):
                let statement = PGQuery(unsafeSQL: "NOTIFY \(heartbeatChannel), '\(payload)'")
                try await thread.runIfActive { try connection.sendWithoutWaiting(statement) }
            case .overdue(let sentAt):
                throw PGError(
                    .connectionClosed,
                    message: "the listener's heartbeat went unanswered for \(ContinuousClock.now - sentAt); the connection is taken for dead")
            case .wait:
                break
            }
            notifications = try await thread.runIfActive { try connection.waitForNotifications(milliseconds: 250) }
        }
    }
}

extension PGConnection {
    /// Waits up to `milliseconds` for the socket to become readable, then returns what arrived (blocking).
    func waitForNotifications(milliseconds: Int32) throws(PGError) -> [PGNotification] {
        guard socket >= 0 else { throw PGError(.connectionClosed, message: "the connection has no socket") }
        // What a statement sent without waiting left in libpq's buffer goes out first.
        _ = try flushOutput()
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, milliseconds)
        if ready < 0 && errno != EINTR { throw PGError(.connectionClosed, message: "poll failed") }
        if ready <= 0 { return [] }
        return try consumeNotifications()
    }
}
