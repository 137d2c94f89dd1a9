/// The pool's decisions, without I/O: which connection a lease gets, when to open one, who waits and who is woken.
///
/// Generic over the connection and waiter types so that it can be tested with plain values. `PGPool` performs the
/// actions it returns.
struct PGPoolStateMachine<Connection, Waiter> {
    struct WaiterEntry {
        var id: Int
        var waiter: Waiter
        /// When it gives up with `poolTimeout`.
        var deadline: ContinuousClock.Instant
    }

    let maxConnections: Int
    private(set) var idle: [Connection] = []
    /// Connections open or being opened, leased or idle.
    private(set) var openCount = 0
    private(set) var waiters: [WaiterEntry] = []
    private(set) var isClosed = false
    /// Whether one task watches the waiters' deadlines. One watcher for the whole queue, started by the first waiter
    /// and ended when nobody waits: a timer task per waiter would cost a task and a sleep on every contended lease.
    private(set) var isWatchingDeadlines = false

    init(maxConnections: Int) {
        precondition(maxConnections > 0, "a pool needs at least one connection")
        self.maxConnections = maxConnections
    }

    enum LeaseAction {
        /// Use this idle connection (check it is still alive first).
        case use(Connection)
        /// Open a new connection for the caller; a slot has been reserved.
        case open
        /// Every slot is busy: the caller waits until a connection is released. `startWatching`: no task watches
        /// the deadlines yet, so the caller starts one (and calls `expire` until it says to stop).
        case wait(startWatching: Bool)
        /// The pool is closed.
        case closed
    }

    mutating func lease(id: Int, waiter: Waiter, deadline: ContinuousClock.Instant) -> LeaseAction {
        if isClosed { return .closed }
        if let connection = idle.popLast() { return .use(connection) }
        if openCount < maxConnections {
            openCount += 1
            return .open
        }
        waiters.append(WaiterEntry(id: id, waiter: waiter, deadline: deadline))
        defer { isWatchingDeadlines = true }
        return .wait(startWatching: !isWatchingDeadlines)
    }

    /// Removes and returns the waiters whose deadline is past; `keepWatching` is false once nobody waits (the
    /// watcher then ends, and the next waiter starts another).
    mutating func expire(now: ContinuousClock.Instant) -> (expired: [Waiter], keepWatching: Bool) {
        var expired: [Waiter] = []
        waiters.removeAll { entry in
            guard entry.deadline <= now else { return false }
            expired.append(entry.waiter)
            return true
        }
        if waiters.isEmpty { isWatchingDeadlines = false }
        return (expired, isWatchingDeadlines)
    }

    /// An idle connection, if one is free right now (the fast path: no waiting, no suspension).
    mutating func takeIdle() -> Connection? {
        if isClosed { return nil }
        return idle.popLast()
    }

    enum ReleaseAction {
        /// Give the connection straight to this waiter.
        case handOver(Waiter)
        /// Keep the connection idle.
        case keep
        /// The pool is closed: close the connection.
        case close
    }

    /// A healthy connection comes back.
    mutating func release(_ connection: Connection) -> ReleaseAction {
        if isClosed {
            openCount -= 1
            return .close
        }
        if !waiters.isEmpty { return .handOver(waiters.removeFirst().waiter) }
        idle.append(connection)
        return .keep
    }

    enum SlotFreedAction {
        /// Open a connection for this waiter, whose slot is now reserved.
        case openFor(Waiter)
        case none
    }

    /// A connection was closed because it broke, or opening one failed: its slot is free again.
    mutating func connectionGone() -> SlotFreedAction {
        openCount -= 1
        if isClosed || waiters.isEmpty { return .none }
        openCount += 1
        return .openFor(waiters.removeFirst().waiter)
    }

    /// A waiter gave up (cancelled or timed out); returns it if it was still waiting.
    mutating func removeWaiter(id: Int) -> Waiter? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: index).waiter
    }

    /// Closes the pool: returns the idle connections to close and the waiters to fail.
    mutating func close() -> (idle: [Connection], waiters: [Waiter]) {
        isClosed = true
        let closing = idle
        openCount -= closing.count
        idle = []
        let failing = waiters.map(\.waiter)
        waiters = []
        return (closing, failing)
    }
}
