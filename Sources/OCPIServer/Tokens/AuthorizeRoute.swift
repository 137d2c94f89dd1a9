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

/// `POST /tokens/{token_uid}/authorize[?type=RFID]` with a tenant's owner token and an optional LocationReferences
/// body: answered with an AuthorizationInfo exactly as an EMSP's authorize answers (HTTP 404 with 2004 for an
/// unknown token), so that a back-office's OCPI client calls the platform as it would call an EMSP. The location
/// must be the tenant's own (2003 otherwise), and its EVSEs must be at it (2001). `TokenAuthorizer` decides.
struct AuthorizeRoute: Sendable {
    let lookup: TokenLookup
    let authorizer: TokenAuthorizer

    func respond(_ request: Request, context: ObjectRequestContext, segments: [Substring], version: VersionNumber) async throws -> Response {
        guard case .owner(let tenant) = context.caller else {
            var error = OCPIError.methodNotAllowed(
                "POST …/tokens/{token_uid}/authorize is the tenants' back-office call; an EMSP pushes its tokens with PUT and PATCH")
            error.headers[.allow] = "GET, PUT, PATCH"
            throw error
        }
        guard segments.count == 2, segments[1] == "authorize" else {
            throw OCPIError.notFound("a back-office authorizes with POST /ocpi/cpo/\(version.rawValue)/tokens/{token_uid}/authorize[?type=RFID]")
        }
        let routing = try RoutingHeaders(request: request, principal: .owner(tenant))
        let uid = String(segments[0])
        guard uid.utf8.count <= 36 else {
            throw OCPIError.badRequest("token_uid in the URL must be 1 to 36 printable ASCII characters")
        }
        let key: TokenKey
        let location: LocationReferences?
        do {
            key = try TokenKey(uid: uid, typeParameter: request.uri.queryParameters.get("type"), version: version)
            location = try await Self.location(request, version: version)
        } catch let error as ValidationError {
            throw OCPIError(validation: error)
        }
        if let location {
            guard let missing = try await lookup.missingEVSEs(tenant: tenant, location: location) else {
                throw OCPIError(
                    status: .ok, code: .unknownLocation, message: "location \(location.locationID) is not one of tenant \(tenant)'s locations")
            }
            if !missing.isEmpty {
                throw OCPIError.invalid("evse_uids \(missing.joined(separator: ", ")) are not at location \(location.locationID)")
            }
        }
        let headers = routing.responseHeaders(answeringTenant: tenant)
        switch try await authorizer.authorize(tenant: tenant, key: key, location: location) {
        case .answered(var info, let source):
            info.token = info.token.rendered(for: version) ?? info.token
            let note =
                switch source {
                case .stored: "decided from the stored token"
                case .storedOffline: "decided from the stored token: its EMSP could not be reached"
                case .realTime: "decided by the token's EMSP"
                case .none: "undecided"
                }
            return try OCPIEnvelope.response(OCPIResponse(data: info, statusMessage: note), headers: headers)
        case .unknownToken(let message):
            var error = OCPIError.notFound(message, code: .unknownToken)
            error.headers = headers
            throw error
        case .undecided(let message):
            var error = OCPIError(status: .ok, code: .unableToUseClientAPI, message: message)
            error.headers = headers
            throw error
        }
    }

    /// The optional LocationReferences body: none, an empty body or `null` asks about no location.
    static func location(_ request: Request, version: VersionNumber) async throws -> LocationReferences? {
        let buffer = try await request.body.collect(upTo: .max)
        let meaningful = buffer.readableBytesView.filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        guard !meaningful.isEmpty, !meaningful.elementsEqual("null".utf8) else { return nil }
        let location = try await request.decodeJSONBody(as: LocationReferences.self)
        try location.validate(for: version)
        return location
    }
}
