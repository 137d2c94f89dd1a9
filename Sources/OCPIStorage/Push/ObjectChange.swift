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
    /// The party a token-party module's object concerns: only peers speaking for it are told (nil: every peer
    /// granted the tenant).
    public var reader: PartyCode?

    public init(module: ModuleID, address: ObjectAddress, kind: Kind, lastUpdated: DateTime, visibility: Visibility, reader: PartyCode? = nil) {
        self.module = module
        self.address = address
        self.kind = kind
        self.lastUpdated = lastUpdated
        self.visibility = visibility
        self.reader = reader
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

/// The fields a `patched` change names. Besides a top-level field's name, one may name only the entries a write
/// appended to a list (`charging_periods[3:5]`, entries 3 and 4): a Session PATCH appends its charging periods, and
/// its push carries those only, which the Receiver appends in turn. The bounds are the write's own, so that a push
/// never carries entries a later write appended (they have their own).
public enum PatchField {
    public static func appended(_ list: String, _ range: Range<Int>) -> String {
        "\(list)[\(range.lowerBound):\(range.upperBound)]"
    }

    /// The list and the appended entries' indices of an appended-entries field; nil for a plain field.
    public static func appendedEntries(_ field: String) -> (list: String, range: Range<Int>)? {
        guard field.hasSuffix("]"), let open = field.firstIndex(of: "[") else { return nil }
        let bounds = field[field.index(after: open)..<field.index(before: field.endIndex)].split(separator: ":", omittingEmptySubsequences: false)
        guard bounds.count == 2, let lower = Int(bounds[0]), let upper = Int(bounds[1]), lower >= 0, lower <= upper else { return nil }
        return (String(field[..<open]), lower..<upper)
    }

    /// The top-level field a name stands for.
    public static func base(_ field: String) -> String {
        appendedEntries(field)?.list ?? field
    }
}
