import OCPIModel
import PGClient

/// Records Location changes in the outbox and fans them out to the peers that should receive them (those that may
/// read the location, see `LocationChange.Visibility`), in the transaction that made the change (`ocpi_record_change()`).
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
        let visibility = change.visibility
        let finalDocuments: PGJSON? = visibility.finalDocuments.map { PGJSON($0) }
        try await transaction.query(
            """
            SELECT ocpi_record_change(\(path.tenant.countryCode), \(path.tenant.partyID), 'locations', \(path.locationID),
                                      \(subIDs)::text[], \(kind), \(fields)::text[], \(change.lastUpdated),
                                      \(visibility.after), \(visibility.before), \(finalDocuments)::jsonb)
            """)
    }
}
