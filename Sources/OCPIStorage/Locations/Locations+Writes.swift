import OCPIModel

// What PUT and PATCH do at each level of a Location. The writer runs these under the location's lock, on the
// stored location, and persists what they return.

extension Locations {
    public static func apply(_ write: ObjectWrite<Body>, to stored: Location?) throws(ObjectWriteError) -> WriteDecision<Location> {
        let fill = write.method == .put
        switch write.body {
        case .location(var draft):
            let tenant = write.address.tenant
            try ObjectWriteError.reconcile(&draft.countryCode, with: tenant.countryCode, field: "country_code", urlName: "country_code", fill: fill)
            try ObjectWriteError.reconcile(&draft.partyID, with: tenant.partyID, field: "party_id", urlName: "party_id", fill: fill)
            try ObjectWriteError.reconcile(&draft.id, with: write.address.objectID, field: "id", urlName: "location_id", fill: fill)
            return fill ? try putLocation(draft, write, stored) : try patchLocation(draft, write, stored)
        case .evse(var draft):
            try ObjectWriteError.reconcile(&draft.uid, with: write.address.ids[1], field: "uid", urlName: "evse_uid", fill: fill)
            return fill ? try putEVSE(draft, write, stored) : try patchEVSE(draft, write, stored)
        case .connector(var draft):
            try ObjectWriteError.reconcile(&draft.id, with: write.address.ids[2], field: "id", urlName: "connector_id", fill: fill)
            return fill ? try putConnector(draft, write, stored) : try patchConnector(draft, write, stored)
        }
    }

    /// PUT of a whole Location. EVSEs the stored location had and the body leaves out are kept with status REMOVED:
    /// OCPI never deletes EVSEs (sessions and CDRs refer to them), and peers learn of the removal.
    static func putLocation(_ draft: LocationDraft, _ write: ObjectWrite<Body>, _ stored: Location?) throws(ObjectWriteError) -> WriteDecision<Location> {
        var location = try ObjectWriteError.building { () throws(ValidationError) in try Location(draft: draft, context: write.context) }
        location.countryCode = write.address.tenant.countryCode
        location.partyID = write.address.tenant.partyID
        if let stored {
            location.keepIDs(of: stored)
            try ObjectWriteError.refuseStale(write.address, stored: stored.lastUpdated, given: location.lastUpdated)
            // A kept EVSE may only refer to parking places the new body still has, or the location would be
            // invalid (and every later EVSE-level write refused by the whole-location check).
            let places = Set((location.parkingPlaces ?? []).map { $0.id.lowercased() })
            for evse in stored.evses ?? [] where location.evse(uid: evse.uid) == nil {
                var removed = evse
                removed.status = .removed
                removed.lastUpdated = location.lastUpdated
                let parking = removed.parking?.filter { places.contains($0.parkingID.lowercased()) }
                removed.parking = parking?.isEmpty == false ? parking : nil
                location.evses = (location.evses ?? []) + [removed]
            }
        }
        return WriteDecision(object: location, created: stored == nil, change: .replaced, lastUpdated: location.lastUpdated)
    }

    /// PATCH of a Location: only the fields present change (`evses` merge by uid).
    static func patchLocation(_ draft: LocationDraft, _ write: ObjectWrite<Body>, _ stored: Location?) throws(ObjectWriteError) -> WriteDecision<Location> {
        let stored = try existing(stored, write.address)
        if let given = draft.lastUpdated { try ObjectWriteError.refuseStale(write.address, stored: stored.lastUpdated, given: given) }
        let location = try ObjectWriteError.building { () throws(ValidationError) in try stored.patched(with: draft, context: write.context) }
        return WriteDecision(object: location, created: false, change: .between(stored, location), lastUpdated: location.lastUpdated)
    }

    /// PUT of a whole EVSE under an existing location.
    static func putEVSE(_ draft: EVSEDraft, _ write: ObjectWrite<Body>, _ stored: Location?) throws(ObjectWriteError) -> WriteDecision<Location> {
        let stored = try existing(stored, write.address)
        var evse = try ObjectWriteError.building { () throws(ValidationError) in try EVSE(draft: draft, context: write.context) }
        let previous = stored.evse(uid: write.address.ids[1])
        if let previous {
            evse.keepIDs(of: previous)
            try ObjectWriteError.refuseStale(write.address, stored: previous.lastUpdated, given: evse.lastUpdated) }
        let location = try validated(stored.upserting(evse))
        return WriteDecision(object: location, created: previous == nil, change: .replaced, lastUpdated: evse.lastUpdated)
    }

    /// PATCH of an EVSE: only the fields present change (`connectors` merge by id).
    static func patchEVSE(_ draft: EVSEDraft, _ write: ObjectWrite<Body>, _ stored: Location?) throws(ObjectWriteError) -> WriteDecision<Location> {
        let stored = try existing(stored, write.address)
        let previous = try existingEVSE(stored, write.address)
        if let given = draft.lastUpdated { try ObjectWriteError.refuseStale(write.address, stored: previous.lastUpdated, given: given) }
        let evse = try ObjectWriteError.building { () throws(ValidationError) in try previous.patched(with: draft, context: write.context) }
        let location = try validated(stored.upserting(evse))
        return WriteDecision(object: location, created: false, change: .between(previous, evse), lastUpdated: evse.lastUpdated)
    }

    /// PUT of a whole Connector under an existing EVSE.
    static func putConnector(_ draft: ConnectorDraft, _ write: ObjectWrite<Body>, _ stored: Location?) throws(ObjectWriteError) -> WriteDecision<Location> {
        let stored = try existing(stored, write.address)
        let evse = try existingEVSE(stored, write.address)
        var connector = try ObjectWriteError.building { () throws(ValidationError) in try Connector(draft: draft, context: write.context) }
        let previous = evse.connector(id: write.address.ids[2])
        if let previous {
            connector.id = previous.id
            try ObjectWriteError.refuseStale(write.address, stored: previous.lastUpdated, given: connector.lastUpdated) }
        let location = try validated(stored.upserting(evse.upserting(connector)))
        return WriteDecision(object: location, created: previous == nil, change: .replaced, lastUpdated: connector.lastUpdated)
    }

    /// PATCH of a Connector.
    static func patchConnector(_ draft: ConnectorDraft, _ write: ObjectWrite<Body>, _ stored: Location?) throws(ObjectWriteError) -> WriteDecision<Location> {
        let stored = try existing(stored, write.address)
        let evse = try existingEVSE(stored, write.address)
        let id = write.address.ids[2]
        guard let previous = evse.connector(id: id) else {
            throw .unknownObject(write.address, missing: "connector \(id)")
        }
        if let given = draft.lastUpdated { try ObjectWriteError.refuseStale(write.address, stored: previous.lastUpdated, given: given) }
        let connector = try ObjectWriteError.building { () throws(ValidationError) in try previous.patched(with: draft, context: write.context) }
        let location = try validated(stored.upserting(evse.upserting(connector)))
        return WriteDecision(object: location, created: false, change: .between(previous, connector), lastUpdated: connector.lastUpdated)
    }

    // MARK: Helpers

    private static func existing(_ stored: Location?, _ address: ObjectAddress) throws(ObjectWriteError) -> Location {
        guard let stored else { throw .unknownObject(address, missing: "location \(address.objectID)") }
        return stored
    }

    private static func existingEVSE(_ location: Location, _ address: ObjectAddress) throws(ObjectWriteError) -> EVSE {
        let uid = address.ids[1]
        guard let evse = location.evse(uid: uid) else { throw .unknownObject(address, missing: "EVSE \(uid)") }
        return evse
    }

    /// Checks the whole location after a part changed (duplicate uids, parking references). Against 2.3.0, the
    /// superset: the body itself was already checked under the request's version, and data stored through the other
    /// version must not block an unrelated change.
    private static func validated(_ location: Location) throws(ObjectWriteError) -> Location {
        do {
            try location.validate(for: .v2_3_0)
            return location
        } catch {
            throw .invalid(error)
        }
    }
}

// Ids are CiStrings: a write may spell a stored one in another case, and the object keeps its first spelling. The
// country code and party id are the tenant's, as its token names them.
extension Location {
    mutating func keepIDs(of stored: Location) {
        id = stored.id
        for index in (evses ?? []).indices {
            if let previous = stored.evse(uid: evses![index].uid) { evses![index].keepIDs(of: previous) }
        }
    }
}

extension EVSE {
    mutating func keepIDs(of stored: EVSE) {
        uid = stored.uid
        for index in connectors.indices {
            if let previous = stored.connector(id: connectors[index].id) { connectors[index].id = previous.id }
        }
    }
}
