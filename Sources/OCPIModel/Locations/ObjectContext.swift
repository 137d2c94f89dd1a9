/// What building or patching an object from a request body needs to know besides the body itself.
public struct ObjectContext: Sendable {
    /// The OCPI version the body was written in: it decides which enum values and fields exist.
    public var version: VersionNumber
    /// Used when the body has no last_updated (a tenant's own push); nil means last_updated is required.
    /// Nested objects without one take their parent's.
    public var defaultLastUpdated: DateTime?
    /// Derives time_zone when a Location body omits it; nil means time_zone is required.
    public var timeZones: TimeZoneResolver?

    public init(version: VersionNumber, defaultLastUpdated: DateTime?, timeZones: TimeZoneResolver?) {
        self.version = version
        self.defaultLastUpdated = defaultLastUpdated
        self.timeZones = timeZones
    }

    /// The context for the children of an object whose last_updated is `parent`.
    func forChildren(inheriting parent: DateTime?) -> ObjectContext {
        var context = self
        context.defaultLastUpdated = parent
        return context
    }
}
