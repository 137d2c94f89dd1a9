import AsyncHTTPClient
import Logging
import NIOHTTP1
import OCPIModel
import OCPIStorage

/// Answers a tenant's back-office "may this token charge?" with one call: from the stored token where its whitelist
/// allows, else by asking the owning EMSP in real time, and records every decision (`TokenLookup.record`).
///
/// | whitelist | decided |
/// | --- | --- |
/// | ALWAYS | from the stored token: valid → ALLOWED, else NOT_ALLOWED |
/// | ALLOWED | from the stored token when it is valid, else in real time |
/// | ALLOWED_OFFLINE | in real time; from the stored token when the EMSP cannot be reached |
/// | NEVER | in real time |
///
/// A token the platform does not store is asked of its EMSP only when exactly one party could own it (one party
/// among the connections granted to the tenant with a Tokens Sender); with several, none is guessed.
public struct TokenAuthorizer: Sendable {
    /// What the back-office is answered.
    public enum Outcome: Sendable, Hashable {
        /// An AuthorizationInfo, the EMSP's or the platform's from the stored token.
        case answered(AuthorizationInfo, source: AuthorizationSource)
        /// No EMSP knows the token (HTTP 404, 2004, as an EMSP answers).
        case unknownToken(String)
        /// Nothing could be decided: the EMSP that must be asked could not be reached, or answered out of the spec.
        case undecided(String)
    }

    let lookup: TokenLookup
    let client: PeerClient
    /// How long a real-time call may take (`AUTHORIZE_TIMEOUT_MS`).
    let timeout: Duration
    let logger: Logger

    public init(lookup: TokenLookup, client: PeerClient, timeout: Duration = .milliseconds(3000), logger: Logger) {
        self.lookup = lookup
        self.client = client
        self.timeout = timeout
        self.logger = logger
    }

    /// Decides, records the decision, and returns it. `location` must already be the tenant's own.
    public func authorize(tenant: TenantID, key: TokenKey, location: LocationReferences?) async throws -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        let (outcome, record) = try await decide(tenant: tenant, key: key, location: location)
        var finished = record
        finished.latency = clock.now - start
        do {
            try await lookup.record(finished)
        } catch {
            // The answer stands; the record is the operator's, and its loss is logged.
            logger.error("could not record an authorization", metadata: ["error": "\(error)", "tenant": "\(tenant)"])
        }
        return outcome
    }

    func decide(tenant: TenantID, key: TokenKey, location: LocationReferences?) async throws -> (Outcome, AuthorizationRecord) {
        var record = AuthorizationRecord(
            tenant: tenant, key: key, party: nil, peerID: nil, location: location, allowed: nil, source: .none, outcome: .unknownToken,
            authorizationReference: nil, latency: .zero, detail: nil)
        let found = try await lookup.storedTokens(tenant: tenant, key: key)
        guard !found.isEmpty else {
            return try await askUnknown(tenant: tenant, key: key, location: location, record: record)
        }
        // The token is some EMSP's: nobody else is asked about it, and one EMSP's copy never decides for another's.
        let usable = found.filter(\.usable)
        guard usable.count == 1, let stored = usable.first else {
            if usable.count > 1 {
                let parties = usable.map(\.party.description).joined(separator: ", ")
                record.outcome = .ambiguous
                record.detail = "stored by \(parties)"
                return (.undecided("token \(key) is stored by several EMSP parties granted to \(tenant) (\(parties)); none is guessed"), record)
            }
            if let waiting = found.first(where: \.waiting) {
                record.party = waiting.party
                record.outcome = .emspUnreachable
                record.detail = "its EMSP's connection is not connected"
                return (.undecided("token \(key) belongs to EMSP \(waiting.party), whose connection is not connected"), record)
            }
            record.detail = "stored by an EMSP not granted to the tenant"
            return (.unknownToken("unknown token \(key)"), record)
        }
        record.party = stored.party
        let token = stored.token
        switch token.whitelist {
        case .always:
            return fromStored(token, location: location, source: .stored, record: record)
        case .allowed where token.valid:
            return fromStored(token, location: location, source: .stored, record: record)
        default:
            break
        }
        guard let holder = stored.holder else {
            let message = "the token's EMSP \(stored.party) has no Tokens Sender interface to ask"
            if token.whitelist == .allowedOffline {
                record.detail = message
                return fromStored(token, location: location, source: .storedOffline, record: record)
            }
            record.outcome = .emspUnreachable
            record.detail = message
            return (.undecided("whitelist \(token.whitelist) requires asking the EMSP, but \(message)"), record)
        }
        record.peerID = holder.peerID
        switch await ask(holder, party: stored.party, tenant: tenant, key: key, location: location) {
        case .success(let info):
            return answered(info, record: record)
        case .failure(let error) where error.isUnknownToken:
            record.detail = error.message
            return (.unknownToken("the token's EMSP \(stored.party) does not know token \(key)"), record)
        case .failure(let error):
            record.detail = error.message
            if token.whitelist == .allowedOffline, error.isPeerOutage {
                return fromStored(token, location: location, source: .storedOffline, record: record)
            }
            record.outcome = error.isPeerOutage ? .emspUnreachable : .emspRefused
            return (.undecided("could not ask the token's EMSP \(stored.party): \(error.message)"), record)
        }
    }

    /// A token no EMSP stores: asked of its EMSP only when exactly one EMSP party granted to the tenant could own it
    /// (counting every granted connection, in any state, with a Tokens Sender or not), and that party's connection
    /// can be asked.
    func askUnknown(
        tenant: TenantID, key: TokenKey, location: LocationReferences?, record: AuthorizationRecord
    ) async throws -> (Outcome, AuthorizationRecord) {
        var record = record
        let owners = try await lookup.possibleOwners(tenant: tenant)
        guard owners.count == 1, let (party, connection) = owners.first.map({ ($0.key, $0.value) }), let holder = connection else {
            let why =
                switch owners.count {
                case 0: "no EMSP granted to \(tenant) has pushed it"
                case 1: "no EMSP has pushed it, and its only possible EMSP \(owners.keys.first!) has no Tokens Sender to ask"
                default:
                    "no EMSP has pushed it, and \(owners.count) EMSP parties granted to \(tenant) could own it "
                        + "(\(owners.keys.sorted().map(\.description).joined(separator: ", "))); none is guessed"
                }
            record.detail = why
            return (.unknownToken("unknown token \(key): \(why)"), record)
        }
        record.party = party
        record.peerID = holder.peerID
        switch await ask(holder, party: party, tenant: tenant, key: key, location: location) {
        case .success(let info):
            return answered(info, record: record)
        case .failure(let error) where error.isUnknownToken:
            record.detail = error.message
            return (.unknownToken("unknown token \(key): its only possible EMSP \(party) does not know it"), record)
        case .failure(let error):
            record.detail = error.message
            record.outcome = error.isPeerOutage ? .emspUnreachable : .emspRefused
            return (.undecided("the token is not stored, and its only possible EMSP \(party) could not be asked: \(error.message)"), record)
        }
    }

    func fromStored(
        _ token: Token, location: LocationReferences?, source: AuthorizationSource, record: AuthorizationRecord
    ) -> (Outcome, AuthorizationRecord) {
        var record = record
        let info = AuthorizationInfo(allowed: token.valid ? .allowed : .notAllowed, token: token, location: token.valid ? location : nil)
        record.allowed = info.allowed
        record.source = source
        record.outcome = .answered
        return (.answered(info, source: source), record)
    }

    func answered(_ info: AuthorizationInfo, record: AuthorizationRecord) -> (Outcome, AuthorizationRecord) {
        var record = record
        record.allowed = info.allowed
        record.source = .realTime
        record.outcome = .answered
        record.authorizationReference = info.authorizationReference
        return (.answered(info, source: .realTime), record)
    }

    /// What makes an EMSP's answer not an answer to the question asked: another token or party (sessions and CDRs
    /// would follow it to that party), or a location or EVSEs that were not asked about.
    static func mismatch(_ info: AuthorizationInfo, party: PartyCode, key: TokenKey, location: LocationReferences?) -> String? {
        let token = info.token
        guard token.uid.lowercased() == key.uid.lowercased(), token.type.normalized == key.type.normalized else {
            return "is about token \(token.uid) (\(token.type)), not \(key)"
        }
        guard PartyCode(countryCode: token.countryCode, partyID: token.partyID) == party else {
            return "names party \(token.countryCode)*\(token.partyID), not \(party)"
        }
        guard let answered = info.location else { return nil }
        guard let asked = location, answered.locationID.lowercased() == asked.locationID.lowercased() else {
            return "names location \(answered.locationID), which was not asked about"
        }
        let askedEVSEs = Set((asked.evseUIDs ?? []).map { $0.lowercased() })
        if let extra = (answered.evseUIDs ?? []).first(where: { !askedEVSEs.contains($0.lowercased()) }) {
            return "allows EVSE \(extra), which was not asked about"
        }
        return nil
    }

    /// `POST {tokens_url}/{uid}/authorize?type=…` to the EMSP, with the location (only the EVSEs named), routing
    /// headers from the tenant to the token's party, within `timeout`. An answer that breaks the spec counts as a
    /// refusal.
    func ask(
        _ holder: EMSPConnection, party: PartyCode, tenant: TenantID, key: TokenKey, location: LocationReferences?
    ) async -> Result<AuthorizationInfo, PeerCallError> {
        let url = PercentEncoding.url(holder.tokensURL, appending: [key.uid, "authorize"]) + "?type=" + PercentEncoding.encode(key.type.rawValue)
        let headers = OutboundRouting.headers(from: PartyCode(tenant), to: party)
        let token = PeerToken(value: holder.token, format: PeerToken.Format(rawValue: holder.tokenFormat) ?? .base64)
        do {
            let answer = try await client.call(
                .POST, url, token: token, body: location, headers: headers, timeout: timeout, as: AuthorizationInfo.self)
            guard let info = answer.data else {
                return .failure(PeerCallError(.invalidResponse, message: "the EMSP's answer carries no AuthorizationInfo", url: url))
            }
            do {
                try info.validate(for: holder.version)
            } catch {
                return .failure(PeerCallError(.invalidResponse, message: "the EMSP's AuthorizationInfo breaks the spec: \(error.message)", url: url))
            }
            if let mismatch = Self.mismatch(info, party: party, key: key, location: location) {
                return .failure(PeerCallError(.invalidResponse, message: "the EMSP's AuthorizationInfo \(mismatch)", url: url))
            }
            return .success(info)
        } catch {
            logger.info("real-time authorization failed", metadata: ["peer": "\(holder.peerID)", "error": "\(error.message)"])
            return .failure(error)
        }
    }
}
