/// When the listener sends its heartbeat, and when a missing answer means its connection is dead. Pure: the
/// listener asks it what to do at each turn of its loop, with the time.
///
/// A heartbeat is a `NOTIFY` on a channel only this connection listens on. PostgreSQL delivers notifications in
/// commit order, so when the heartbeat comes back, every notification committed before it was sent has been
/// received. Its answer therefore confirms more than a live socket: nothing was missed up to the moment it was sent.
struct PGListenerHeartbeat: Sendable {
    enum Action: Equatable {
        /// Send a heartbeat with this payload now.
        case send(String)
        /// The heartbeat sent at this instant has gone unanswered past the timeout.
        case overdue(sentAt: ContinuousClock.Instant)
        case wait
    }

    let interval: Duration
    let timeout: Duration
    private var sequence = 0
    private var nextBeat: ContinuousClock.Instant
    private var outstanding: (payload: String, sentAt: ContinuousClock.Instant)?

    /// The first heartbeat is due at once.
    init(interval: Duration, timeout: Duration, now: ContinuousClock.Instant) {
        self.interval = interval
        self.timeout = timeout
        self.nextBeat = now
    }

    /// What to do at `now`; after `.send`, the heartbeat counts as sent at `now`.
    mutating func action(at now: ContinuousClock.Instant) -> Action {
        if let outstanding {
            return now - outstanding.sentAt > timeout ? .overdue(sentAt: outstanding.sentAt) : .wait
        }
        guard now >= nextBeat else { return .wait }
        sequence += 1
        let payload = String(sequence)
        outstanding = (payload, now)
        nextBeat = now + interval
        return .send(payload)
    }

    /// A heartbeat came back: the instant it was sent when it is the one outstanding, nil for anything else.
    mutating func answered(_ payload: String) -> ContinuousClock.Instant? {
        guard let outstanding, outstanding.payload == payload else { return nil }
        self.outstanding = nil
        return outstanding.sentAt
    }
}
