#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel
import PGClient

/// The Locations module: a tenant's charging sites, their EVSEs and Connectors, shared with every granted peer
/// when published (or restricted with `publish_allowed_to`, which the EMSP enforces).
public enum Locations: DataModule {
    public typealias Object = Location

    /// A write's body, by the depth its URL addresses.
    public enum Body: Sendable {
        case location(LocationDraft)
        case evse(EVSEDraft)
        case connector(ConnectorDraft)
    }

    public static let id = ModuleID.locations
    public static let peerRole = InterfaceRole.sender
    public static let table: PGIdentifier = "locations"
    public static let idPath = ["location_id", "evse_uid", "connector_id"]
    public static let partPath = [PartStep(list: "evses", key: "uid"), PartStep(list: "connectors", key: "id")]
    public static let levelNames = ["location", "EVSE", "connector"]
    public static let unknownObjectCode = OCPIStatusCode.unknownLocation
    public static let ownerMethods: [WriteMethod] = [.put, .patch]
    public static let readers = ReaderRule.sharedObjectsOfGrantedTenants

    public static func objectID(of location: Location) -> String {
        location.id
    }

    public static func isShared(_ location: Location) -> Bool {
        location.isShared
    }

    public static func withdrawn(_ location: Location, at lastUpdated: DateTime) -> Location {
        var copy = location
        copy.publish = false
        copy.publishAllowedTo = nil
        copy.lastUpdated = lastUpdated
        return copy
    }

    public static func decodeBody(_ data: Data, depth: Int) throws -> Body {
        switch depth {
        case 1: .location(try OCPIJSON.decoder.decode(LocationDraft.self, from: data))
        case 2: .evse(try OCPIJSON.decoder.decode(EVSEDraft.self, from: data))
        case 3: .connector(try OCPIJSON.decoder.decode(ConnectorDraft.self, from: data))
        default: preconditionFailure("an address has at most \(idPath.count) ids")
        }
    }

    public static func renderedPart(of location: Location, at address: ObjectAddress, for version: VersionNumber) throws -> String? {
        let parts = Array(address.partIDs)
        guard let evse = location.evse(uid: parts[0]) else { return nil }
        if parts.count == 1 { return try evse.rendered(for: version).map(ObjectDocuments.encode) }
        return try evse.connector(id: parts[1])?.rendered(for: version).map(ObjectDocuments.encode)
    }

    /// Connectors may list tariffs the tenant has not PUT yet (they may come later), but the owner hears of it: an
    /// EMSP cannot price such a connector. Checked when the write could have changed `tariff_ids`, over the part
    /// the address names.
    public static func notes(on location: Location, at address: ObjectAddress, change: ObjectChange.Kind, in session: PGSession) async throws -> [String] {
        if case .patched(let fields) = change, !fields.contains(where: ["tariff_ids", "connectors", "evses"].contains) { return [] }
        let parts = Array(address.partIDs)
        let evses = parts.isEmpty ? location.evses ?? [] : location.evse(uid: parts[0]).map { [$0] } ?? []
        var named: [String: String] = [:]
        for evse in evses {
            for connector in evse.connectors where parts.count < 2 || connector.id.lowercased() == parts[1].lowercased() {
                for tariff in connector.tariffIDs ?? [] where named[tariff.lowercased()] == nil { named[tariff.lowercased()] = tariff }
            }
        }
        guard !named.isEmpty else { return [] }
        let missing = try await session.query(TariffStatements.missing(Array(named.keys), of: address.tenant)).rows
            .map { try named[$0.decode(0, as: String.self)] ?? $0.decode(0, as: String.self) }
        guard !missing.isEmpty else { return [] }
        return ["tariff_ids name tariffs tenant \(address.tenant) does not have yet: \(missing.joined(separator: ", ")); "
                + "EMSPs cannot price those connectors until the tariffs are PUT"]
    }
}
