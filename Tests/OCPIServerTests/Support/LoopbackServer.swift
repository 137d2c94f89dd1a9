import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A router served on a free loopback port for as long as a test needs it: the fake EMSPs and back-offices the
/// platform calls.
final class LoopbackServer: Sendable {
    let port: Int
    private let group: ServiceGroup

    private init(port: Int, group: ServiceGroup) {
        self.port = port
        self.group = group
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    static func start<Context: RequestContext>(
        _ router: Router<Context>, label: String
    ) async -> LoopbackServer where Context.Source == ApplicationRequestContextSource {
        let logger = Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
        let (running, started) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in started.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        Task { try await group.run() }
        var iterator = running.makeAsyncIterator()
        return LoopbackServer(port: await iterator.next() ?? 0, group: group)
    }

    func stop() async {
        await group.triggerGracefulShutdown()
    }
}
