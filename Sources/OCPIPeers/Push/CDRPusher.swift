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
/// POST whose answer was lost (timeout, dropped connection, server error) stays in doubt, and the next try asks
/// the peer first: a GET of the URL it gave, else a GET of its Receiver's list. Only a peer that says it lacks the
/// CDR, or that cannot say, gets the POST again.
///
/// The CDR is read exactly as the peer's GET would read it: one that concerns another party is never sent.
public struct CDRPusher: ObjectPusher {
    public var module: ModuleID { CDRs.id }
    let store: ObjectStore<CDRs>
    let deliveries: CDRDeliveries
    let client: PeerClient

    public init(pool: PGPool, client: PeerClient) {
        self.store = ObjectStore(pool: pool)
        self.deliveries = CDRDeliveries(pool: pool)
        self.client = client
    }

    public func deliver(_ delivery: PushDelivery, to target: PushTarget, receiverURL: String) async throws {
        let address = ObjectAddress(tenant: delivery.tenant, ids: [delivery.objectID])
        let key = CDRDeliveries.Key(peer: target.peerID, cdr: address)
        let record = try await deliveries.record(key)
        if record?.delivered == true { return }
        guard
            case .found(_, let json) = try await store.sharedJSON(
                ids: address.ids, scope: .tenants([address.tenant]), parties: target.parties, version: target.version)
        else { return }  // not this peer's to read
        let headers = Self.routingHeaders(from: address.tenant, to: try DataModulePusher<CDRs>.tokenParty(of: json) ?? target.party)
        let token = PeerToken(value: target.token, format: PeerToken.Format(rawValue: target.tokenFormat) ?? .base64)
        if let record, record.inDoubt,
            let confirmation = try await check(address, record: record, receiverURL: receiverURL, token: token, headers: headers, delivery: delivery)
        {
            try await deliveries.delivered(key, locationURL: nil, by: confirmation)
            return
        }
        try await deliveries.attempting(key)
        let answer: PeerClient.Answer<JSONValue>
        do {
            answer = try await client.call(
                .POST, receiverURL, token: token, json: Array(json.utf8), headers: headers, correlationID: delivery.correlationID, as: JSONValue.self)
        } catch {
            if Self.wasAnswered(error) { try await deliveries.notTaken(key) }
            throw error
        }
        try await deliveries.delivered(key, locationURL: Self.storableLocation(answer.location, receiverURL: receiverURL), by: .post)
    }

    /// Whether the peer has a CDR whose POST's answer was lost: `.get`/`.list` when it says so, nil when it says
    /// it does not or cannot say (then it is posted again). Throws when the peer cannot be asked now (try later).
    func check(
        _ address: ObjectAddress, record: CDRDeliveries.Record, receiverURL: String, token: PeerToken, headers: [(String, String)],
        delivery: PushDelivery
    ) async throws -> CDRDeliveries.Confirmation? {
        if let url = record.locationURL {
            switch await get(url, token: token, headers: headers, correlationID: delivery.correlationID) {
            case .success(let answer): if answer.data?.object != nil { return .get }
            case .failure(let error): if error.isUnknownObject { return nil } else { throw error }
            }
        }
        switch await get(receiverURL, token: token, headers: headers, correlationID: delivery.correlationID) {
        case .failure(let error):
            if error.isRetryable { throw error }
            return nil  // it has no list to ask: post again
        case .success(let answer):
            guard case .array(let cdrs)? = answer.data else { return nil }
            let found = cdrs.contains { entry in
                guard let cdr = entry.object, case .string(let id)? = cdr["id"] else { return false }
                let sameTenant: Bool =
                    if case .string(let country)? = cdr["country_code"], case .string(let party)? = cdr["party_id"] {
                        country.uppercased() == address.tenant.countryCode && party.uppercased() == address.tenant.partyID
                    } else { true }
                return sameTenant && id.lowercased() == address.objectID.lowercased()
            }
            return found ? .list : nil
        }
    }

    /// A GET of the peer, its failure as a value.
    func get(_ url: String, token: PeerToken, headers: [(String, String)], correlationID: String) async -> Result<PeerClient.Answer<JSONValue>, PeerCallError> {
        do {
            return .success(try await client.call(.GET, url, token: token, json: nil, headers: headers, correlationID: correlationID, as: JSONValue.self))
        } catch {
            return .failure(error)
        }
    }

    /// Whether a failed POST was answered (so the peer did not take the CDR), as opposed to lost on the way back.
    /// A server error, a timeout or an answer that is not an envelope may follow a stored CDR: those stay in doubt.
    static func wasAnswered(_ error: any Error) -> Bool {
        guard let error = error as? PeerCallError else { return false }
        switch error.kind {
        case .ocpiStatus, .refused: return true
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

    static func routingHeaders(from tenant: TenantID, to party: PeerParty?) -> [(String, String)] {
        var headers = [("OCPI-from-country-code", tenant.countryCode), ("OCPI-from-party-id", tenant.partyID)]
        if let party { headers += [("OCPI-to-country-code", party.countryCode), ("OCPI-to-party-id", party.partyID)] }
        return headers
    }
}
