/// An object an OCPI module stores and serves. Its stored form is the truth; each OCPI version reads its own
/// rendering of it, made once per write (by the module pipeline) and used by reads and pushes alike, so that a
/// peer never sees one shape by GET and another by push.
public protocol OCPIObject: Codable, Sendable, Hashable {
    /// The object's `last_updated`: date filters, stale-write refusal and push ordering use it.
    var lastUpdated: DateTime { get }
    /// The object as `version` shows it; nil when that version cannot show it at all.
    func rendered(for version: VersionNumber) -> Self?
}
