import HTTPTypes
import Hummingbird
import OCPIModel
import OCPIStorage

/// The Receiver interface of a module that peers write (`DataModule.writtenBy == .peerParty`; Tokens), for the
/// peer: `GET|PUT|PATCH /{module}/{country_code}/{party_id}/{id}[?{keyParameter}=…]`, where the party must be one
/// the connection speaks for (its reader parties: named by the operator or taken once at its first registration,
/// never a role it declares later). Another party's objects are neither read nor written. The pipeline's writer
/// does the rest, with `last_updated` required (a peer's write is never stamped for it).
struct PartyReceiverInterface<Module: DataModule>: ObjectInterface {
    let access: PeerAccess
    let routes: DataModuleRoutes<Module>

    var version: VersionNumber { routes.version }

    func list(_ request: Request) async throws -> Response {
        throw OCPIError.notFound("the \(Module.id.rawValue) Receiver interface has no list; it serves \(Module.template(prefix: ["country_code", "party_id"]))")
    }

    func get(_ request: Request, segments: [Substring]) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .peer(access))
        let address = try self.address(segments, request: request)
        guard let json = try await routes.store.ownerJSON(at: address, version: version) else {
            throw OCPIError.notFound("unknown \(Module.levelNames[0]) \(segments[2]) of party \(address.tenant)", code: Module.unknownObjectCode)
        }
        return OCPIEnvelope.ok(rawJSON: json.utf8, headers: routing.responseHeaders(answeringTenant: nil))
    }

    /// PUT creates or replaces (201 when created); PATCH changes the fields it carries. Both answer with the object
    /// as stored, in this version's rendering.
    func write(_ method: WriteMethod, _ request: Request, segments: [Substring]) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .peer(access))
        guard method == .put || method == .patch else {
            var error = OCPIError.methodNotAllowed("the \(Module.id.rawValue) Receiver interface serves GET, PUT and PATCH")
            error.headers[.allow] = "GET, PUT, PATCH"
            throw error
        }
        let address = try self.address(segments, request: request)
        let body = try await request.decodeJSONBody { data in try Module.decodeBody(data, depth: 1) }
        let context = ObjectContext(version: version, defaultLastUpdated: nil, timeZones: nil)
        let written: ObjectWriter<Module>.Written
        do {
            written = try await routes.writer.write(ObjectWrite(method: method, address: address, body: body, context: context))
        } catch let error as ObjectWriteError {
            throw OCPIError(partyWrite: error, unknownCode: Module.unknownObjectCode)
        }
        let status: HTTPResponse.Status = written.created && method == .put ? .created : .ok
        let headers = routing.responseHeaders(answeringTenant: nil)
        guard let json = written.json else {
            return try OCPIEnvelope.response(OCPIResponse<NoPayload>(data: nil), status: status, headers: headers)
        }
        return OCPIEnvelope.ok(rawJSON: json.utf8, status: status, headers: headers)
    }

    /// The address from `{country_code}/{party_id}/{id}` and the key parameter, refusing a party the connection
    /// does not speak for.
    func address(_ segments: [Substring], request: Request) throws(OCPIError) -> ObjectAddress {
        guard segments.count == 3 else {
            throw OCPIError.notFound("the \(Module.id.rawValue) Receiver interface serves \(Module.template(prefix: ["country_code", "party_id"]))")
        }
        guard let party = TenantID(countryCode: String(segments[0]), partyID: String(segments[1])) else {
            throw OCPIError.badRequest("country_code and party_id in the URL must be two letters and three letters or digits")
        }
        guard access.readerParties.contains(PartyCode(countryCode: party.countryCode, partyID: party.partyID)) else {
            let own = access.readerParties.map(\.description).joined(separator: ", ")
            throw OCPIError.notFound(
                "this connection writes \(Module.id.rawValue) for \(own.isEmpty ? "no party yet (the operator names them with set_peer_parties.sql)" : own); "
                    + "the URL names \(party)")
        }
        guard segments[2].utf8.count <= Module.idLength else {
            throw OCPIError.badRequest("\(Module.idPath[0]) in the URL must be 1 to \(Module.idLength) printable ASCII characters")
        }
        let keyValue = Module.keyParameter.flatMap { request.uri.queryParameters.get($0) }
        let id = try OCPIError.validating { () throws(ValidationError) in
            try Module.storedID(urlID: String(segments[2]), keyValue: keyValue, version: version)
        }
        return ObjectAddress(tenant: party, ids: [id])
    }
}

/// A tenant's owner token on a module that peers write: the tenant neither reads nor writes the objects there (it
/// uses them through the module's own calls, such as Tokens' authorize).
struct TenantUseInterface<Module: DataModule>: ObjectInterface {
    let tenant: TenantID
    let advice: String

    func list(_ request: Request) async throws -> Response { throw refusal() }
    func get(_ request: Request, segments: [Substring]) async throws -> Response { throw refusal() }
    func write(_ method: WriteMethod, _ request: Request, segments: [Substring]) async throws -> Response { throw refusal() }

    func refusal() -> OCPIError {
        var error = OCPIError.methodNotAllowed("\(Module.id.rawValue) are written by the EMSPs' connections, not by tenant \(tenant); \(advice)")
        error.headers[.allow] = "POST"
        return error
    }
}

extension OCPIError {
    /// A refused write of a peer's object, as the peer hears of it.
    init(partyWrite error: ObjectWriteError, unknownCode: OCPIStatusCode) {
        switch error {
        case .unknownObject(let address, let missing):
            self = .notFound("unknown \(missing) of party \(address.tenant); PUT it first", code: unknownCode)
        case .stale(_, let stored, let given):
            self = .invalid("last_updated \(given) is older than the stored \(stored); the newer data is kept")
        default:
            self.init(error, unknownCode: unknownCode)
        }
    }
}
