import NIOHTTP1
import OCPIModel
import OCPIStorage
import PGClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Pushes any object module: turns a delivery into the Receiver calls the spec describes. PUT of the whole object
/// for new or replaced ones, PATCH of the changed fields plus `last_updated` otherwise (a PUT when the peer's
/// version cannot show a changed field), the object rendered as it is *now* for the peer's version; DELETE of a
/// deleted object (an answer that it is unknown counts as done: it is gone either way). A PATCH
/// answered "unknown object" is followed by a PUT; a part's PUT answered the same, by a PUT of the whole object.
/// Routing headers name the tenant (from) and the peer's party (to).
///
/// The object is read exactly as the peer's GET would read it (`ObjectStore.sharedJSON`, scoped to the tenant):
/// an object the peer may not read is never sent. A hidden object's last PUT is the document recorded when it was
/// hidden, which holds nothing written since.
public struct DataModulePusher<Module: DataModule>: ObjectPusher {
    public var module: ModuleID { Module.id }
    let store: ObjectStore<Module>
    let client: PeerClient

    public init(store: ObjectStore<Module>, client: PeerClient) {
        self.store = store
        self.client = client
    }

    public func deliver(_ delivery: PushDelivery, to target: PushTarget, receiverURL: String) async throws {
        // Sessions reach only peers still granted their tenant (their grants may have changed since the change).
        if Module.readers == .tokenPartyAtGrantedTenants, !target.isGranted(delivery.tenant) { return }
        let address = ObjectAddress(tenant: delivery.tenant, ids: [delivery.objectID] + delivery.subIDs)
        let receiver = Receiver(url: receiverURL, target: target, correlationID: delivery.correlationID)
        var kind = delivery.kind
        if case .withdraw(let documents) = kind {
            try await sendWithdrawal(documents, of: address.object, to: receiver)
            return
        }
        if case .delete = kind {
            try await sendDeletion(of: address.object, to: receiver)
            return
        }
        // A PATCH carrying lists of parts has no agreed meaning (ocpi/ocpi#285): send the whole object.
        let partLists = Set(Module.partPath.map(\.list))
        if case .patch(let fields) = kind, fields.contains(where: partLists.contains) { kind = .replace }
        // A PATCH that appends (a session's charging periods) is not idempotent: the Receiver appends what it
        // carries. Tried before (its answer may have been lost after the peer applied it), it becomes a PUT of the
        // whole object; refused, it is followed by a PUT, so the periods it carried are not lost.
        let appends = delivery.appends
        if appends && delivery.retried { kind = .replace }
        do {
            try await send(kind, at: address, to: receiver)
        } catch let error as PeerCallError where appends && !error.isUnknownObject && !error.failsThePeer {
            try await send(.replace, at: address, to: receiver)
        } catch let error as PeerCallError where error.isUnknownObject {
            if case .patch = kind {
                do {
                    try await send(.replace, at: address, to: receiver)
                    return
                } catch let again as PeerCallError where again.isUnknownObject && !address.partIDs.isEmpty {
                    // fall through to the whole object
                }
            } else if address.partIDs.isEmpty {
                throw error
            }
            try await send(.replace, at: address.object, to: receiver)
        }
    }

    /// Where one delivery goes.
    struct Receiver {
        var url: String
        var target: PushTarget
        var correlationID: String
    }

    func send(_ kind: PushDelivery.Kind, at address: ObjectAddress, to receiver: Receiver) async throws {
        let target = receiver.target
        // What the peer may read now; nothing when it may not (a later delivery hides it, or it never saw it).
        guard
            case .found(_, let json) = try await store.sharedJSON(
                ids: address.ids, scope: .tenants([address.tenant]), parties: target.parties, version: target.version)
        else {
            // Gone altogether: deleted after this change was queued, and the deletion's own delivery was folded
            // into this one (a resync that raced it). The peer must still hear of it.
            if Module.ownerMethods.contains(.delete), address.partIDs.isEmpty,
                try await store.ownerObject(at: address) == nil
            {
                try await sendDeletion(of: address, to: receiver)
            }
            return
        }
        var body = Array(json.utf8)
        var method = HTTPMethod.PUT
        let reader = Module.readers == .tokenPartyAtGrantedTenants ? try Self.tokenParty(of: json) : nil
        if case .patch(let fields) = kind {
            let object = try OCPIJSON.decoder.decode(JSONValue.self, from: Data(json.utf8)).object ?? [:]
            // A changed field the peer's version does not show (a 2.3.0 value 2.2.1 lacks, say) cannot be PATCHed
            // away: the peer would keep its old value. The whole object replaces it instead.
            if fields.allSatisfy({ object[PatchField.base($0)] != nil }) {
                method = .PATCH
                body = Array(try OCPIJSON.encoder.encode(Self.patchBody(object, fields: fields)))
            }
        }
        try await call(method, body, at: address, to: receiver, party: reader)
    }

    /// The fields of a PATCH, with `last_updated`; a list named by its appended entries (`charging_periods[3:5]`)
    /// carries those entries only, from the first to the last any coalesced change appended.
    static func patchBody(_ object: [String: JSONValue], fields: [String]) -> [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        var appended: [String: Range<Int>] = [:]
        for field in fields {
            if let (list, range) = PatchField.appendedEntries(field) {
                let known = appended[list] ?? range
                appended[list] = min(known.lowerBound, range.lowerBound)..<max(known.upperBound, range.upperBound)
            } else {
                body[field] = object[field]
            }
        }
        for (list, range) in appended where body[list] == nil {
            // The entries the coalesced changes appended, not any a later write appended since (its own delivery
            // carries those).
            if case .array(let entries)? = object[list] {
                body[list] = .array(Array(entries[min(range.lowerBound, entries.count)..<min(range.upperBound, entries.count)]))
            }
        }
        body["last_updated"] = object["last_updated"]
        return body
    }

    /// The party a Session or CDR concerns, read from its rendered document: pushes name it in OCPI-to-*.
    static func tokenParty(of json: String) throws -> PeerParty? {
        let token = try OCPIJSON.decoder.decode(JSONValue.self, from: Data(json.utf8)).object?["cdr_token"]?.object
        guard case .string(let country)? = token?["country_code"], case .string(let party)? = token?["party_id"] else { return nil }
        return PeerParty(role: "EMSP", countryCode: country, partyID: party)
    }

    /// DELETE of a whole object; an answer that it is unknown counts as done (it is gone either way).
    func sendDeletion(of address: ObjectAddress, to receiver: Receiver) async throws {
        do {
            try await call(.DELETE, nil, at: address, to: receiver)
        } catch let error as PeerCallError where error.isUnknownObject {
            return
        }
    }

    /// The last PUT of an object that was hidden: the document the peer had, as its version renders it, withdrawn.
    /// A version that could not show the object gets nothing.
    func sendWithdrawal(_ documents: String, of address: ObjectAddress, to receiver: Receiver) async throws {
        let perVersion = try OCPIJSON.decoder.decode([String: JSONValue].self, from: Data(documents.utf8))
        guard let document = perVersion[receiver.target.version.rawValue], document != .null else { return }
        try await call(.PUT, Array(try OCPIJSON.encoder.encode(document)), at: address, to: receiver)
    }

    private func call(
        _ method: HTTPMethod, _ body: [UInt8]?, at address: ObjectAddress, to receiver: Receiver, party reader: PeerParty? = nil
    ) async throws {
        let target = receiver.target
        let tenant = address.tenant
        let headers = OutboundRouting.headers(from: PartyCode(tenant), to: (reader ?? target.party)?.code)
        _ = try await client.call(
            method, ReceiverURL.of(address, at: receiver.url),
            token: PeerToken(value: target.token, format: PeerToken.Format(rawValue: target.tokenFormat) ?? .base64),
            json: body, headers: headers, correlationID: receiver.correlationID, as: JSONValue.self)
    }
}

/// Where a Receiver keeps an object: `{module_url}/{country_code}/{party_id}/{id}[/{part ids}…]`, segments escaped.
public enum ReceiverURL {
    public static func of(_ address: ObjectAddress, at base: String) -> String {
        PercentEncoding.url(base, appending: [address.tenant.countryCode, address.tenant.partyID] + address.ids)
    }
}

extension DataModules {
    /// A pusher for every object module, as the push worker takes them.
    public static func pushers(pool: PGPool, client: PeerClient) -> [any ObjectPusher] {
        func pusher<Module: DataModule>(_ module: Module.Type) -> any ObjectPusher {
            DataModulePusher<Module>(store: ObjectStore(pool: pool), client: client)
        }
        // CDRs are posted, once per peer (`CDRPusher`); every other module is pushed by the pipeline's pusher.
        return all.map { ObjectIdentifier($0) == ObjectIdentifier(CDRs.self) ? CDRPusher(pool: pool, client: client) : pusher($0) }
    }
}
