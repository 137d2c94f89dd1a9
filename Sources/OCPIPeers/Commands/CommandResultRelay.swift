import Logging
import NIOHTTP1
import OCPIModel
import OCPIStorage
import PGClient
import ServiceLifecycle

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Relays commands' results to the EMSPs' `response_url`s, as a service: results the back-office sent in time, and
/// TIMEOUT for commands whose result did not come by their deadline. A peer that cannot be reached is tried again
/// with back-off (as push is) until `relayFor` has passed since the result; then the relay is given up and
/// `list_commands.sql` shows why.
public final class CommandResultRelay: Service, Sendable {
    public struct Configuration: Sendable {
        /// How long a result is tried before it is given up.
        public var relayFor: Duration
        /// How long a claimed relay is left to one instance.
        public var lease: Duration
        public var maxBackoff: Duration

        public init(relayFor: Duration = .seconds(86_400), lease: Duration = .seconds(60), maxBackoff: Duration = .seconds(300)) {
            self.relayFor = relayFor
            self.lease = lease
            self.maxBackoff = maxBackoff
        }
    }

    let store: CommandStore
    let client: PeerClient
    public let configuration: Configuration
    let logger: Logger
    private let doorbell = Doorbell()

    public init(pool: PGPool, client: PeerClient, configuration: Configuration = Configuration(), logger: Logger) {
        self.store = CommandStore(pool: pool)
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// A result came in: relay it now.
    public func wake() {
        doorbell.ring()
    }

    public func run() async throws {
        await runPasses(
            doorbell: doorbell, logger: logger, name: "command relay", shortest: .milliseconds(50), longest: .seconds(5),
            pass: { _ = try await self.runOnce() }, nextDue: { try await self.store.nextDue() })
    }

    /// Times out what is overdue, then relays every result due now, at once. Returns how many were relayed.
    @discardableResult
    public func runOnce() async throws -> Int {
        try await store.timeOutExpired(relayFor: configuration.relayFor)
        let jobs = try await store.claimRelays(lease: configuration.lease)
        return await withTaskGroup(of: Bool.self) { group in
            for job in jobs {
                group.addTask { await self.relay(job) }
            }
            var relayed = 0
            for await done in group where done { relayed += 1 }
            return relayed
        }
    }

    /// One POST of a result to the peer's response_url; true when the peer took it.
    func relay(_ job: CommandRelayJob) async -> Bool {
        do {
            guard let token = job.token else {
                throw PeerCallError(.refused, message: "the EMSP's connection is no longer connected, or has no token to call it with", url: job.responseURL)
            }
            let headers = OutboundRouting.headers(from: PartyCode(job.tenant), to: job.peerParty)
            _ = try await client.call(
                .POST, job.responseURL, token: PeerToken(value: token, format: PeerToken.Format(rawValue: job.tokenFormat) ?? .base64),
                json: Array(job.result.utf8), headers: headers, as: JSONValue.self)
            try await store.relayed(job.id)
            return true
        } catch {
            let call = error as? PeerCallError
            let message = call?.description ?? UntrustedText.escaped("\(error)")
            let retry = Backoff.delay(step: job.attempts, first: .milliseconds(500), cap: configuration.maxBackoff)
            // An EMSP that answered, or a URL we will not call, is not asked again; one that is down is, with back-off.
            let giveUp = call.map { !$0.isRetryable } ?? false
            logger.info("command result relay failed", metadata: ["command": "\(job.id)", "error": "\(message)"])
            do {
                try await store.relayFailed(job.id, error: message, retryAfter: retry, giveUp: giveUp)
            } catch {
                logger.error("could not record a failed relay", metadata: ["command": "\(job.id)", "error": "\(error)"])
            }
            return false
        }
    }
}
