import OCPIModel

/// The next thing to push to a peer: the oldest pending delivery, coalesced with every later pending delivery of
/// the same object (the object is rendered as it is now, so one call carries all of them).
///
/// Module-neutral: an object is `module` + tenant + `objectID` + `subIDs` (for Locations: location id, then EVSE
/// uid and connector id). Each module's pusher turns it into that module's Receiver calls.
public struct PushDelivery: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// PUT the whole object.
        case replace
        /// PATCH these top-level fields (with last_updated).
        case patch(fields: [String])
        /// The object was hidden from peers: PUT, once, the document the peer had, marked unpublished
        /// (`documents` holds it per version: `{"2.2.1": …, "2.3.0": …}`).
        case withdraw(documents: String)
        /// The object was deleted: DELETE it.
        case delete
    }

    /// Every delivery row this call settles.
    public var ids: [Int64]
    public var module: ModuleID
    public var tenant: TenantID
    public var objectID: String
    /// The path below the top-level object; empty for a resync (the whole object).
    public var subIDs: [String]
    public var kind: Kind
    /// The first event's correlation id, sent as X-Correlation-ID.
    public var correlationID: String
    /// When the oldest change was committed (for the delay metric).
    public var committedAt: DateTime
    /// Whether any of its rows was tried before (its answer may have been lost after the peer applied it).
    public var retried = false

    /// Whether it is a PATCH that appends to a list (`PatchField`): not idempotent, so its tries are counted before
    /// it is sent.
    public var appends: Bool {
        if case .patch(let fields) = kind { return fields.contains { PatchField.appendedEntries($0) != nil } }
        return false
    }
}

/// A peer as the push worker needs it: how to authenticate, whom to address, where each module's Receiver is.
public struct PushTarget: Sendable, Hashable {
    public var peerID: PeerID
    public var version: VersionNumber
    public var token: String
    public var tokenFormat: String
    /// Their Receiver endpoints, by module.
    public var receivers: [ModuleID: String]
    /// The party to name in OCPI-to-* (their first EMSP role, else their first role).
    public var party: PeerParty?
    /// The parties whose Sessions and CDRs they read (`PeerAccess.readerParties`), less those a Hub reports OFFLINE or
    /// SUSPENDED: only these are pushed to them.
    public var parties: [PartyCode] = []
    /// The tenants they are granted now (`allTenants`: every one): a change queued before a grant was withdrawn is
    /// not sent.
    public var allTenants = false
    public var tenants: Set<TenantID> = []

    public func isGranted(_ tenant: TenantID) -> Bool {
        allTenants || tenants.contains(tenant)
    }
}
