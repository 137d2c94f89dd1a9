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

/// Pulls each EMSP connection's tokens from its Tokens Sender, as a service: when the connection is new (or gains a
/// Tokens Sender), then every `interval` with `date_from` = the start of its last complete pull (less a margin for
/// the clocks), following `Link` pages to the end. Only the tokens of the parties the connection speaks for are
/// taken, each through the pipeline's writer, so a pulled token older than the stored one (an EMSP's later push)
/// never replaces it. Progress and the last error are in `token_syncs` (`list_peers.sql`).
public final class TokenSync: Service, Sendable {
    public struct Configuration: Sendable {
        /// Between two complete pulls of a connection (`TOKENS_SYNC_MINUTES`).
        public var interval: Duration
        /// How long a claim lasts without progress; renewed after every page.
        public var lease: Duration
        /// Tokens asked for per page (the EMSP may send fewer).
        public var pageLimit: Int
        /// The most pages one pull follows.
        public var maxPages: Int
        /// The longest one pull may take: a slow Sender holds this instance's other pulls for at most this long.
        public var maxDuration: Duration

        public init(
            interval: Duration = .seconds(3600), lease: Duration = .seconds(120), pageLimit: Int = 1000, maxPages: Int = 10_000,
            maxDuration: Duration = .seconds(900)
        ) {
            self.interval = interval
            self.lease = lease
            self.pageLimit = pageLimit
            self.maxPages = maxPages
            self.maxDuration = maxDuration
        }
    }

    /// What one pull did.
    public struct Outcome: Sendable, Hashable {
        public var pages = 0
        public var stored = 0
        public var keptNewer = 0
        public var refused = 0
        /// The first refusal, for the operator.
        public var firstRefusal: String?
    }

    let store: TokenSyncStore
    let writer: ObjectWriter<Tokens>
    let client: PeerClient
    let configuration: Configuration
    let logger: Logger
    private let doorbell = Doorbell()

    public init(pool: PGPool, client: PeerClient, configuration: Configuration = Configuration(), logger: Logger) {
        self.store = TokenSyncStore(pool: pool)
        self.writer = ObjectWriter(pool: pool)
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// Asks the service to look for due pulls now (a connection changed).
    public func wake() {
        doorbell.ring()
    }

    public func run() async throws {
        await runPasses(
            doorbell: doorbell, logger: logger, name: "token pull", shortest: .seconds(1), longest: .seconds(30),
            pass: { _ = try await self.runOnce() }, nextDue: { try await self.store.nextDueDate() })
    }

    /// Pulls from every connection due now (only `peer`, when given), at once; returns what each pull did (nil for
    /// one that failed).
    @discardableResult
    public func runOnce(peer: PeerID? = nil) async throws -> [PeerID: Outcome?] {
        let claims = try await store.claimDue(lease: configuration.lease, peer: peer)
        return await withTaskGroup(of: (PeerID, Outcome?).self) { group in
            for claim in claims {
                group.addTask { (claim.peerID, await self.pull(claim)) }
            }
            var outcomes: [PeerID: Outcome?] = [:]
            for await (peer, outcome) in group { outcomes[peer] = outcome }
            return outcomes
        }
    }

    /// One pull, to the end of the list or the first failure. A failure (the Sender, the database, the deadline)
    /// keeps `date_from` where the last complete pull left it, so nothing is skipped.
    func pull(_ claim: TokenSyncStore.Claim) async -> Outcome? {
        let started = DateTime.now()
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.maxDuration
        var outcome = Outcome()
        do {
            var url: String? = Self.firstPage(claim.connection.tokensURL, since: claim.since, limit: configuration.pageLimit)
            var seen: Set<String> = []
            while let page = url {
                guard outcome.pages < configuration.maxPages else {
                    throw PeerCallError(.invalidResponse, message: "the list is longer than \(configuration.maxPages) pages", url: page)
                }
                guard seen.insert(page).inserted else {
                    throw PeerCallError(.invalidResponse, message: "the list's Link leads back to a page already read", url: page)
                }
                guard clock.now < deadline else {
                    throw PeerCallError(.unreachable, message: "the pull took longer than \(configuration.maxDuration)", url: page)
                }
                let answer = try await client.call(
                    .GET, page, token: PeerToken(value: claim.connection.token, format: PeerToken.Format(rawValue: claim.connection.tokenFormat) ?? .base64),
                    json: nil, headers: Self.routing(claim), as: [JSONValue].self)
                outcome.pages += 1
                for entry in answer.data ?? [] {
                    try await take(entry, claim: claim, into: &outcome)
                }
                guard try await store.progress(
                    claim, pages: outcome.pages, stored: outcome.stored, keptNewer: outcome.keptNewer, refused: outcome.refused,
                    lease: configuration.lease)
                else {
                    logger.info("token pull stopped: its claim was lost or the connection changed", metadata: ["peer": "\(claim.peerID)"])
                    return nil
                }
                url = try Self.next(answer.link, after: page)
            }
            // The next pull asks from a little before this one started: the EMSP's clock may differ from ours, and a
            // token read twice is written once more with the same last_updated.
            let since = DateTime(millisecondsSinceEpoch: started.millisecondsSinceEpoch - 300_000)
            let note = outcome.firstRefusal.map { "last pull refused \(outcome.refused) token(s); the first: \($0)" }
            try await store.finish(claim, since: since, interval: configuration.interval, note: note)
            logger.info(
                "pulled tokens", metadata: ["peer": "\(claim.peerID)", "pages": "\(outcome.pages)", "stored": "\(outcome.stored)"])
            return outcome
        } catch {
            let message = (error as? PeerCallError)?.description ?? UntrustedText.escaped("\(error)")
            let retry = Backoff.delay(step: claim.consecutiveFailures, first: .seconds(30), cap: configuration.interval)
            logger.warning("token pull failed", metadata: ["peer": "\(claim.peerID)", "error": "\(message)"])
            do {
                try await store.fail(claim, message: "after \(outcome.pages) page(s): \(message)", retryAfter: retry)
            } catch {
                logger.error("could not record a failed token pull", metadata: ["peer": "\(claim.peerID)", "error": "\(error)"])
            }
            return nil
        }
    }

    /// Stores one token of the list, if it is one of the connection's parties' and valid; a stored token that is
    /// newer is kept. A token the spec or the connection refuses is counted and skipped; any other error (the
    /// database) fails the pull.
    func take(_ entry: JSONValue, claim: TokenSyncStore.Claim, into outcome: inout Outcome) async throws {
        func refuse(_ why: String) {
            outcome.refused += 1
            if outcome.firstRefusal == nil { outcome.firstRefusal = UntrustedText.escaped(why, limit: 300) }
        }
        guard let data = try? OCPIJSON.encoder.encode(entry), let draft = try? Tokens.decodeBody(data, depth: 1) else {
            return refuse("an entry that is not a Token object")
        }
        guard let country = draft.countryCode, let party = draft.partyID, let uid = draft.uid, let type = draft.type,
            let owner = TenantID(countryCode: country, partyID: party)
        else { return refuse("a token without country_code, party_id, uid or type") }
        guard claim.parties.contains(PartyCode(countryCode: country, partyID: party)) else {
            return refuse("token \(uid) of party \(owner), which this connection does not speak for")
        }
        guard URLSegment.isAddressable(uid), uid.utf8.count <= Tokens.idLength else {
            return refuse("token uid \(uid) is not 1 to 36 printable ASCII characters without '/'")
        }
        let key: TokenKey
        do {
            key = try TokenKey(uid: uid, typeParameter: type.rawValue, version: claim.connection.version)
        } catch {
            return refuse("token \(uid): \(error.message)")
        }
        let context = ObjectContext(version: claim.connection.version, defaultLastUpdated: nil, timeZones: nil)
        do {
            _ = try await writer.write(
                ObjectWrite(method: .put, address: ObjectAddress(tenant: owner, ids: [key.storedID]), body: draft, context: context))
            outcome.stored += 1
        } catch ObjectWriteError.stale {
            outcome.keptNewer += 1
        } catch ObjectWriteError.invalid(let validation) {
            refuse("token \(uid): \(validation.message)")
        } catch ObjectWriteError.mismatch(let field, let given, _, _) {
            refuse("token \(uid): \(field) \(given) does not match")
        }
    }

    /// `{tokens_url}?date_from=…&limit=…` (no `date_from` on the first pull).
    static func firstPage(_ tokensURL: String, since: DateTime?, limit: Int) -> String {
        var query = "limit=\(limit)"
        if let since { query = "date_from=" + PercentEncoding.encode(since.description) + "&" + query }
        return tokensURL + (tokensURL.contains("?") ? "&" : "?") + query
    }

    /// The next page named by `Link`, on the same origin as the page that named it; nil at the end.
    static func next(_ link: String?, after page: String) throws(PeerCallError) -> String? {
        guard let next = CDRPusher.nextPage(link) else { return nil }
        guard CDRPusher.origin(of: next) == CDRPusher.origin(of: page) else {
            throw PeerCallError(.refused, message: "the list continues on another host, which is not followed", url: next)
        }
        return next
    }

    /// `OCPI-to-*` names the connection's party when it speaks for one; `OCPI-from-*` the first tenant it is granted.
    static func routing(_ claim: TokenSyncStore.Claim) -> [(String, String)] {
        OutboundRouting.headers(from: claim.fromTenant.map(PartyCode.init), to: claim.parties.count == 1 ? claim.parties.first : nil)
    }
}
