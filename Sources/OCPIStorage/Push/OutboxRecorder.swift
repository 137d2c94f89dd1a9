import OCPIModel
import PGClient

/// Records Location changes in the outbox and fans them out to the peers that should receive them, in the
/// transaction that made the change (`ocpi_record_change()`).
public struct OutboxRecorder: LocationChangeRecorder {
    public init() {}

    public func record(_ change: LocationChange, in transaction: PGSession) async throws {
        let path = change.path
        let subIDs = [path.evseUID, path.connectorID].compactMap { $0 }
        let (kind, fields): (String, [String]) =
            switch change.kind {
            case .replaced: ("replaced", [])
            case .patched(let fields): ("patched", fields)
            }
        try await transaction.query(
            """
            SELECT ocpi_record_change(\(path.tenant.countryCode), \(path.tenant.partyID), 'locations', \(path.locationID),
                                      \(subIDs)::text[], \(kind), \(fields)::text[], \(change.lastUpdated))
            """)
    }
}
