// What a peer of a given version gets to see. 2.3.0 only added to Locations: fields, and enum values (some enums
// became OpenEnums). 2.2.1's enums are closed, so a 2.2.1 reader gets, for data stored through 2.3.0:
//   * lists (facilities, capabilities, parking restrictions) without the values 2.2.1 lacks, a single optional value
//     (parking_type) left out;
//   * a connector whose standard 2.2.1 lacks left out, and an EVSE left without connectors with it;
//   * an image (or a business logo) whose category 2.2.1 lacks, with category OTHER;
//   * energy_mix without the environmental impacts whose category 2.2.1 lacks;
//   * publish_allowed_to entries without uid and type when the type is one 2.2.1 lacks, entries left with no uid,
//     visual_number or group_id dropped, and the field left out when none remains (publish stays false, so a 2.2.1
//     EMSP shows the location to nobody rather than to the wrong people).
// These are the rules DECISIONS.md states; before the module pipeline they were PL/pgSQL (migrations 0007, 0009).

extension Location: OCPIObject {
    /// The Location as `version` shows it. Always present (`evses` as a list, empty when there are none).
    public func rendered(for version: VersionNumber) -> Location? {
        var copy = self
        copy.evses = (evses ?? []).compactMap { $0.rendered(for: version) }
        guard version < .v2_3_0 else { return copy }
        copy.publishAllowedTo = publishAllowedTo.flatMap(PublishTokenType.rendered221)
        copy.parkingType = parkingType.flatMap { $0.isKnown(in: version) ? $0 : nil }
        copy.parkingPlaces = nil
        copy.operator = `operator`?.rendered221
        copy.suboperator = suboperator?.rendered221
        copy.owner = owner?.rendered221
        copy.facilities = facilities?.filter { $0.isKnown(in: version) }
        copy.images = images?.map(\.rendered221)
        copy.energyMix = energyMix?.rendered221
        copy.helpPhone = nil
        return copy
    }
}

extension EVSE {
    /// The EVSE as `version` shows it; nil for 2.2.1 when none of its connectors has a 2.2.1 standard.
    public func rendered(for version: VersionNumber) -> EVSE? {
        var copy = self
        copy.connectors = connectors.compactMap { $0.rendered(for: version) }
        guard version < .v2_3_0 else { return copy }
        if copy.connectors.isEmpty { return nil }
        copy.capabilities = capabilities?.filter { $0.isKnown(in: version) }
        copy.parkingRestrictions = parkingRestrictions?.filter { $0.isKnown(in: version) }
        copy.parking = nil
        copy.images = images?.map(\.rendered221)
        copy.acceptedServiceProviders = nil
        return copy
    }
}

extension Connector {
    /// The Connector as `version` shows it; nil for 2.2.1 when its standard is one 2.2.1 lacks.
    public func rendered(for version: VersionNumber) -> Connector? {
        guard version < .v2_3_0 else { return self }
        guard standard.isKnown(in: version) else { return nil }
        var copy = self
        copy.capabilities = nil
        return copy
    }
}

extension Image {
    /// 2.2.1's closed ImageCategory: an unknown category reads OTHER.
    var rendered221: Image {
        var copy = self
        if !category.isKnown(in: .v2_2_1) { copy.category = ImageCategory(rawValue: "OTHER") }
        return copy
    }
}

extension BusinessDetails {
    var rendered221: BusinessDetails {
        var copy = self
        copy.logo = logo?.rendered221
        return copy
    }
}

extension EnergyMix {
    var rendered221: EnergyMix {
        var copy = self
        copy.environImpact = environImpact?.filter { $0.category.isKnown(in: .v2_2_1) }
        return copy
    }
}

extension PublishTokenType {
    /// The list as 2.2.1 shows it; nil when no entry remains.
    static func rendered221(_ list: [PublishTokenType]) -> [PublishTokenType]? {
        let kept = list.compactMap { entry -> PublishTokenType? in
            var copy = entry
            if let type = entry.type, !type.isKnown(in: .v2_2_1) {
                copy.uid = nil
                copy.type = nil
            }
            return copy.uid != nil || copy.visualNumber != nil || copy.groupID != nil ? copy : nil
        }
        return kept.isEmpty ? nil : kept
    }
}
