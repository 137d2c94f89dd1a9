import Logging
import OCPIModel
import ServiceLifecycle

extension Doorbell {
    /// Waits until rung, or until `due`, kept within `shortest`…`longest` (`longest` when nothing is due, so that a
    /// missed ring is noticed): a service's sleep between passes.
    public func wait(until due: DateTime?, shortest: Duration, longest: Duration) async {
        let wait = due.map { due in
            let ahead = Duration.milliseconds(due.millisecondsSinceEpoch - DateTime.now().millisecondsSinceEpoch)
            return max(shortest, min(longest, ahead))
        } ?? longest
        await self.wait(upTo: wait)
    }
}

/// The loop of a background service that works in passes (`PeerConnector`, `TokenSync`, `CommandResultRelay`): a
/// pass, then a sleep until rung or until the next work is due, until graceful shutdown. A pass that fails is
/// logged, and the next one comes as usual.
func runPasses(
    doorbell: Doorbell, logger: Logger, name: String, shortest: Duration, longest: Duration,
    pass: @escaping @Sendable () async throws -> Void, nextDue: @escaping @Sendable () async throws -> DateTime?
) async {
    await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            do {
                try await pass()
            } catch {
                logger.warning("\(name) pass failed", metadata: ["error": "\(error)"])
            }
            await doorbell.wait(until: try? await nextDue(), shortest: shortest, longest: longest)
        }
    }
}
