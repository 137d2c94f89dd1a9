import HTTPTypes
import Hummingbird
import OCPIModel
import OCPIStorage

/// The Receiver interface for a tenant's own Locations, EVSEs and Connectors.
struct OwnerLocations: Sendable {
    let store: LocationStore
    let receiver: LocationReceiver
    let timeZones: TimeZoneResolver?
    let publicURL: String
    let version: VersionNumber

    static let useTenantPath = OCPIError.notFound(
        "an owner token addresses its objects as /locations/{country_code}/{party_id}/{location_id}[/{evse_uid}[/{connector_id}]]")

    /// `GET /locations`: the tenant's own locations, published or not.
    func list(_ request: Request, tenant: TenantID) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .owner(tenant))
        let pagination = try Pagination(request: request)
        let page = try await store.ownerPage(tenant: tenant, request: pagination.request, version: version)
        var headers = pagination.headers(for: page, publicURL: publicURL, path: request.uri.path)
        headers.append(contentsOf: routing.responseHeaders(answeringTenant: tenant))
        return OCPIEnvelope.ok(rawJSON: page.json.utf8, headers: headers)
    }

    func get(_ request: Request, tenant: TenantID, segments: [String]) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .owner(tenant))
        let path = try self.path(tenant: tenant, segments: segments)
        guard let json = try await store.ownerJSON(at: path, version: version) else {
            throw Self.unknown(path)
        }
        return OCPIEnvelope.ok(rawJSON: json.utf8, headers: routing.responseHeaders(answeringTenant: tenant))
    }

    /// PUT creates or replaces: 201 when created, 200 when replaced. The answer's `data` is the stored object as
    /// this version renders it, as a GET right after would return it (clients keep what they get back).
    func put(_ request: Request, tenant: TenantID, segments: [String]) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .owner(tenant))
        let path = try self.path(tenant: tenant, segments: segments)
        let context = ObjectContext(version: version, defaultLastUpdated: .now(), timeZones: timeZones)
        let written: LocationReceiver.Written
        switch path.level {
        case .location:
            var draft = try await request.decodeJSONBody(as: LocationDraft.self)
            try Self.reconcile(&draft.countryCode, with: tenant.countryCode, field: "country_code", url: "country_code")
            try Self.reconcile(&draft.partyID, with: tenant.partyID, field: "party_id", url: "party_id")
            try Self.reconcile(&draft.id, with: path.locationID, field: "id", url: "location_id")
            written = try await perform { try await receiver.putLocation(draft, at: path, context: context) }
        case .evse(let uid):
            var draft = try await request.decodeJSONBody(as: EVSEDraft.self)
            try Self.reconcile(&draft.uid, with: uid, field: "uid", url: "evse_uid")
            written = try await perform { try await receiver.putEVSE(draft, at: path, context: context) }
        case .connector(_, let id):
            var draft = try await request.decodeJSONBody(as: ConnectorDraft.self)
            try Self.reconcile(&draft.id, with: id, field: "id", url: "connector_id")
            written = try await perform { try await receiver.putConnector(draft, at: path, context: context) }
        }
        return try Self.answer(written, status: written.outcome == .created ? .created : .ok, headers: routing.responseHeaders(answeringTenant: tenant))
    }

    /// PATCH changes only the fields it carries; ids, when present, must match the URL. Answered like PUT, with the
    /// whole stored object.
    func patch(_ request: Request, tenant: TenantID, segments: [String]) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .owner(tenant))
        let path = try self.path(tenant: tenant, segments: segments)
        let context = ObjectContext(version: version, defaultLastUpdated: .now(), timeZones: timeZones)
        let written: LocationReceiver.Written
        switch path.level {
        case .location:
            var draft = try await request.decodeJSONBody(as: LocationDraft.self)
            try Self.reconcile(&draft.countryCode, with: tenant.countryCode, field: "country_code", url: "country_code", fill: false)
            try Self.reconcile(&draft.partyID, with: tenant.partyID, field: "party_id", url: "party_id", fill: false)
            try Self.reconcile(&draft.id, with: path.locationID, field: "id", url: "location_id", fill: false)
            written = try await perform { try await receiver.patchLocation(draft, at: path, context: context) }
        case .evse(let uid):
            var draft = try await request.decodeJSONBody(as: EVSEDraft.self)
            try Self.reconcile(&draft.uid, with: uid, field: "uid", url: "evse_uid", fill: false)
            written = try await perform { try await receiver.patchEVSE(draft, at: path, context: context) }
        case .connector(_, let id):
            var draft = try await request.decodeJSONBody(as: ConnectorDraft.self)
            try Self.reconcile(&draft.id, with: id, field: "id", url: "connector_id", fill: false)
            written = try await perform { try await receiver.patchConnector(draft, at: path, context: context) }
        }
        return try Self.answer(written, status: .ok, headers: routing.responseHeaders(answeringTenant: tenant))
    }

    // MARK: Helpers

    /// The object path from `{country_code}/{party_id}/{location_id}[/{evse_uid}[/{connector_id}]]`, refusing any
    /// tenant but the token's own.
    func path(tenant: TenantID, segments: [String]) throws(OCPIError) -> LocationPath {
        guard let named = TenantID(countryCode: segments[0], partyID: segments[1]), named == tenant else {
            throw OCPIError.notFound("this token belongs to tenant \(tenant); the URL names \(segments[0])*\(segments[1]), which it may not access")
        }
        for (segment, name) in zip(segments.dropFirst(2), ["location_id", "evse_uid", "connector_id"]) {
            guard segment.utf8.count <= 36, segment.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
                throw OCPIError.badRequest("\(name) in the URL must be 1 to 36 printable ASCII characters")
            }
        }
        return LocationPath(
            tenant: tenant, locationID: segments[2],
            evseUID: segments.count > 3 ? segments[3] : nil,
            connectorID: segments.count > 4 ? segments[4] : nil)
    }

    /// Ids in a body must agree with the URL (case-insensitively, as CiStrings); missing ones are taken from the URL
    /// on PUT, so that a body without them is still a whole object.
    static func reconcile(_ value: inout String?, with urlValue: String, field: String, url: String, fill: Bool = true) throws(OCPIError) {
        if let given = value {
            guard given.lowercased() == urlValue.lowercased() else {
                throw OCPIError.invalid("\(field) \"\(given)\" in the body does not match \(url) \"\(urlValue)\" in the URL")
            }
        } else if fill {
            value = urlValue
        }
    }

    static func unknown(_ path: LocationPath) -> OCPIError {
        switch path.level {
        case .location: OCPIError.notFound("unknown location \(path.locationID)", code: .unknownLocation)
        case .evse(let uid): OCPIError.notFound("unknown EVSE \(uid) at location \(path.locationID)", code: .unknownLocation)
        case .connector(let uid, let id): OCPIError.notFound("unknown connector \(id) of EVSE \(uid) at location \(path.locationID)", code: .unknownLocation)
        }
    }

    /// The answer to a write: the stored object in `data`, or no data when this version cannot show it.
    static func answer(_ written: LocationReceiver.Written, status: HTTPResponse.Status, headers: HTTPFields) throws -> Response {
        guard let json = written.json else { return try OCPIEnvelope.ok(status: status, headers: headers) }
        return OCPIEnvelope.ok(rawJSON: json.utf8, status: status, headers: headers)
    }

    /// Runs a receiver operation, turning its refusals into envelopes.
    private func perform(_ operation: () async throws -> LocationReceiver.Written) async throws -> LocationReceiver.Written {
        do {
            return try await operation()
        } catch let error as LocationWriteError {
            switch error {
            case .invalid(let validation): throw OCPIError(validation: validation)
            case .unknownObject(let path, let missing):
                throw OCPIError.notFound("unknown \(missing) of tenant \(path.tenant); PUT it first", code: .unknownLocation)
            case .stale(_, let stored, let given):
                throw OCPIError.invalid(
                    "last_updated \(given) is older than the stored \(stored); the newer data is kept (send the current time, or omit last_updated)")
            }
        }
    }
}
