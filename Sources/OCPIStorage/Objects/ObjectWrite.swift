import OCPIModel

/// A tenant's write, as its back-office sent it.
public struct ObjectWrite<Body: Sendable>: Sendable {
    public var method: WriteMethod
    public var address: ObjectAddress
    public var body: Body
    /// The request's version, and the defaults the module may apply (a stamped `last_updated`, derived time zones).
    public var context: ObjectContext

    public init(method: WriteMethod, address: ObjectAddress, body: Body, context: ObjectContext) {
        self.method = method
        self.address = address
        self.body = body
        self.context = context
    }
}

/// What a module decided a write does.
public struct WriteDecision<Object: Sendable>: Sendable {
    /// The whole object after the write.
    public var object: Object
    /// Whether the write created the object (or part) its address names: 201 instead of 200.
    public var created: Bool
    /// What changed, for push.
    public var change: ObjectChange.Kind
    /// The `last_updated` of what the address names, after the write.
    public var lastUpdated: DateTime

    public init(object: Object, created: Bool, change: ObjectChange.Kind, lastUpdated: DateTime) {
        self.object = object
        self.created = created
        self.change = change
        self.lastUpdated = lastUpdated
    }
}

/// Why a tenant's write was refused. Every case leaves the database as it was.
public enum ObjectWriteError: Error, Sendable, Hashable {
    /// The object or part the URL names does not exist (a PATCH, or a part PUT under a missing parent).
    case unknownObject(ObjectAddress, missing: String)
    /// The body's last_updated is older than the stored object's: the newer data is kept.
    case stale(ObjectAddress, stored: DateTime, given: DateTime)
    /// The body, or the object it would produce, breaks the spec.
    case invalid(ValidationError)
    /// An id in the body differs from the one in the URL.
    case mismatch(field: String, given: String, urlName: String, urlValue: String)
    /// A DELETE of an object other data still refers to (`usedBy` names each referrer, such as `LOC1/EVSE1/1`).
    case inUse(ObjectAddress, usedBy: [String], as: String)
    /// A write that would move a Session or CDR to another token party (`DataModule.readerParty(of:)`): the EMSP
    /// that was told of it would keep it, and the new one would never see its history.
    case readerChanged(ObjectAddress, stored: PartyCode, given: PartyCode?)
    /// A POST of an object that exists: it is kept as it is (CDRs are immutable).
    case exists(ObjectAddress, advice: String)
}

extension ObjectWriteError {
    /// Refuses a write whose `last_updated` is older than the stored one.
    public static func refuseStale(_ address: ObjectAddress, stored: DateTime, given: DateTime) throws(ObjectWriteError) {
        if given < stored { throw .stale(address, stored: stored, given: given) }
    }

    /// Builds with the model, turning its refusal into `.invalid`.
    public static func building<T>(_ make: () throws(ValidationError) -> T) throws(ObjectWriteError) -> T {
        do { return try make() } catch { throw .invalid(error) }
    }

    /// Ids in a body must agree with the URL (case-insensitively, as CiStrings); missing ones are taken from the
    /// URL when `fill` (a PUT), so that a body without them is still a whole object.
    public static func reconcile(
        _ value: inout String?, with urlValue: String, field: String, urlName: String, fill: Bool
    ) throws(ObjectWriteError) {
        if let given = value {
            guard given.lowercased() == urlValue.lowercased() else {
                throw .mismatch(field: field, given: given, urlName: urlName, urlValue: urlValue)
            }
        } else if fill {
            value = urlValue
        }
    }
}
