extension EVSE {
    /// The fields 2.3.0 added: unknown fields to a 2.2.1 body, so ignored there.
    static let fieldsAddedIn2_3_0: Set<String> = ["parking", "accepted_service_providers"]

    /// Builds a complete EVSE, Connectors included, from a PUT body, validating everything and reporting every
    /// issue at once. A missing last_updated takes `context.defaultLastUpdated` (or is refused when that is nil);
    /// Connectors without one then take the EVSE's. The EVSE's last_updated is raised to its latest Connector's.
    public init(draft: EVSEDraft, context: ObjectContext) throws(ValidationError) {
        let (evse, issues) = Self.assemble(draft, context)
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        self = evse
    }

    /// Applies a PATCH body: only the fields present change; `connectors` merge by id (case-insensitively), an
    /// unknown id being a new Connector built from its draft. The body's `uid`, when present, must be this EVSE's.
    /// last_updated comes from the body, else `context.defaultLastUpdated`, and is raised to the latest Connector's.
    public func patched(with draft: EVSEDraft, context: ObjectContext) throws(ValidationError) -> EVSE {
        let (evse, issues) = patchAssembled(draft, context)
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        return evse
    }

    /// The EVSE a PUT body describes, with placeholders for missing fields, and every issue.
    static func assemble(_ draft: EVSEDraft, _ context: ObjectContext) -> (EVSE, [ValidationError.Issue]) {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, fieldsAddedIn2_3_0: fieldsAddedIn2_3_0)
        let uid = build.required(draft.uid, "uid", placeholder: "")
        let status = build.required(draft.status, "status", placeholder: EVSEStatus(rawValue: ""))
        let lastUpdated = build.lastUpdated(draft.lastUpdated)
        let children = context.forChildren(inheriting: context.defaultLastUpdated == nil ? nil : lastUpdated)
        var connectors: [Connector] = []
        for (index, connectorDraft) in build.required(draft.connectors, "connectors", placeholder: []).enumerated() {
            let (connector, issues) = Connector.assemble(connectorDraft, children)
            connectors.append(connector)
            build.issues.add(issues, under: "connectors[\(index)]")
        }
        let evse = EVSE(
            uid: uid, evseID: draft.evseID, status: status, statusSchedule: draft.statusSchedule,
            capabilities: draft.capabilities, connectors: connectors, floorLevel: draft.floorLevel,
            coordinates: build.normalized(draft.coordinates, "coordinates"),
            physicalReference: draft.physicalReference, directions: draft.directions,
            parkingRestrictions: draft.parkingRestrictions, parking: build.speaks2_3 ? draft.parking : nil,
            images: draft.images,
            acceptedServiceProviders: build.speaks2_3 ? draft.acceptedServiceProviders : nil,
            lastUpdated: latest(lastUpdated, connectors.map(\.lastUpdated))
        )
        return (evse, build.finish { evse.checkOwn(&$0) })
    }

    /// This EVSE with a PATCH body applied, and every issue. Connector issues carry the body's indices.
    func patchAssembled(_ draft: EVSEDraft, _ context: ObjectContext) -> (EVSE, [ValidationError.Issue]) {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, fieldsAddedIn2_3_0: Self.fieldsAddedIn2_3_0)
        build.matches(draft.uid, uid, "uid")
        let patchTime = build.patchLastUpdated(draft.lastUpdated)
        let children = context.forChildren(inheriting: patchTime)
        var result = self
        for (index, connectorDraft) in (draft.connectors ?? []).enumerated() {
            guard let id = connectorDraft.id else {
                build.unmergeable("connectors[\(index)]", key: "id", decodingIssues: connectorDraft.decodingIssues)
                continue
            }
            let (connector, issues): (Connector, [ValidationError.Issue])
            if let position = result.connectorIndex(id: id) {
                (connector, issues) = result.connectors[position].patchAssembled(connectorDraft, children)
                result.connectors[position] = connector
            } else {
                (connector, issues) = Connector.assemble(connectorDraft, children)
                result.connectors.append(connector)
            }
            build.issues.add(issues, under: "connectors[\(index)]")
        }
        result.evseID = draft.evseID ?? evseID
        result.status = draft.status ?? status
        result.statusSchedule = draft.statusSchedule ?? statusSchedule
        result.capabilities = draft.capabilities ?? capabilities
        result.floorLevel = draft.floorLevel ?? floorLevel
        result.coordinates = build.normalized(draft.coordinates, "coordinates") ?? coordinates
        result.physicalReference = draft.physicalReference ?? physicalReference
        result.directions = draft.directions ?? directions
        result.parkingRestrictions = draft.parkingRestrictions ?? parkingRestrictions
        result.images = draft.images ?? images
        if build.speaks2_3 {
            result.parking = draft.parking ?? parking
            result.acceptedServiceProviders = draft.acceptedServiceProviders ?? acceptedServiceProviders
        }
        result.lastUpdated = latest(patchTime ?? lastUpdated, result.connectors.map(\.lastUpdated))
        return (result, build.finishPatch(from: self, to: result) { result.checkOwn(&$0) })
    }
}
