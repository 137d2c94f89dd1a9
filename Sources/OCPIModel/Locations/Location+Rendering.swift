// What a peer of a given version gets to see. 2.3.0 only added fields to Locations (none was removed, none changed
// shape), so rendering for 2.2.1 drops them and changes nothing else.

extension Location {
    /// A copy without the fields `version` does not have: for 2.2.1 `parking_places` and `help_phone`, and the EVSEs'
    /// and Connectors' 2.3.0 fields. Identity for 2.3.0.
    public func rendered(for version: VersionNumber) -> Location {
        guard version < .v2_3_0 else { return self }
        var copy = self
        copy.parkingPlaces = nil
        copy.helpPhone = nil
        copy.evses = evses?.map { $0.rendered(for: version) }
        return copy
    }
}

extension EVSE {
    /// A copy without the fields `version` does not have: for 2.2.1 `parking` and `accepted_service_providers`, and
    /// the Connectors' `capabilities`. Identity for 2.3.0.
    public func rendered(for version: VersionNumber) -> EVSE {
        guard version < .v2_3_0 else { return self }
        var copy = self
        copy.parking = nil
        copy.acceptedServiceProviders = nil
        copy.connectors = connectors.map { $0.rendered(for: version) }
        return copy
    }
}

extension Connector {
    /// A copy without the fields `version` does not have: for 2.2.1 `capabilities`. Identity for 2.3.0.
    public func rendered(for version: VersionNumber) -> Connector {
        guard version < .v2_3_0 else { return self }
        var copy = self
        copy.capabilities = nil
        return copy
    }
}
