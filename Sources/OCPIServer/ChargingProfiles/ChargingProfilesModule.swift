#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import Logging
import NIOHTTP1
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient

/// The ChargingProfiles Receiver, relayed like Commands: a peer's `PUT /chargingprofiles/{session_id}`
/// (SetChargingProfile), `GET …?duration=&response_url=` and `DELETE …?response_url=` for a session of one of its
/// parties are recorded and sent to the tenant's back-office (`{chargingprofiles_url}/{session_id}`, with our
/// `response_url`); its immediate answer is the peer's, and its result comes back through our response_url
/// (`POST /chargingprofiles/{request}/{id}`, owner token) to be relayed by `CommandResultRelay`. After a successful
/// Set, the back-office may `PUT /chargingprofiles/{session_id}` an ActiveChargingProfile, which goes on to that peer.
public struct ChargingProfilesModule: OCPIModule {
    public let identifier = ModuleID.chargingProfiles
    public let role = InterfaceRole.receiver

    let store: CommandStore
    let sessions: ObjectStore<Sessions>
    let client: PeerClient
    let publicURL: String
    let relayFor: Duration
    let resultArrived: @Sendable () -> Void
    let logger = Logger(label: "ocpi.chargingprofiles")

    public init(pool: PGPool, client: PeerClient, publicURL: String, relayFor: Duration, resultArrived: @escaping @Sendable () -> Void) {
        self.store = CommandStore(pool: pool)
        self.sessions = ObjectStore(pool: pool)
        self.client = client
        self.publicURL = publicURL
        self.relayFor = relayFor
        self.resultArrived = resultArrived
    }

    /// The three requests a peer makes, as the record and the result URL name them.
    enum Request: String {
        case set = "SET_PROFILE"
        case get = "GET_PROFILE"
        case clear = "CLEAR_PROFILE"
    }

    public func register(on group: RouterGroup<OCPIRequestContext>, version: VersionNumber) {
        for (method, request) in [(HTTPRequest.Method.get, Request.get), (.delete, .clear)] {
            group.on("**", method: method) { http, context in
                guard case .peer(let access) = try context.principal else { throw Self.onlyPeers(version) }
                return try await relay(request, http, context: context, access: access, version: version)
            }
        }
        group.put("**") { http, context in
            switch try context.principal {
            case .peer(let access): return try await relay(.set, http, context: context, access: access, version: version)
            case .owner(let tenant): return try await activeProfile(http, context: context, tenant: tenant, version: version)
            case .registration: throw OCPIError.unauthorized("a registration token (token A) may only read versions and use the credentials module")
            }
        }
        group.post("**") { http, context in
            let segments = try context.parameters.getCatchAll()
            guard case .owner(let tenant) = try context.principal, segments.count == 2, let request = Request(rawValue: String(segments[0])) else {
                throw OCPIError.notFound("a back-office posts a result to the response_url it was given")
            }
            return try await result(request, publicID: String(segments[1]), http, tenant: tenant, version: version)
        }
    }

    /// The session id of `/chargingprofiles/{session_id}`, percent-decoded and checked as every id in a URL is.
    static func sessionID(_ context: OCPIRequestContext) throws -> String {
        let segments = try DataModuleRoutes<Sessions>.segments(context)
        guard segments.count == 1, let id = segments.first.map(String.init), id.utf8.count <= 36 else {
            throw OCPIError.notFound("charging profiles are addressed as /chargingprofiles/{session_id} (1 to 36 printable ASCII characters, no '/')")
        }
        return id
    }

    static func onlyPeers(_ version: VersionNumber) -> OCPIError {
        var error = OCPIError.methodNotAllowed(
            "a back-office sends only ActiveChargingProfiles here: PUT /ocpi/cpo/\(version.rawValue)/chargingprofiles/{session_id}")
        error.headers[.allow] = "PUT, POST"
        return error
    }

    // MARK: A peer's request

    func relay(
        _ request: Request, _ http: Hummingbird.Request, context: OCPIRequestContext, access: PeerAccess, version: VersionNumber
    ) async throws -> Response {
        let routing = try RoutingHeaders(request: http, principal: .peer(access))
        let sessionID = try Self.sessionID(context)
        let query = http.uri.queryParameters
        var body: JSONValue?
        let responseURL: String
        var duration: Int?
        switch request {
        case .set:
            let data = try await http.decodeJSONBody { data in (try OCPIJSON.decoder.decode(SetChargingProfile.self, from: data), try OCPIJSON.decoder.decode(JSONValue.self, from: data)) }
            try OCPIError.validating { () throws(ValidationError) in try data.0.validate(for: version) }
            body = data.1
            responseURL = data.0.responseURL
        case .get, .clear:
            // Hummingbird has percent-decoded the query's values already.
            guard let url = query.get("response_url") else {
                throw OCPIError.invalid("response_url is required: ?response_url=https://…")
            }
            try OCPIError.validating { () throws(ValidationError) in try ResponseURL.validate(url, version: version) }
            responseURL = url
            if request == .get {
                guard let seconds = query.get("duration", as: Int.self), seconds > 0 else {
                    throw OCPIError.invalid("duration is required: ?duration=900 (seconds, more than 0)")
                }
                duration = seconds
            }
        }
        try await store.checkResponseURL(responseURL, of: access.peerID)
        let scope: TenantScope = routing.to.map { .tenants([$0]) } ?? (access.allTenants ? .all : .tenants(access.tenants.sorted()))
        guard case .found(let tenant, let json) = try await sessions.sharedJSON(ids: [sessionID], scope: scope, parties: access.readerParties, version: .v2_3_0),
            let session = try? OCPIJSON.decoder.decode(JSONValue.self, from: Data(json.utf8)),
            let country = session["cdr_token"]?["country_code"]?.string, let partyID = session["cdr_token"]?["party_id"]?.string
        else {
            return try answer(ChargingProfileResponse(result: .unknownSession, timeout: 0), routing: routing, tenant: nil)
        }
        let party = PartyCode(countryCode: country, partyID: partyID)
        guard let link = try await store.backoffice(of: tenant), let base = link.chargingProfilesURL else {
            return try answer(ChargingProfileResponse(result: .notSupported, timeout: 0), routing: routing, tenant: tenant)
        }
        var asked: [String: JSONValue] = ["response_url": .string(responseURL)]
        if let duration { asked["duration"] = .number(Double(duration)) }
        let raw = String(decoding: try OCPIJSON.encoder.encode(body ?? .object(asked)), as: UTF8.self)
        let recorded = try await store.record(
            NewCommand(
                tenant: tenant, peer: access.peerID, peerParty: party, module: .chargingProfiles, command: request.rawValue, version: version,
                subject: sessionID, request: raw, responseURL: responseURL))
        let ours = "\(publicURL)/ocpi/cpo/\(version.rawValue)/chargingprofiles/\(request.rawValue)/\(recorded.publicID)"
        var url = PercentEncoding.url(base, appending: [sessionID])
        let method: HTTPMethod
        var forwarded: JSONValue?
        switch request {
        case .set:
            method = .PUT
            var object = body?.object ?? [:]
            object["response_url"] = .string(ours)
            forwarded = .object(object)
        case .get:
            method = .GET
            url += "?duration=\(duration ?? 0)&response_url=" + PercentEncoding.encode(ours)
        case .clear:
            method = .DELETE
            url += "?response_url=" + PercentEncoding.encode(ours)
        }
        let headers = OutboundRouting.headers(from: party, to: PartyCode(tenant))
        let response: ChargingProfileResponse
        var failure: String?
        let payload = try forwarded.map { Array(try OCPIJSON.encoder.encode($0)) }
        do {
            let answer = try await client.call(
                method, url, token: PeerToken(value: link.token, format: .base64), json: payload, headers: headers, as: ChargingProfileResponse.self)
            if let data = answer.data, case .success = Result(catching: { () throws(ValidationError) in try data.validate(for: version) }) {
                response = data
            } else {
                response = ChargingProfileResponse(result: .rejected, timeout: 0)
                failure = "the back-office's answer carries no valid ChargingProfileResponse"
            }
        } catch {
            let reason = (error as? PeerCallError)?.description ?? "\(error)"
            logger.warning("a charging profile request could not be forwarded", metadata: ["tenant": "\(tenant)", "error": "\(reason)"])
            response = ChargingProfileResponse(result: .rejected, timeout: 0)
            failure = reason
        }
        let text = String(decoding: try OCPIJSON.encoder.encode(response), as: UTF8.self)
        if response.result == .accepted {
            try await store.accepted(recorded.id, response: text, timeout: .seconds(max(1, min(response.timeout, 86_400)) + 5))
        } else {
            try await store.refused(recorded.id, response: text, error: failure)
        }
        return try answer(response, routing: routing, tenant: tenant)
    }

    func answer(_ response: ChargingProfileResponse, routing: RoutingHeaders, tenant: TenantID?) throws -> Response {
        try OCPIEnvelope.response(OCPIResponse(data: response), headers: routing.responseHeaders(answeringTenant: tenant))
    }

    // MARK: The back-office

    func result(_ request: Request, publicID: String, _ http: Hummingbird.Request, tenant: TenantID, version: VersionNumber) async throws -> Response {
        let result = try await http.decodeJSONBody(as: ChargingProfileResult.self)
        try OCPIError.validating { () throws(ValidationError) in try result.validate(for: version) }
        let text = String(decoding: try OCPIJSON.encoder.encode(result), as: UTF8.self)
        switch try await store.takeResult(
            publicID: publicID, tenant: tenant, module: .chargingProfiles, command: request.rawValue, result: text, relayFor: relayFor)
        {
        case .relayed:
            resultArrived()
            return try OCPIEnvelope.ok()
        case .late, .duplicate, .afterRefusal:
            return try OCPIEnvelope.response(OCPIResponse<NoPayload>(data: nil, statusMessage: "recorded, not relayed: the request timed out, was refused, or has its result"))
        case .unknown:
            throw OCPIError.notFound("no charging profile request of tenant \(tenant) has this response_url")
        }
    }

    /// The back-office's ActiveChargingProfile for a session, passed on to the peer whose SetChargingProfile for it
    /// succeeded; refused for any other session.
    func activeProfile(_ http: Hummingbird.Request, context: OCPIRequestContext, tenant: TenantID, version: VersionNumber) async throws -> Response {
        let sessionID = try Self.sessionID(context)
        let profile = try await http.decodeJSONBody(as: ActiveChargingProfile.self)
        try OCPIError.validating { () throws(ValidationError) in try profile.validate(for: version) }
        guard let subscriber = try await store.profileSubscriber(tenant: tenant, sessionID: sessionID) else {
            throw OCPIError.invalid("no charging profile was set successfully for session \(sessionID) of tenant \(tenant); nothing is passed on")
        }
        guard let base = subscriber.url, let token = subscriber.token else {
            throw OCPIError(status: .ok, code: .unableToUseClientAPI, message: "the peer that set the profile has no ChargingProfiles endpoint to receive it")
        }
        let url = PercentEncoding.url(base, appending: [sessionID])
        let headers = OutboundRouting.headers(from: PartyCode(tenant), to: subscriber.party)
        do {
            _ = try await client.call(
                .PUT, url, token: PeerToken(value: token, format: PeerToken.Format(rawValue: subscriber.tokenFormat) ?? .base64), body: profile,
                headers: headers, as: JSONValue.self)
            return try OCPIEnvelope.ok()
        } catch {
            logger.warning("an ActiveChargingProfile could not be passed on", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            throw OCPIError(status: .ok, code: .unableToUseClientAPI, message: "the peer could not be given the profile; send it again later")
        }
    }
}
