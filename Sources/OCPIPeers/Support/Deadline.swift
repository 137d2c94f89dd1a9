/// The operation ran out of time and was cancelled.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var timeout: Duration
    var description: String { "timed out after \(timeout)" }
}

/// Runs `operation` and cancels it when `timeout` has passed, throwing `DeadlineExceeded`.
///
/// AsyncHTTPClient's own deadline ends when the response head arrives, and its read timeout restarts with every
/// byte, so a peer that sends its body one byte at a time could hold a call (and the worker making it) for ever.
/// This bounds the whole call, body included. The operation must honour cancellation, as AsyncHTTPClient's
/// `execute` and body iteration do (cancelling closes the connection).
func withDeadline<R: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> R) async throws -> R {
    try await withThrowingTaskGroup(of: R?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else { throw DeadlineExceeded(timeout: timeout) }
        return result
    }
}
