import OCPIModel

/// The next thing to push to a peer: the oldest pending delivery, coalesced with every later pending delivery of
/// the same object (the object is rendered as it is now, so one call carries all of them).
public struct PushDelivery: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// PUT the whole object.
        case replace
        /// PATCH these top-level fields (with last_updated).
        case patch(fields: [String])
    }

    /// Every delivery row this call settles.
    public var ids: [Int64]
    public var path: LocationPath
    public var kind: Kind
    /// The first event's correlation id, sent as X-Correlation-ID.
    public var correlationID: String
    /// When the oldest change was committed (for the delay metric).
    public var committedAt: DateTime
    /// The peer's attempts so far on these rows.
    public var attempts: Int
}

/// A peer as the push worker needs it: where to send, how to authenticate, whom to address.
public struct PushTarget: Sendable, Hashable {
    public var peerID: PeerID
    public var version: VersionNumber
    public var token: String
    public var tokenFormat: String
    /// Their Locations Receiver.
    public var locationsURL: String
    /// The party to name in OCPI-to-* (their first EMSP role, else their first role).
    public var party: PeerParty?
    public var consecutiveFailures: Int
    public var firstFailureAt: DateTime?
    public var needsResync: Bool
}
