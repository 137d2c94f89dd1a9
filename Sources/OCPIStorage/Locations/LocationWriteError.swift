import OCPIModel

/// Why a tenant's push was refused. Every case leaves the database as it was.
public enum LocationWriteError: Error, Sendable, Hashable {
    /// The location, EVSE or connector the URL names does not exist (a PATCH, or a child PUT under a missing parent).
    case unknownObject(LocationPath, missing: String)
    /// The body's last_updated is older than the stored object's: the newer data is kept.
    case stale(LocationPath, stored: DateTime, given: DateTime)
    /// The body, or the object it would produce, breaks the spec.
    case invalid(ValidationError)
}
