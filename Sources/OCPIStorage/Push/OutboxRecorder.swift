import OCPIModel
import PGClient

/// Records changes in the outbox and fans them out to the peers that should receive them (those that may read the
/// object, see `ObjectChange.Visibility`), in the transaction that made the change (`ocpi_record_change()`).
public struct OutboxRecorder: ChangeRecorder {
    public init() {}

    public func record(_ change: ObjectChange, in transaction: PGSession) async throws {
        try await transaction.query(Self.statement(change))
    }

    /// The fan-out statement (`make bench` runs it under pgbench too).
    public static func statement(_ change: ObjectChange) -> PGQuery {
        let address = change.address
        let subIDs = Array(address.partIDs)
        let (kind, fields): (String, [String]) =
            switch change.kind {
            case .replaced: ("replaced", [])
            case .patched(let fields): ("patched", fields)
            case .deleted: ("deleted", [])
            }
        let visibility = change.visibility
        let finalDocuments: PGJSON? = visibility.finalDocuments.map { PGJSON($0) }
        return """
            SELECT ocpi_record_change(\(address.tenant.countryCode), \(address.tenant.partyID), \(change.module.rawValue),
                                      \(address.objectID), \(subIDs)::text[], \(kind), \(fields)::text[], \(change.lastUpdated),
                                      \(visibility.after), \(visibility.before), \(finalDocuments)::jsonb,
                                      \(change.reader?.countryCode), \(change.reader?.partyID))
            """
    }
}
