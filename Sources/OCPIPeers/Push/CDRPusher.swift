import NIOHTTP1
import OCPIModel
import OCPIStorage
import PGClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Posts CDRs to the EMSP they concern, exactly once per peer as far as the platform can tell. A CDRs Receiver
/// has no PUT: a second POST of a CDR would bill the driver twice. So before each POST the attempt is recorded
/// (`CDRDeliveries`); an answer records the delivery (with the `Location` the peer gave) or clears the attempt; a
/// POST whose answer was lost (timeout, dropped connection, server error, an answer that is not an envelope) stays
/// in doubt, and the next try asks the peer first: its Receiver's list (paged, from a day before the CDR; the
/// `Location` of a CDR is only known once a POST was answered). Only a peer that says it lacks the CDR gets the POST again. One that cannot say
/// (no list) keeps the CDR in doubt, and the delivery fails with a message for the operator, who settles it
/// (`settle_cdr_delivery.sql`) after asking the EMSP.
///
/// The CDR is read exactly as the peer's GET would read it: one that concerns another party, or a tenant the peer
/// is no longer granted, is never sent.
public struct CDRPusher: ObjectPusher {
    public var module: ModuleID { CDRs.id }
    let store: ObjectStore<CDRs>
    let deliveries: CDRDeliveries
    let client: PeerClient

    /// The most pages of a peer's list read to find a CDR whose POST's answer was lost.
    static let maxListPages = 20

    public init(pool: PGPool, client: PeerClient) {
        self.store = ObjectStore(pool: pool)
        self.deliveries = CDRDeliveries(pool: pool)
        self.client = client
    }

    /// What a peer says about a CDR whose POST's answer was lost.
    enum Check: Equatable {
        case has(CDRDeliveries.Confirmation)
        case lacks
        case cannotTell(String)
    }

    /// A delivery to try again later, with back-off (the peer answered a server error, or an answer was not an
    /// envelope): not a refusal, so it is not settled as failed.
    struct Deferred: Error, CustomStringConvertible {
        var description: String
    }

    public func deliver(_ delivery: PushDelivery, to target: PushTarget, receiverURL: String) async throws {
        guard target.isGranted(delivery.tenant) else { return }
        let address = ObjectAddress(tenant: delivery.tenant, ids: [delivery.objectID])
        let key = CDRDeliveries.Key(peer: target.peerID, cdr: address)
        let record = try await deliveries.record(key)
        if record?.delivered == true { return }
        guard
            case .found(_, let json) = try await store.sharedJSON(
                ids: address.ids, scope: .tenants([address.tenant]), parties: target.parties, version: target.version)
        else { return }  // not this peer's to read
        let headers = OutboundRouting.headers(from: PartyCode(address.tenant), to: (try DataModulePusher<CDRs>.tokenParty(of: json) ?? target.party)?.code)
        let token = PeerToken(value: target.token, format: PeerToken.Format(rawValue: target.tokenFormat) ?? .base64)
        let context = Context(address: address, receiverURL: receiverURL, token: token, headers: headers, correlationID: delivery.correlationID)
        if let record, record.inDoubt {
            switch try await check(context, record: record, lastUpdated: try Self.lastUpdated(of: json)) {
            case .has(let confirmation):
                try await deliveries.delivered(key, locationURL: nil, by: confirmation)
                return
            case .lacks:
                try await deliveries.notTaken(key)
            case .cannotTell(let reason):
                throw PeerCallError(
                    .invalidResponse,
                    message: "a POST of CDR \(address.objectID) of \(address.tenant) went unanswered and the peer cannot say whether it has it "
                        + "(\(reason)); it is not posted again: ask the EMSP, then settle it with sql/admin/settle_cdr_delivery.sql",
                    url: receiverURL)
            }
        }
        guard try await deliveries.attempting(key) else { return }
        let answer: PeerClient.Answer<JSONValue>
        do {
            answer = try await client.call(
                .POST, receiverURL, token: token, json: Array(json.utf8), headers: headers, correlationID: delivery.correlationID, as: JSONValue.self)
        } catch {
            if Self.wasAnswered(error) { try await deliveries.notTaken(key) }
            if case .ocpiStatus(let code) = error.kind, (3000..<4000).contains(code) {
                throw Deferred(description: "\(error.description); tried again later")
            }
            if error.kind == .invalidResponse {
                throw Deferred(description: "\(error.description); the CDR may have been taken: the peer is asked before it is posted again")
            }
            throw error
        }
        try await deliveries.delivered(key, locationURL: Self.storableLocation(answer.location, receiverURL: receiverURL), by: .post)
    }

    /// Where and how to ask the peer about one CDR.
    struct Context {
        var address: ObjectAddress
        var receiverURL: String
        var token: PeerToken
        var headers: [(String, String)]
        var correlationID: String
    }

    /// Whether the peer has a CDR whose POST's answer was lost. Throws when the peer cannot be asked now (it is
    /// down, or refuses our token): the delivery is tried again later.
    func check(_ context: Context, record: CDRDeliveries.Record, lastUpdated: DateTime?) async throws -> Check {
        // No `Location` is known here: a peer gives one only in the answer to a POST, and an answered POST is a
        // delivery. Its list is what can be asked.
        var url = Self.listURL(context.receiverURL, from: lastUpdated ?? record.attemptedAt)
        for _ in 0..<Self.maxListPages {
            let answer: PeerClient.Answer<JSONValue>
            switch await get(url, context) {
            case .success(let success): answer = success
            case .failure(let error):
                if error.failsThePeer { throw error }
                return .cannotTell("its CDRs Receiver serves no list: \(error.message)")
            }
            guard case .array(let cdrs)? = answer.data else { return .cannotTell("its CDRs Receiver's list is not a list") }
            if cdrs.contains(where: { Self.isThe(context.address, $0) }) { return .has(.list) }
            guard let next = Self.nextPage(answer.link) else { return .lacks }
            guard CDRPusher.origin(of: next) == CDRPusher.origin(of: context.receiverURL) else {
                return .cannotTell("its list continues on another host, which is not followed")
            }
            url = next
        }
        return .cannotTell("its list is longer than \(Self.maxListPages) pages")
    }

    /// A GET of the peer, its failure as a value.
    func get(_ url: String, _ context: Context) async -> Result<PeerClient.Answer<JSONValue>, PeerCallError> {
        do {
            return .success(
                try await client.call(.GET, url, token: context.token, json: nil, headers: context.headers, correlationID: context.correlationID, as: JSONValue.self))
        } catch {
            return .failure(error)
        }
    }

    /// The Receiver's list from a day before `date` (the peer keeps our `last_updated`, or its own time of receipt).
    static func listURL(_ receiverURL: String, from date: DateTime?) -> String {
        guard let date else { return receiverURL }
        let from = DateTime(millisecondsSinceEpoch: date.millisecondsSinceEpoch - 86_400_000)
        return receiverURL + (receiverURL.contains("?") ? "&" : "?") + "date_from=" + PercentEncoding.encode(from.description, keeping: [])
    }

    /// Whether a list entry is this CDR: its id, and its tenant when the entry names one.
    static func isThe(_ address: ObjectAddress, _ entry: JSONValue) -> Bool {
        guard let cdr = entry.object, case .string(let id)? = cdr["id"], id.lowercased() == address.objectID.lowercased() else { return false }
        if case .string(let country)? = cdr["country_code"], case .string(let party)? = cdr["party_id"] {
            return country.uppercased() == address.tenant.countryCode && party.uppercased() == address.tenant.partyID
        }
        return true
    }

    /// The `rel="next"` URL of a `Link` header.
    static func nextPage(_ link: String?) -> String? {
        guard let link else { return nil }
        for part in link.split(separator: ",") where part.contains("rel=\"next\"") || part.contains("rel=next") {
            guard let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">"), open < close else { continue }
            return String(part[part.index(after: open)..<close])
        }
        return nil
    }

    static func lastUpdated(of json: String) throws -> DateTime? {
        guard case .string(let text)? = try OCPIJSON.decoder.decode(JSONValue.self, from: Data(json.utf8)).object?["last_updated"] else { return nil }
        return DateTime(text)
    }

    /// Whether a failed POST was answered (so the peer did not take the CDR), as opposed to lost on the way back.
    /// A server error (HTTP 5xx, or OCPI 3xxx), a timeout or an answer that is not an envelope may follow a stored
    /// CDR: those stay in doubt.
    static func wasAnswered(_ error: PeerCallError) -> Bool {
        switch error.kind {
        case .ocpiStatus(let code): return !(3000..<4000).contains(code)
        case .refused: return true
        case .httpStatus(let status): return !error.isRetryable && (400..<500).contains(status)
        case .unreachable, .invalidResponse: return false
        }
    }

    /// The `Location` a peer gave, kept only when it is an absolute URL (or a path) on the Receiver's own origin:
    /// a peer must not steer our later GETs to another host. Bounded to 512 characters, as OCPI URLs are.
    static func storableLocation(_ location: String?, receiverURL: String) -> String? {
        guard let location, !location.isEmpty, location.utf8.count <= 512,
            location.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return nil }
        guard let receiverOrigin = origin(of: receiverURL) else { return nil }
        if location.hasPrefix("/"), !location.hasPrefix("//") { return receiverOrigin + location }
        guard origin(of: location) == receiverOrigin else { return nil }
        return location
    }

    /// `scheme://host[:port]`, lower-cased, of an http(s) URL.
    static func origin(of url: String) -> String? {
        let lowered = url.lowercased()
        guard let scheme = ["https://", "http://"].first(where: lowered.hasPrefix) else { return nil }
        let rest = lowered.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        return scheme + authority
    }

}
