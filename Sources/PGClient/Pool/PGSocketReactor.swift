import CEpoll
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One thread that waits, with epoll, on the sockets of connections whose statement is in flight, and resumes the
/// task waiting on each.
///
/// A statement sent with libpq's non-blocking calls needs no thread while PostgreSQL works on it: the task sends it,
/// suspends here, and is resumed when its socket becomes readable. Compared with a blocking call on a pool thread,
/// this saves the hand-off to that thread, and one wake-up serves every socket that became ready together.
final class PGSocketReactor: Sendable {
    enum Interest: Sendable {
        case readable
        /// Writable or readable: while a statement is still being sent, the server may be waiting for us to read.
        case writableOrReadable
    }

    private struct State: Sendable {
        /// Tasks waiting, by socket; resumed with true when it is ready, false when the reactor stops.
        var waiters: [Int32: CheckedContinuation<Bool, Never>] = [:]
        var isClosed = false
    }

    private let epoll: Int32
    /// Written once, to end the loop.
    private let stop: Int32
    private let state = Mutex(State())
    private let thread = NIOThreadPool(numberOfThreads: 1)

    init() {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        stop = eventfd(0, Int32(EFD_CLOEXEC))
        precondition(epoll >= 0 && stop >= 0, "epoll_create1 or eventfd failed: errno \(errno)")
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = stop
        epoll_ctl(epoll, EPOLL_CTL_ADD, stop, &event)
        thread.start()
        thread.submit { [self] _ in loop() }
    }

    /// Suspends until `socket` is ready, or reports an error or a hang-up (which the caller learns from libpq).
    /// Once the reactor is shut down it only pauses briefly, so that a statement still in flight can finish by polling.
    func wait(for interest: Interest, on socket: Int32) async {
        let armed = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let recorded = state.withLock { state -> Bool in
                guard !state.isClosed else { return false }
                state.waiters[socket] = continuation
                return true
            }
            guard recorded else { return continuation.resume(returning: false) }
            // Armed outside the lock: a system call inside it kept the loop's thread waiting on every wake-up. No
            // event can come for this socket before it is armed, and the waiter is recorded before that.
            var event = epoll_event()
            event.events = (interest == .readable ? EPOLLIN.rawValue : EPOLLIN.rawValue | EPOLLOUT.rawValue) | EPOLLONESHOT.rawValue
            event.data.fd = socket
            // A socket stays registered between statements (disarmed by EPOLLONESHOT) until libpq closes it.
            if epoll_ctl(epoll, EPOLL_CTL_MOD, socket, &event) == 0
                || (errno == ENOENT && epoll_ctl(epoll, EPOLL_CTL_ADD, socket, &event) == 0)
            {
                return
            }
            // Not armed (the reactor was shut down meanwhile, say): resume it unless `shutdown` already did.
            if let waiter = state.withLock({ $0.waiters.removeValue(forKey: socket) }) {
                waiter.resume(returning: false)
            }
        }
        if !armed { try? await Task.sleep(for: .milliseconds(1)) }
    }

    /// Ends the thread and resumes every waiting task; later waits poll.
    func shutdown() async {
        let waiters = state.withLock { state in
            state.isClosed = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        var one: UInt64 = 1
        _ = write(stop, &one, 8)
        try? await thread.shutdownGracefully()
        for waiter in waiters { waiter.resume(returning: false) }
    }

    /// The descriptors are closed only when nothing can use them any more: a `wait` that recorded its waiter before
    /// `shutdown` may still be about to arm epoll (outside the lock), and a closed number may already belong to
    /// another epoll instance.
    deinit {
        close(epoll)
        close(stop)
    }

    private func loop() {
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        var ready: [CheckedContinuation<Bool, Never>] = []
        ready.reserveCapacity(events.count)
        while true {
            let count = epoll_wait(epoll, &events, Int32(events.count), -1)
            if count < 0 {
                if errno == EINTR { continue }
                return
            }
            ready.removeAll(keepingCapacity: true)
            var stopping = false
            state.withLock { state in
                for event in events[..<Int(count)] {
                    if event.data.fd == stop { stopping = true } else if let waiter = state.waiters.removeValue(forKey: event.data.fd) { ready.append(waiter) }
                }
            }
            for waiter in ready { waiter.resume(returning: true) }
            if stopping { return }
        }
    }
}
