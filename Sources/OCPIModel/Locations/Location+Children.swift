// Finding and replacing children, for PUT and PATCH at an EVSE or Connector URL. Ids are CiStrings, so lookups
// ignore case; the stored ids keep the case they were written in.

extension Location {
    /// The EVSE with this uid, compared case-insensitively.
    public func evse(uid: String) -> EVSE? {
        evseIndex(uid: uid).map { evses![$0] }
    }

    /// Where the EVSE with this uid (compared case-insensitively) sits in `evses`.
    func evseIndex(uid: String) -> Int? {
        let key = uid.lowercased()
        return evses?.firstIndex { $0.uid.lowercased() == key }
    }

    /// This Location with `evse` replacing the EVSE of the same uid, or appended when new; last_updated raised to at
    /// least the EVSE's (the spec's rule for a PUT or PATCH of an EVSE). Validate the result: only the Location can
    /// check the EVSE's parking references.
    public func upserting(_ evse: EVSE) -> Location {
        var copy = self
        var list = evses ?? []
        if let index = evseIndex(uid: evse.uid) {
            list[index] = evse
        } else {
            list.append(evse)
        }
        copy.evses = list
        copy.lastUpdated = max(lastUpdated, evse.lastUpdated)
        return copy
    }
}

extension EVSE {
    /// The Connector with this id, compared case-insensitively.
    public func connector(id: String) -> Connector? {
        connectorIndex(id: id).map { connectors[$0] }
    }

    /// Where the Connector with this id (compared case-insensitively) sits in `connectors`.
    func connectorIndex(id: String) -> Int? {
        let key = id.lowercased()
        return connectors.firstIndex { $0.id.lowercased() == key }
    }

    /// This EVSE with `connector` replacing the Connector of the same id, or appended when new; last_updated raised
    /// to at least the Connector's. Pass the result to `Location.upserting(_:)` to raise the Location's too.
    public func upserting(_ connector: Connector) -> EVSE {
        var copy = self
        if let index = connectorIndex(id: connector.id) {
            copy.connectors[index] = connector
        } else {
            copy.connectors.append(connector)
        }
        copy.lastUpdated = max(lastUpdated, connector.lastUpdated)
        return copy
    }
}
