#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import OCPIModel
import OCPIPeers
import OCPIStorage

/// The Receiver interface for a tenant's own objects:
/// `GET|PUT|PATCH|DELETE /{module}/{country_code}/{party_id}/{id}[/{part ids}…]` (the methods the module allows)
/// and `GET /{module}` (its own list).
struct OwnerInterface<Module: DataModule>: ObjectInterface {
    let tenant: TenantID
    let routes: DataModuleRoutes<Module>

    var version: VersionNumber { routes.version }

    func list(_ request: Request) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .owner(tenant))
        let pagination = try Pagination(request: request)
        let page = try await routes.store.ownerPage(tenant: tenant, request: pagination.request, version: version)
        return pagination.response(page, request: request, publicURL: routes.publicURL, routing: routing, answeringTenant: tenant)
    }

    func get(_ request: Request, segments: [Substring]) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .owner(tenant))
        let address = try self.address(segments)
        guard let json = try await routes.store.ownerJSON(at: address, version: version) else {
            throw Module.unknown(address.ids)
        }
        return OCPIEnvelope.ok(rawJSON: json.utf8, headers: routing.responseHeaders(answeringTenant: tenant))
    }

    /// PUT creates or replaces (201 when created, 200 when replaced); PATCH changes only the fields it carries.
    /// The answer's `data` is the stored object as this version renders it, as a GET right after would return it
    /// (clients keep what they get back).
    func write(_ method: WriteMethod, _ request: Request, segments: [Substring]) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .owner(tenant))
        if method == .post { return try await create(request, routing: routing) }
        let address = try self.address(segments)
        if method == .delete { return try await delete(address, routing: routing) }
        let body = try await request.decodeJSONBody { data in try Module.decodeBody(data, depth: address.ids.count) }
        let context = ObjectContext(version: version, defaultLastUpdated: .now(), timeZones: routes.timeZones)
        let written: ObjectWriter<Module>.Written
        do {
            written = try await routes.writer.write(ObjectWrite(method: method, address: address, body: body, context: context))
        } catch let error as ObjectWriteError {
            throw OCPIError(error, unknownCode: Module.unknownObjectCode)
        }
        let status: HTTPResponse.Status = written.created && method == .put ? .created : .ok
        let headers = routing.responseHeaders(answeringTenant: tenant)
        let message = written.notes.isEmpty ? nil : written.notes.joined(separator: "; ")
        guard let json = written.json else {
            return try OCPIEnvelope.response(OCPIResponse<NoPayload>(data: nil, statusMessage: message), status: status, headers: headers)
        }
        return OCPIEnvelope.ok(rawJSON: json.utf8, status: status, headers: headers, message: message)
    }

    /// POST of a whole object to the module's URL (CDRs): created, never replaced; answered 201 with the object as
    /// stored and a `Location` header naming where GET reads it.
    func create(_ request: Request, routing: RoutingHeaders) async throws -> Response {
        let body = try await request.decodeJSONBody { data in try Module.decodeBody(data, depth: 1) }
        guard let id = Module.postedID(of: body) else {
            throw OCPIError(validation: ValidationError(issues: [.init(field: "id", rule: "is required")]))
        }
        guard id.utf8.count <= Module.idLength, URLSegment.isAddressable(id) else {
            throw OCPIError(validation: ValidationError(issues: [
                .init(field: "id", rule: "must be 1 to \(Module.idLength) printable ASCII characters, without '/', and not '.' or '..'")
            ]))
        }
        let address = ObjectAddress(tenant: tenant, ids: [id])
        let context = ObjectContext(version: version, defaultLastUpdated: .now(), timeZones: routes.timeZones)
        let written: ObjectWriter<Module>.Written
        do {
            written = try await routes.writer.write(ObjectWrite(method: .post, address: address, body: body, context: context))
        } catch let error as ObjectWriteError {
            throw OCPIError(error, unknownCode: Module.unknownObjectCode)
        }
        var headers = routing.responseHeaders(answeringTenant: tenant)
        headers[.location] = ReceiverURL.of(address, at: "\(routes.publicURL)/ocpi/cpo/\(version.rawValue)/\(Module.id.rawValue)")
        let message = written.notes.isEmpty ? nil : written.notes.joined(separator: "; ")
        guard let json = written.json else {
            return try OCPIEnvelope.response(OCPIResponse<NoPayload>(data: nil, statusMessage: message), status: .created, headers: headers)
        }
        return OCPIEnvelope.ok(rawJSON: json.utf8, status: .created, headers: headers, message: message)
    }

    /// DELETE of a whole object: answered without data once it is gone (and its peers are told).
    func delete(_ address: ObjectAddress, routing: RoutingHeaders) async throws -> Response {
        guard address.partIDs.isEmpty else {
            throw OCPIError.notFound("DELETE addresses a whole \(Module.levelNames[0]): \(Module.template(prefix: ["country_code", "party_id"]))")
        }
        do {
            try await routes.writer.delete(address)
        } catch let error as ObjectWriteError {
            throw OCPIError(error, unknownCode: Module.unknownObjectCode)
        }
        return try OCPIEnvelope.ok(headers: routing.responseHeaders(answeringTenant: tenant))
    }

    /// The address from `{country_code}/{party_id}/{id}[/{part ids}…]`, refusing any tenant but the token's own.
    func address(_ segments: [Substring]) throws(OCPIError) -> ObjectAddress {
        guard segments.count >= 3, segments.count <= 2 + Module.idPath.count else {
            throw OCPIError.notFound("an owner token addresses its objects as \(Module.template(prefix: ["country_code", "party_id"]))")
        }
        guard let named = TenantID(countryCode: String(segments[0]), partyID: String(segments[1])), named == tenant else {
            throw OCPIError.notFound("this token belongs to tenant \(tenant); the URL names \(segments[0])*\(segments[1]), which it may not access")
        }
        for (index, (segment, name)) in zip(segments.dropFirst(2), Module.idPath).enumerated() {
            let length = index == 0 ? Module.idLength : 36
            guard segment.utf8.count <= length, segment.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
                throw OCPIError.badRequest("\(name) in the URL must be 1 to \(length) printable ASCII characters")
            }
        }
        return ObjectAddress(tenant: tenant, ids: segments.dropFirst(2).map(String.init))
    }
}

extension OCPIError {
    /// A refused write, as the owner hears of it.
    init(_ error: ObjectWriteError, unknownCode: OCPIStatusCode) {
        switch error {
        case .invalid(let validation): self.init(validation: validation)
        case .unknownObject(let address, let missing):
            self = .notFound("unknown \(missing) of tenant \(address.tenant); PUT it first", code: unknownCode)
        case .stale(_, let stored, let given):
            self = .invalid(
                "last_updated \(given) is older than the stored \(stored); the newer data is kept (send the current time, or omit last_updated)")
        case .mismatch(let field, let given, let urlName, let urlValue):
            self = .invalid("\(field) \"\(given)\" in the body does not match \(urlName) \"\(urlValue)\" in the URL")
        case .readerChanged(_, let stored, let given):
            self = .invalid(
                "cdr_token names party \(given?.description ?? "none"), but this object concerns \(stored): "
                    + "the EMSP party of a session or CDR cannot change")
        case .exists(let address, let advice):
            self = .invalid("\(address.objectID) exists already at tenant \(address.tenant); \(advice)")
        case .inUse(let address, let users, let field):
            let shown = users.prefix(20).joined(separator: ", ") + (users.count > 20 ? " and \(users.count - 20) more" : "")
            self = .invalid(
                "\(address.objectID) is still listed in \(field) of \(users.count == 1 ? "connector" : "connectors") \(shown); "
                    + "remove it there first")
        }
    }
}
