import OCPIModel
import PGClient

/// A committed change to a Locations-module object, as the push machinery needs it.
public struct LocationChange: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The whole object at `path` was created or replaced: peers get a PUT.
        case replaced
        /// Only these top-level fields of the object at `path` changed: peers get a PATCH with them.
        case patched(fields: [String])
    }

    public var path: LocationPath
    public var kind: Kind
    /// The object's last_updated after the change.
    public var lastUpdated: DateTime

    public init(path: LocationPath, kind: Kind, lastUpdated: DateTime) {
        self.path = path
        self.kind = kind
        self.lastUpdated = lastUpdated
    }
}

/// Records changes in the same transaction as the data (the outbox), so that a committed change is never lost
/// and a rolled-back one is never sent.
public protocol LocationChangeRecorder: Sendable {
    func record(_ change: LocationChange, in transaction: PGSession) async throws
}

/// Records nothing: for deployments and tests without push.
public struct NoLocationChangeRecorder: LocationChangeRecorder {
    public init() {}
    public func record(_ change: LocationChange, in transaction: PGSession) async throws {}
}
