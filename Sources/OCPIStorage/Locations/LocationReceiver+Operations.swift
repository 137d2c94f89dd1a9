import OCPIModel

extension LocationReceiver {
    /// PUT of a whole Location. EVSEs the stored location had and the body leaves out are kept with status REMOVED:
    /// OCPI never deletes EVSEs (sessions and CDRs refer to them), and peers learn of the removal.
    public func putLocation(_ draft: LocationDraft, at path: LocationPath, context: ObjectContext) async throws -> Written {
        try await write(at: path, context: context) { stored, context throws(LocationWriteError) in
            var location = try build { () throws(ValidationError) in try Location(draft: draft, context: context) }
            if let stored {
                try refuseStale(path, stored: stored.lastUpdated, given: location.lastUpdated)
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
            return Decision(location: location, evseUID: nil, created: stored == nil, kind: .replaced, lastUpdated: location.lastUpdated)
        }
    }

    /// PATCH of a Location: only the fields present change (`evses` merge by uid).
    public func patchLocation(_ draft: LocationDraft, at path: LocationPath, context: ObjectContext) async throws -> Written {
        try await write(at: path, context: context) { stored, context throws(LocationWriteError) in
            guard let stored else { throw .unknownObject(path, missing: "location \(path.locationID)") }
            if let given = draft.lastUpdated { try refuseStale(path, stored: stored.lastUpdated, given: given) }
            let location = try build { () throws(ValidationError) in try stored.patched(with: draft, context: context) }
            return Decision(
                location: location, evseUID: nil, created: false,
                kind: Self.changedFields(from: stored, to: location), lastUpdated: location.lastUpdated)
        }
    }

    /// PUT of a whole EVSE under an existing location.
    public func putEVSE(_ draft: EVSEDraft, at path: LocationPath, context: ObjectContext) async throws -> Written {
        guard let uid = path.evseUID else { preconditionFailure("an EVSE path has a uid") }
        return try await write(at: path, context: context) { stored, context throws(LocationWriteError) in
            guard let stored else { throw .unknownObject(path, missing: "location \(path.locationID)") }
            let evse = try build { () throws(ValidationError) in try EVSE(draft: draft, context: context) }
            let existing = stored.evse(uid: uid)
            if let existing { try refuseStale(path, stored: existing.lastUpdated, given: evse.lastUpdated) }
            let location = try validated(stored.upserting(evse))
            return Decision(location: location, evseUID: evse.uid, created: existing == nil, kind: .replaced, lastUpdated: evse.lastUpdated)
        }
    }

    /// PATCH of an EVSE: only the fields present change (`connectors` merge by id).
    public func patchEVSE(_ draft: EVSEDraft, at path: LocationPath, context: ObjectContext) async throws -> Written {
        guard let uid = path.evseUID else { preconditionFailure("an EVSE path has a uid") }
        return try await write(at: path, context: context) { stored, context throws(LocationWriteError) in
            guard let stored else { throw .unknownObject(path, missing: "location \(path.locationID)") }
            guard let existing = stored.evse(uid: uid) else { throw .unknownObject(path, missing: "EVSE \(uid)") }
            if let given = draft.lastUpdated { try refuseStale(path, stored: existing.lastUpdated, given: given) }
            let evse = try build { () throws(ValidationError) in try existing.patched(with: draft, context: context) }
            let location = try validated(stored.upserting(evse))
            return Decision(
                location: location, evseUID: evse.uid, created: false,
                kind: Self.changedFields(from: existing, to: evse), lastUpdated: evse.lastUpdated)
        }
    }

    /// PUT of a whole Connector under an existing EVSE.
    public func putConnector(_ draft: ConnectorDraft, at path: LocationPath, context: ObjectContext) async throws -> Written {
        guard let uid = path.evseUID, let id = path.connectorID else { preconditionFailure("a connector path has both ids") }
        return try await write(at: path, context: context) { stored, context throws(LocationWriteError) in
            guard let stored else { throw .unknownObject(path, missing: "location \(path.locationID)") }
            guard let evse = stored.evse(uid: uid) else { throw .unknownObject(path, missing: "EVSE \(uid)") }
            let connector = try build { () throws(ValidationError) in try Connector(draft: draft, context: context) }
            let existing = evse.connector(id: id)
            if let existing { try refuseStale(path, stored: existing.lastUpdated, given: connector.lastUpdated) }
            let location = try validated(stored.upserting(evse.upserting(connector)))
            return Decision(location: location, evseUID: evse.uid, created: existing == nil, kind: .replaced, lastUpdated: connector.lastUpdated)
        }
    }

    /// PATCH of a Connector.
    public func patchConnector(_ draft: ConnectorDraft, at path: LocationPath, context: ObjectContext) async throws -> Written {
        guard let uid = path.evseUID, let id = path.connectorID else { preconditionFailure("a connector path has both ids") }
        return try await write(at: path, context: context) { stored, context throws(LocationWriteError) in
            guard let stored else { throw .unknownObject(path, missing: "location \(path.locationID)") }
            guard let evse = stored.evse(uid: uid) else { throw .unknownObject(path, missing: "EVSE \(uid)") }
            guard let existing = evse.connector(id: id) else { throw .unknownObject(path, missing: "connector \(id)") }
            if let given = draft.lastUpdated { try refuseStale(path, stored: existing.lastUpdated, given: given) }
            let connector = try build { () throws(ValidationError) in try existing.patched(with: draft, context: context) }
            let location = try validated(stored.upserting(evse.upserting(connector)))
            return Decision(
                location: location, evseUID: evse.uid, created: false,
                kind: Self.changedFields(from: existing, to: connector), lastUpdated: connector.lastUpdated)
        }
    }

    // MARK: Helpers

    private func build<T>(_ make: () throws(ValidationError) -> T) throws(LocationWriteError) -> T {
        do { return try make() } catch { throw .invalid(error) }
    }

    /// Checks the whole location after a child changed (duplicate uids, parking references). Against 2.3.0, the
    /// superset: the body itself was already checked under the request's version, and data stored through the other
    /// version must not block an unrelated change.
    private func validated(_ location: Location) throws(LocationWriteError) -> Location {
        do {
            try location.validate(for: .v2_3_0)
            return location
        } catch {
            throw .invalid(error)
        }
    }

    private func refuseStale(_ path: LocationPath, stored: DateTime, given: DateTime) throws(LocationWriteError) {
        if given < stored { throw .stale(path, stored: stored, given: given) }
    }
}
