import Synchronization

/// The operation ran out of time and was cancelled.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var timeout: Duration
    var description: String { "timed out after \(timeout)" }
}

/// Runs `operation` and returns, or throws `DeadlineExceeded`, by the time `timeout` has passed, whatever the
/// operation does.
///
/// AsyncHTTPClient's own deadline ends when the response head arrives, and its read timeout restarts with every
/// byte, so a peer that sends its body one byte at a time could hold a call (and the worker making it) for ever.
/// Name resolution (`getaddrinfo` on a thread pool) cannot be cancelled at all once it runs, and a peer chooses the
/// names. So the operation runs in a task of its own, raced against a timer: at the deadline the caller is released
/// and the operation is cancelled, and whatever it returns later is dropped. A task group would not do: it waits for
/// every child, cancelled or not, before it returns. Cancelling the caller cancels the operation too.
func withDeadline<R: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> R) async throws -> R {
    let race = DeadlineRace<R>()
    let work = Task {
        do { race.finish(.success(try await operation())) } catch { race.finish(.failure(error)) }
    }
    let timer = Task {
        // Cancelled when the operation wins; then the race is already decided and this changes nothing.
        try? await Task.sleep(for: timeout)
        race.finish(.failure(DeadlineExceeded(timeout: timeout)))
    }
    defer {
        work.cancel()
        timer.cancel()
    }
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { race.wait($0) }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

/// The first outcome of an operation and its timer, handed to the one caller waiting for it; later ones are dropped.
private final class DeadlineRace<R: Sendable>: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<R, any Error>)
        case decided(Result<R, any Error>)
        case done
    }

    private let state = Mutex(State.pending)

    func wait(_ continuation: CheckedContinuation<R, any Error>) {
        let decided: Result<R, any Error>? = state.withLock { state in
            switch state {
            case .pending:
                state = .waiting(continuation)
                return nil
            case .decided(let outcome):
                state = .done
                return outcome
            case .waiting, .done:
                preconditionFailure("a deadline race has one waiter")
            }
        }
        if let decided { continuation.resume(with: decided) }
    }

    func finish(_ outcome: Result<R, any Error>) {
        let waiter: CheckedContinuation<R, any Error>? = state.withLock { state in
            switch state {
            case .pending:
                state = .decided(outcome)
                return nil
            case .waiting(let continuation):
                state = .done
                return continuation
            case .decided, .done:
                return nil
            }
        }
        waiter?.resume(with: outcome)
    }
}
