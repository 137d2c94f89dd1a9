import OCPIModel
import PGClient

/// A committed change to a module's object, as the push machinery needs it.
public struct ObjectChange: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The whole object (or part) at the address was created or replaced: peers get a PUT.
        case replaced
        /// Only these top-level fields of the object (or part) changed: peers get a PATCH with them.
        case patched(fields: [String])
        /// The whole object was deleted: peers that could read it get a DELETE.
        case deleted
    }

    /// Whether peers may read the object (by GET) before and after the change: a peer is pushed only what it may
    /// read, and an object that becomes hidden sends its peers `finalDocuments` once, then nothing.
    public struct Visibility: Sendable, Hashable {
        public var before: Bool
        public var after: Bool
        /// For an object this change hid: per version (`{"2.2.1": …, "2.3.0": …}`), the document the peers had,
        /// withdrawn as the module says (Locations: unpublished).
        public var finalDocuments: String?

        public init(before: Bool, after: Bool, finalDocuments: String? = nil) {
            self.before = before
            self.after = after
            self.finalDocuments = finalDocuments
        }
    }

    public var module: ModuleID
    public var address: ObjectAddress
    public var kind: Kind
    /// The changed object's (or part's) last_updated after the change.
    public var lastUpdated: DateTime
    public var visibility: Visibility

    public init(module: ModuleID, address: ObjectAddress, kind: Kind, lastUpdated: DateTime, visibility: Visibility) {
        self.module = module
        self.address = address
        self.kind = kind
        self.lastUpdated = lastUpdated
        self.visibility = visibility
    }
}

/// Records changes in the same transaction as the data (the outbox), so that a committed change is never lost
/// and a rolled-back one is never sent.
public protocol ChangeRecorder: Sendable {
    func record(_ change: ObjectChange, in transaction: PGSession) async throws
}

/// Records nothing: for deployments and tests without push.
public struct NoChangeRecorder: ChangeRecorder {
    public init() {}
    public func record(_ change: ObjectChange, in transaction: PGSession) async throws {}
}

extension ObjectChange.Kind {
    /// A PATCH of the top-level fields that differ between two encodings of an object (with `last_updated`), or a
    /// replacement when they cannot be compared.
    public static func between<T: Encodable>(_ old: T, _ new: T) -> Self {
        guard var fields = JSONValue.changedKeys(encoding: old, new) else { return .replaced }
        if !fields.contains("last_updated") { fields.append("last_updated") }
        return .patched(fields: fields.sorted())
    }
}
