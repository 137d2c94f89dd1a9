import Logging
import NIOHTTP1
import OCPIModel
import OCPIStorage
import ServiceLifecycle

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Performs the handshakes an operator asked for with `connect_peer.sql`, and discovers the endpoints of peers
/// registered by hand, as a service: woken by `ocpi_peers_pending` notifications, and by a timer for retries.
///
/// A handshake: read their versions with their token A, pick the highest version both speak, read its details,
/// POST our credentials with a fresh token B, store the token C they answer. Network failures (and 5xx answers)
/// are retried with exponential back-off and jitter; any other refusal is recorded and ends the attempt.
public final class PeerConnector: Service, Sendable {
    let store: PeerStore
    let discovery: PeerDiscovery
    let client: PeerClient
    let versionsURL: String
    let logger: Logger
    let maxAttempts: Int
    private let doorbell = Doorbell()

    public init(store: PeerStore, client: PeerClient, versionsURL: String, logger: Logger, maxAttempts: Int = 20) {
        self.store = store
        self.client = client
        self.discovery = PeerDiscovery(client: client)
        self.versionsURL = versionsURL
        self.logger = logger
        self.maxAttempts = maxAttempts
    }

    /// Asks the connector to look for due work now.
    public func wake() {
        doorbell.ring()
    }

    public func run() async throws {
        // Sleep until woken, or until the next retry is due (at most 30 s, to notice missed wake-ups).
        await runPasses(
            doorbell: doorbell, logger: logger, name: "peer connector", shortest: .zero, longest: .seconds(30),
            pass: { _ = try await self.runOnce() }, nextDue: { try await self.store.nextDueDate() })
    }

    /// Processes every connection due now; returns how many were processed.
    @discardableResult
    public func runOnce() async throws -> Int {
        let due = try await store.claimDuePeers()
        // Concurrently: one slow peer (calls of up to both timeouts each) must not hold the others past their lease.
        await withDiscardingTaskGroup { group in
            for peer in due {
                group.addTask {
                    if peer.state == .handshakePending {
                        await self.handshake(peer)
                    } else {
                        await self.discover(peer)
                    }
                }
            }
        }
        return due.count
    }

    private func handshake(_ peer: PeerConnection) async {
        guard let versionsURL = peer.versionsURL, let tokenA = peer.token else {
            await fail(peer, RegistrationError.invalidCredentials(["no versions URL or token A recorded"]), retryable: false)
            return
        }
        var issuedTokenID: Int64?
        do {
            let found = try await discovery.discover(
                versionsURL: versionsURL, token: PeerToken(value: tokenA, format: .base64), wanted: nil, among: peer.versionsWeOffer)
            let (tokenB, tokenID) = try await store.issueHandshakeToken(for: peer.id)
            issuedTokenID = tokenID
            let ours = Credentials(token: tokenB, url: self.versionsURL, roles: try await store.ourRoles(for: peer.id))
            let answer: PeerClient.Answer<Credentials>
            do {
                answer = try await client.call(
                    .POST, found.credentialsURL, token: PeerToken(value: tokenA, format: found.tokenFormat), body: ours, as: Credentials.self)
            } catch {
                throw RegistrationError.peerUnreachable(error)
            }
            guard let theirs = answer.data else {
                throw RegistrationError.invalidCredentials(["their answer to our credentials POST carries no credentials"])
            }
            let problems = theirs.problems()
            guard problems.isEmpty else { throw RegistrationError.invalidCredentials(problems) }
            let stored = try await store.completeHandshake(
                PeerRegistration(
                    token: theirs.token, tokenFormat: answer.tokenFormat.rawValue, versionsURL: versionsURL, version: found.version,
                    endpoints: found.endpoints, roles: theirs.roles, hubPartyID: theirs.hubPartyID),
                peer: peer.id)
            guard stored else {
                logger.info("peer was disconnected during the handshake; its outcome is not stored", metadata: ["peer.id": "\(peer.id)"])
                try? await store.withdrawToken(tokenID)
                return
            }
            logger.info("registered with peer", metadata: ["peer.id": "\(peer.id)", "peer.version": "\(found.version)"])
        } catch {
            if let issuedTokenID { try? await store.withdrawToken(issuedTokenID) }
            await fail(peer, error, retryable: Self.isRetryable(error))
        }
    }

    private func discover(_ peer: PeerConnection) async {
        guard let versionsURL = peer.versionsURL, let token = peer.token else { return }
        do {
            let format = PeerToken.Format(rawValue: peer.tokenFormat) ?? .base64
            let found = try await discovery.discover(
                versionsURL: versionsURL, token: PeerToken(value: token, format: format), wanted: nil, among: peer.versionsWeOffer)
            if try await !store.completeHandshake(
                PeerRegistration(
                    token: token, tokenFormat: found.tokenFormat.rawValue, versionsURL: versionsURL, version: found.version,
                    endpoints: found.endpoints, roles: nil, hubPartyID: nil),
                peer: peer.id)
            {
                logger.info("peer was disconnected during discovery; its outcome is not stored", metadata: ["peer.id": "\(peer.id)"])
            }
        } catch {
            await fail(peer, error, retryable: Self.isRetryable(error))
        }
    }

    private func fail(_ peer: PeerConnection, _ error: any Error, retryable: Bool) async {
        let message = (error as? RegistrationError)?.message ?? UntrustedText.escaped("\(error)")
        let retry = retryable && peer.attempts + 1 < maxAttempts ? Self.backoff(attempt: peer.attempts) : nil
        logger.warning(
            "peer handshake failed", metadata: ["peer.id": "\(peer.id)", "error": "\(message)", "retry": "\(retry.map { "\($0)" } ?? "no")"])
        do {
            try await store.recordFailure(peer.id, message: retry == nil && retryable ? "gave up after \(peer.attempts + 1) attempts: \(message)" : message, retryAfter: retry)
        } catch {
            logger.error("could not record a peer failure", metadata: ["peer.id": "\(peer.id)", "error": "\(error)"])
        }
    }

    static func isRetryable(_ error: any Error) -> Bool {
        if case .peerUnreachable(let call) = error as? RegistrationError { return call.isRetryable }
        return !(error is RegistrationError)
    }

    /// 1 s, 2 s, 4 s … capped at 5 minutes, with up to 25% jitter so that many peers do not retry in step.
    static func backoff(attempt: Int) -> Duration {
        Backoff.delay(step: attempt, first: .seconds(1), cap: .seconds(300))
    }
}
