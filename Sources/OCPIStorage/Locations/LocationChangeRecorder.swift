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

    /// Whether peers may read the location (by GET) before and after the change: a peer is pushed only what it
    /// may read, and a location that becomes hidden sends its peers `finalDocuments` once, then nothing.
    public struct Visibility: Sendable, Hashable {
        public var before: Bool
        public var after: Bool
        /// For a location this change hid: per version (`{"2.2.1": …, "2.3.0": …}`), the document the peers had,
        /// marked unpublished.
        public var finalDocuments: String?

        public init(before: Bool, after: Bool, finalDocuments: String? = nil) {
            self.before = before
            self.after = after
            self.finalDocuments = finalDocuments
        }
    }

    public var path: LocationPath
    public var kind: Kind
    /// The object's last_updated after the change.
    public var lastUpdated: DateTime
    public var visibility: Visibility

    public init(path: LocationPath, kind: Kind, lastUpdated: DateTime, visibility: Visibility) {
        self.path = path
        self.kind = kind
        self.lastUpdated = lastUpdated
        self.visibility = visibility
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
