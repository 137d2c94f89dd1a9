// Finding and replacing children, for PUT and PATCH at an EVSE or Connector URL. Ids are CiStrings, so lookups
// ignore case; the stored ids keep the case they were written in.

extension Location {
    /// The EVSE with this uid, compared case-insensitively.
    public func evse(uid: String) -> EVSE? {
        evses?.first { $0.uid.lowercased() == uid.lowercased() }
    }

    /// This Location with `evse` replacing the EVSE of the same uid, or appended when new; last_updated raised to at
    /// least the EVSE's (the spec's rule for a PUT or PATCH of an EVSE). Validate the result: only the Location can
    /// check the EVSE's parking references.
    public func upserting(_ evse: EVSE) -> Location {
        var copy = self
        var list = evses ?? []
        if let index = list.firstIndex(where: { $0.uid.lowercased() == evse.uid.lowercased() }) {
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
        connectors.first { $0.id.lowercased() == id.lowercased() }
    }

    /// This EVSE with `connector` replacing the Connector of the same id, or appended when new; last_updated raised
    /// to at least the Connector's. Pass the result to `Location.upserting(_:)` to raise the Location's too.
    public func upserting(_ connector: Connector) -> EVSE {
        var copy = self
        if let index = connectors.firstIndex(where: { $0.id.lowercased() == connector.id.lowercased() }) {
            copy.connectors[index] = connector
        } else {
            copy.connectors.append(connector)
        }
        copy.lastUpdated = max(lastUpdated, connector.lastUpdated)
        return copy
    }
}
