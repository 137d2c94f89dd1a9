@testable import PGClient
import Testing

/// The pool's decisions, without a database.
struct PoolStateMachineTests {
    typealias Machine = PGPoolStateMachine<String, String>
    let soon = ContinuousClock.now + .seconds(10)

    @Test func opensUpToTheLimitThenQueues() {
        var machine = Machine(maxConnections: 2)
        guard case .open = machine.lease(id: 1, waiter: "a", deadline: soon) else { Issue.record("first lease should open"); return }
        guard case .open = machine.lease(id: 2, waiter: "b", deadline: soon) else { Issue.record("second lease should open"); return }
        guard case .wait = machine.lease(id: 3, waiter: "c", deadline: soon) else { Issue.record("third lease should wait"); return }
        #expect(machine.openCount == 2)
        #expect(machine.waiters.map(\.waiter) == ["c"])
    }

    @Test func aReleasedConnectionGoesToTheOldestWaiter() {
        var machine = Machine(maxConnections: 1)
        _ = machine.lease(id: 1, waiter: "a", deadline: soon)
        _ = machine.lease(id: 2, waiter: "b", deadline: soon)
        _ = machine.lease(id: 3, waiter: "c", deadline: soon)
        guard case .handOver(let waiter) = machine.release("conn") else { Issue.record("expected a hand-over"); return }
        #expect(waiter == "b")
        guard case .handOver(let next) = machine.release("conn") else { Issue.record("expected a hand-over"); return }
        #expect(next == "c")
        guard case .keep = machine.release("conn") else { Issue.record("expected keep"); return }
        guard case .use(let connection) = machine.lease(id: 4, waiter: "d", deadline: soon) else { Issue.record("expected the idle connection"); return }
        #expect(connection == "conn")
    }

    @Test func aBrokenConnectionFreesItsSlotForAWaiter() {
        var machine = Machine(maxConnections: 1)
        _ = machine.lease(id: 1, waiter: "a", deadline: soon)
        _ = machine.lease(id: 2, waiter: "b", deadline: soon)
        guard case .openFor(let waiter) = machine.connectionGone() else { Issue.record("expected openFor"); return }
        #expect(waiter == "b")
        #expect(machine.openCount == 1)
        guard case .none = machine.connectionGone() else { Issue.record("nobody waits"); return }
        #expect(machine.openCount == 0)
    }

    @Test func aWaiterThatGivesUpIsForgotten() {
        var machine = Machine(maxConnections: 1)
        _ = machine.lease(id: 1, waiter: "a", deadline: soon)
        _ = machine.lease(id: 2, waiter: "b", deadline: soon)
        #expect(machine.removeWaiter(id: 2) == "b")
        #expect(machine.removeWaiter(id: 2) == nil)
        guard case .keep = machine.release("conn") else { Issue.record("expected keep"); return }
    }

    @Test func closingHandsBackIdleConnectionsAndWaiters() {
        var machine = Machine(maxConnections: 2)
        _ = machine.lease(id: 1, waiter: "a", deadline: soon)
        _ = machine.lease(id: 2, waiter: "b", deadline: soon)
        _ = machine.release("one")
        _ = machine.lease(id: 3, waiter: "c", deadline: soon)  // takes "one"
        _ = machine.lease(id: 4, waiter: "d", deadline: soon)  // waits
        let (idle, waiters) = machine.close()
        #expect(idle.isEmpty)
        #expect(waiters == ["d"])
        guard case .close = machine.release("one") else { Issue.record("a closed pool closes returned connections"); return }
        guard case .closed = machine.lease(id: 5, waiter: "e", deadline: soon) else { Issue.record("a closed pool refuses leases"); return }
    }

    @Test func closingHandsBackTheIdleConnectionsForClosing() {
        var machine = Machine(maxConnections: 2)
        _ = machine.lease(id: 1, waiter: "a", deadline: soon)
        _ = machine.lease(id: 2, waiter: "b", deadline: soon)
        _ = machine.release("one")
        let (idle, waiters) = machine.close()
        #expect(idle == ["one"])
        #expect(waiters.isEmpty)
        #expect(machine.openCount == 1, "only the connection still leased stays open, until it comes back")
        #expect(machine.idle.isEmpty)
    }
}

extension PoolStateMachineTests {
    /// A waiter leaves the queue once, whichever way: handed a connection, given a new slot, removed, or failed by
    /// closing; the watcher never fails it again. A deadline equal to now has passed.
    @Test func aWaiterThatLeftTheQueueIsNeverExpiredAgain() {
        let start = ContinuousClock.now
        var machine = Machine(maxConnections: 1)
        _ = machine.lease(id: 1, waiter: "a", deadline: start)
        _ = machine.lease(id: 2, waiter: "handed", deadline: start)
        _ = machine.lease(id: 3, waiter: "reopened", deadline: start)
        _ = machine.lease(id: 4, waiter: "removed", deadline: start)
        _ = machine.lease(id: 5, waiter: "late", deadline: start)
        guard case .handOver("handed") = machine.release("conn") else { Issue.record("expected a hand-over"); return }
        guard case .openFor("reopened") = machine.connectionGone() else { Issue.record("expected openFor"); return }
        #expect(machine.removeWaiter(id: 4) == "removed")
        let expired = machine.expire(now: start)
        #expect(expired.expired == ["late"], "only the waiter still queued, its deadline exactly now")
        #expect(!expired.keepWatching)

        _ = machine.lease(id: 6, waiter: "queued", deadline: start + .seconds(1))
        let (_, failed) = machine.close()
        #expect(failed == ["queued"])
        let afterClose = machine.expire(now: start + .seconds(2))
        #expect(afterClose.expired.isEmpty, "closing failed it already")
        #expect(!afterClose.keepWatching)
    }

    /// One watcher serves every waiter's deadline: the first waiter starts it, later ones do not, and it is told to
    /// stop once nobody waits, so the next waiter starts another.
    @Test func oneDeadlineWatcherServesTheQueueAndExpiresOnlyLateWaiters() {
        var machine = Machine(maxConnections: 1)
        let start = ContinuousClock.now
        _ = machine.lease(id: 1, waiter: "a", deadline: start)
        guard case .wait(startWatching: true) = machine.lease(id: 2, waiter: "b", deadline: start + .seconds(1)) else {
            Issue.record("the first waiter starts the watcher"); return
        }
        guard case .wait(startWatching: false) = machine.lease(id: 3, waiter: "c", deadline: start + .seconds(2)) else {
            Issue.record("a watcher already runs"); return
        }
        let first = machine.expire(now: start + .milliseconds(1500))
        #expect(first.expired == ["b"])
        #expect(first.keepWatching)
        #expect(machine.waiters.map(\.waiter) == ["c"])
        guard case .handOver(let waiter) = machine.release("conn") else { Issue.record("expected a hand-over"); return }
        #expect(waiter == "c")
        let second = machine.expire(now: start + .seconds(3))
        #expect(second.expired.isEmpty)
        #expect(!second.keepWatching, "nobody waits: the watcher ends")
        guard case .wait(startWatching: true) = machine.lease(id: 4, waiter: "d", deadline: start + .seconds(4)) else {
            Issue.record("the next waiter starts a new watcher"); return
        }
    }

    @Test func theFastPathTakesOnlyIdleConnections() {
        var machine = Machine(maxConnections: 1)
        #expect(machine.takeIdle() == nil, "nothing is idle before the first open")
        _ = machine.lease(id: 1, waiter: "a", deadline: soon)
        _ = machine.release("conn")
        #expect(machine.takeIdle() == "conn")
        #expect(machine.takeIdle() == nil)
        _ = machine.release("conn")
        _ = machine.close()
        #expect(machine.takeIdle() == nil, "a closed pool hands out nothing")
    }
}
