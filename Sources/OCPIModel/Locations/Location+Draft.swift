extension Location {
    /// The fields 2.3.0 added: unknown fields to a 2.2.1 body, so ignored there.
    static let fieldsAddedIn2_3_0: Set<String> = ["parking_places", "help_phone"]

    /// Builds a complete Location, EVSEs and Connectors included, from a PUT body, validating everything and
    /// reporting every issue at once.
    ///
    /// - Coordinates (the Location's, related locations', EVSEs') are normalised, see `GeoLocation.normalized()`.
    /// - A missing time_zone is derived with `context.timeZones` from country and coordinates.
    /// - A missing last_updated takes `context.defaultLastUpdated` (or is refused when that is nil); EVSEs and
    ///   Connectors without one then take their parent's. Each parent's last_updated is raised to its latest
    ///   child's.
    public init(draft: LocationDraft, context: ObjectContext) throws(ValidationError) {
        let (location, issues) = Self.assemble(draft, context)
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        self = location
    }

    /// Applies a PATCH body: only the fields present change, and the result is validated.
    ///
    /// - `evses` merge by uid (case-insensitively): a known uid patches that EVSE, an unknown one is a new EVSE
    ///   built from its draft. Other lists (images, parking_places, …) are replaced as a whole.
    /// - `country_code`, `party_id` and `id`, when present, must be this Location's (case-insensitively).
    /// - last_updated comes from the body, else `context.defaultLastUpdated`, else the PATCH is refused; nested
    ///   drafts without one take it too. It is raised to the latest EVSE's.
    public func patched(with draft: LocationDraft, context: ObjectContext) throws(ValidationError) -> Location {
        let (location, issues) = patchAssembled(draft, context)
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        return location
    }

    /// The Location a PUT body describes, with placeholders for missing fields, and every issue.
    static func assemble(_ draft: LocationDraft, _ context: ObjectContext) -> (Location, [ValidationError.Issue]) {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, fieldsAddedIn2_3_0: fieldsAddedIn2_3_0)
        let countryCode = build.required(draft.countryCode, "country_code", placeholder: "")
        let partyID = build.required(draft.partyID, "party_id", placeholder: "")
        let id = build.required(draft.id, "id", placeholder: "")
        let publish = build.required(draft.publish, "publish", placeholder: false)
        let address = build.required(draft.address, "address", placeholder: "")
        let city = build.required(draft.city, "city", placeholder: "")
        let country = build.required(draft.country, "country", placeholder: "")
        let coordinates = build.required(
            build.normalized(draft.coordinates, "coordinates"), "coordinates",
            placeholder: GeoLocation(latitude: "0.000000", longitude: "0.000000"))
        let relatedLocations = build.normalized(draft.relatedLocations)
        let located = draft.coordinates == nil ? nil : coordinates
        let timeZone = build.timeZone(draft.timeZone, country: draft.country, at: located)
        let lastUpdated = build.lastUpdated(draft.lastUpdated)
        let children = context.forChildren(inheriting: context.defaultLastUpdated == nil ? nil : lastUpdated)
        let evses = draft.evses.map { drafts in
            drafts.enumerated().map { index, evseDraft in
                let (evse, issues) = EVSE.assemble(evseDraft, children)
                build.issues.add(issues, under: "evses[\(index)]")
                return evse
            }
        }
        let location = Location(
            countryCode: countryCode, partyID: partyID, id: id, publish: publish,
            publishAllowedTo: draft.publishAllowedTo, name: draft.name, address: address, city: city,
            postalCode: draft.postalCode, state: draft.state, country: country, coordinates: coordinates,
            relatedLocations: relatedLocations, parkingType: draft.parkingType, evses: evses,
            parkingPlaces: build.speaks2_3 ? draft.parkingPlaces : nil, directions: draft.directions,
            operator: draft.operator, suboperator: draft.suboperator, owner: draft.owner,
            facilities: draft.facilities, timeZone: timeZone, openingTimes: draft.openingTimes,
            chargingWhenClosed: draft.chargingWhenClosed, images: draft.images, energyMix: draft.energyMix,
            helpPhone: build.speaks2_3 ? draft.helpPhone : nil,
            lastUpdated: latest(lastUpdated, (evses ?? []).map(\.lastUpdated))
        )
        return (location, build.finish { location.checkOwn(&$0) })
    }

    /// This Location with a PATCH body applied, and every issue. EVSE issues carry the body's indices.
    func patchAssembled(_ draft: LocationDraft, _ context: ObjectContext) -> (Location, [ValidationError.Issue]) {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, fieldsAddedIn2_3_0: Self.fieldsAddedIn2_3_0)
        build.matches(draft.countryCode, countryCode, "country_code")
        build.matches(draft.partyID, partyID, "party_id")
        build.matches(draft.id, id, "id")
        let patchTime = build.patchLastUpdated(draft.lastUpdated)
        var result = self
        result.mergeEVSEs(draft.evses, context.forChildren(inheriting: patchTime), &build)
        result.publish = draft.publish ?? publish
        result.publishAllowedTo = draft.publishAllowedTo ?? publishAllowedTo
        result.name = draft.name ?? name
        result.address = draft.address ?? address
        result.city = draft.city ?? city
        result.postalCode = draft.postalCode ?? postalCode
        result.state = draft.state ?? state
        result.country = draft.country ?? country
        result.coordinates = build.normalized(draft.coordinates, "coordinates") ?? coordinates
        result.relatedLocations = build.normalized(draft.relatedLocations) ?? relatedLocations
        result.parkingType = draft.parkingType ?? parkingType
        result.directions = draft.directions ?? directions
        result.operator = draft.operator ?? self.operator
        result.suboperator = draft.suboperator ?? suboperator
        result.owner = draft.owner ?? owner
        result.facilities = draft.facilities ?? facilities
        result.timeZone = draft.timeZone ?? timeZone
        result.openingTimes = draft.openingTimes ?? openingTimes
        result.chargingWhenClosed = draft.chargingWhenClosed ?? chargingWhenClosed
        result.images = draft.images ?? images
        result.energyMix = draft.energyMix ?? energyMix
        if build.speaks2_3 {
            result.parkingPlaces = draft.parkingPlaces ?? parkingPlaces
            result.helpPhone = draft.helpPhone ?? helpPhone
        }
        result.lastUpdated = latest(patchTime ?? lastUpdated, (result.evses ?? []).map(\.lastUpdated))
        return (result, build.finishPatch(from: self, to: result) { result.checkOwn(&$0) })
    }

    /// Merges a PATCH body's `evses` by uid, recording the EVSEs' issues under the body's indices.
    private mutating func mergeEVSEs(_ drafts: [EVSEDraft]?, _ children: ObjectContext, _ build: inout DraftAssembly) {
        for (index, evseDraft) in (drafts ?? []).enumerated() {
            guard let uid = evseDraft.uid else {
                build.unmergeable("evses[\(index)]", key: "uid", decodingIssues: evseDraft.decodingIssues)
                continue
            }
            let (evse, issues): (EVSE, [ValidationError.Issue])
            if let position = evseIndex(uid: uid) {
                (evse, issues) = evses![position].patchAssembled(evseDraft, children)
                evses![position] = evse
            } else {
                (evse, issues) = EVSE.assemble(evseDraft, children)
                evses = evses ?? []
                evses!.append(evse)
            }
            build.issues.add(issues, under: "evses[\(index)]")
        }
    }
}

extension DraftAssembly {
    /// Related locations in the spec's form, issues recorded under `related_locations[i]`.
    mutating func normalized(_ points: [AdditionalGeoLocation]?) -> [AdditionalGeoLocation]? {
        points?.enumerated().map { index, point in
            var result = point
            result.point = normalized(point.point, "related_locations[\(index)]") ?? point.point
            return result
        }
    }

    /// The body's time_zone, else one derived from country and coordinates, else an issue.
    mutating func timeZone(_ given: String?, country: String?, at point: GeoLocation?) -> String {
        if let given { return given }
        if reported("time_zone") { return "" }
        guard let resolver = context.timeZones else {
            issues.add("time_zone", "is required")
            return ""
        }
        if let country, let point,
            let zone = resolver.zone(countryAlpha3: country, latitude: point.latitude, longitude: point.longitude)
        {
            return zone
        }
        let from = country.map { "country \($0)" } ?? "a missing country"
        issues.add("time_zone", "is required (could not be derived from \(from) and coordinates)")
        return ""
    }
}
