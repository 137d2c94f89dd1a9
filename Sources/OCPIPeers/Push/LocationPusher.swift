import NIOHTTP1
import OCPIModel
import OCPIStorage

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns a delivery into the Receiver calls the spec describes: PUT of the whole object for new or replaced ones,
/// PATCH of the changed fields plus `last_updated` otherwise (a PUT when the peer's version cannot show a changed
/// field), the object rendered as it is *now* for the peer's
/// version. A PATCH answered "unknown object" is followed by a PUT; a child PUT answered the same, by a PUT of the
/// whole location. Routing headers name the tenant (from) and the peer's party (to).
///
/// The object is read exactly as the peer's GET would read it (`LocationStore.sharedJSON`, scoped to the tenant):
/// an object the peer may not read is never sent. A hidden location's last PUT is the document recorded when it was
/// hidden, which holds nothing written since.
public struct LocationPusher: ObjectPusher {
    public let module = ModuleID.locations
    let locations: LocationStore
    let client: PeerClient

    public init(locations: LocationStore, client: PeerClient) {
        self.locations = locations
        self.client = client
    }

    public func deliver(_ delivery: PushDelivery, to target: PushTarget, receiverURL: String) async throws {
        let ids = delivery.subIDs
        let path = LocationPath(
            tenant: delivery.tenant, locationID: delivery.objectID,
            evseUID: ids.count > 0 ? ids[0] : nil, connectorID: ids.count > 1 ? ids[1] : nil)
        let receiver = Receiver(url: receiverURL, target: target, correlationID: delivery.correlationID)
        var kind = delivery.kind
        if case .withdraw(let documents) = kind {
            try await sendWithdrawal(documents, of: LocationPath(tenant: path.tenant, locationID: path.locationID), to: receiver)
            return
        }
        // A PATCH carrying lists of children has no agreed meaning (ocpi/ocpi#285): send the whole object.
        if case .patch(let fields) = kind, fields.contains("evses") || fields.contains("connectors") { kind = .replace }
        do {
            try await send(kind, at: path, to: receiver)
        } catch let error as PeerCallError where error.isUnknownObject {
            if case .patch = kind {
                do {
                    try await send(.replace, at: path, to: receiver)
                    return
                } catch let again as PeerCallError where again.isUnknownObject && path.evseUID != nil {
                    // fall through to the whole location
                }
            } else if path.evseUID == nil {
                throw error
            }
            try await send(.replace, at: LocationPath(tenant: path.tenant, locationID: path.locationID), to: receiver)
        }
    }

    /// Where one delivery goes.
    struct Receiver {
        var url: String
        var target: PushTarget
        var correlationID: String
    }

    func send(_ kind: PushDelivery.Kind, at path: LocationPath, to receiver: Receiver) async throws {
        let target = receiver.target
        // What the peer may read now; nothing when it may not (a later delivery hides it, or it never saw it).
        guard
            case .found(_, let json) = try await locations.sharedJSON(
                locationID: path.locationID, evseUID: path.evseUID, connectorID: path.connectorID,
                scope: .tenants([path.tenant]), version: target.version)
        else { return }
        var body = Array(json.utf8)
        var method = HTTPMethod.PUT
        if case .patch(let fields) = kind {
            let object = try OCPIJSON.decoder.decode(JSONValue.self, from: Data(json.utf8)).object ?? [:]
            // A changed field the peer's version does not show (a 2.3.0 value 2.2.1 lacks, say) cannot be PATCHed
            // away: the peer would keep its old value. The whole object replaces it instead.
            if fields.allSatisfy({ object[$0] != nil }) {
                let wanted = Set(fields).union(["last_updated"])
                method = .PATCH
                body = Array(try OCPIJSON.encoder.encode(object.filter { wanted.contains($0.key) }))
            }
        }
        try await call(method, body, at: path, to: receiver)
    }

    /// The last PUT of a location that was hidden: the document the peer had, as its version renders it, marked
    /// unpublished. A version that could not show the location gets nothing.
    func sendWithdrawal(_ documents: String, of path: LocationPath, to receiver: Receiver) async throws {
        let perVersion = try OCPIJSON.decoder.decode([String: JSONValue].self, from: Data(documents.utf8))
        guard let document = perVersion[receiver.target.version.rawValue], document != .null else { return }
        try await call(.PUT, Array(try OCPIJSON.encoder.encode(document)), at: path, to: receiver)
    }

    private func call(_ method: HTTPMethod, _ body: [UInt8], at path: LocationPath, to receiver: Receiver) async throws {
        let target = receiver.target
        var headers = [("OCPI-from-country-code", path.tenant.countryCode), ("OCPI-from-party-id", path.tenant.partyID)]
        if let party = target.party {
            headers += [("OCPI-to-country-code", party.countryCode), ("OCPI-to-party-id", party.partyID)]
        }
        _ = try await client.call(
            method, Self.url(receiver.url, path), token: PeerToken(value: target.token, format: PeerToken.Format(rawValue: target.tokenFormat) ?? .base64),
            json: body, headers: headers, correlationID: receiver.correlationID, as: JSONValue.self)
    }

    /// `{locations_url}/{country_code}/{party_id}/{location_id}[/{evse_uid}[/{connector_id}]]`, segments escaped.
    static func url(_ base: String, _ path: LocationPath) -> String {
        var url = base
        while url.hasSuffix("/") { url.removeLast() }
        for segment in [path.tenant.countryCode, path.tenant.partyID, path.locationID, path.evseUID, path.connectorID].compactMap({ $0 }) {
            url += "/" + PercentEncoding.encode(segment, keeping: [UInt8(ascii: "*")])
        }
        return url
    }
}
