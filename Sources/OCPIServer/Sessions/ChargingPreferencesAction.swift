#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import NIOHTTP1
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient

/// `PUT /sessions/{session_id}/charging_preferences`, the Sessions Sender's one write: an EMSP passes on its
/// driver's preferences for a session of one of its tokens. The answer follows the spec: ACCEPTED (stored, and
/// used to choose a `PROFILE_*` tariff when the CDR is priced); NOT_POSSIBLE with HTTP 404 and 2001 when the EVSE
/// lacks `CHARGING_PREFERENCES_CAPABLE`; NOT_POSSIBLE when the session has ended; PROFILE_TYPE_NOT_SUPPORTED when
/// the connector lists no tariff of that profile (REGULAR is always supported). When the tenant's back-office link
/// names its Sessions endpoint, preferences the platform would accept are passed on there
/// (`PUT {sessions_url}/{session_id}/charging_preferences`) and its answer is the EMSP's: the charger decides;
/// one that cannot be had is NOT_POSSIBLE. What was answered is kept in `session_charging_preferences`.
extension Sessions: PeerActions {
    static let method = WriteMethod.put
    static let names: Set<String> = ["charging_preferences"]

    static func perform(
        _ name: String, request: Request, access: PeerAccess, objectID: String, pool: PGPool, client: PeerClient?, version: VersionNumber
    ) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .peer(access))
        let draft = try await request.decodeJSONBody(as: ChargingPreferencesDraft.self)
        let preferences: ChargingPreferences
        do {
            preferences = try ChargingPreferences(draft: draft, context: ObjectContext(version: version, defaultLastUpdated: .now(), timeZones: nil))
        } catch {
            throw OCPIError(validation: error)
        }
        let scope: TenantScope = routing.to.map { .tenants([$0]) } ?? (access.allTenants ? .all : .tenants(access.tenants.sorted()))
        let rows = try await pool.query(
            SessionStatements.preferencesFacts(id: objectID, scope: scope, parties: access.readerParties)
        ).rows
        guard let row = rows.first else {
            throw OCPIError.notFound("unknown session \(objectID)", code: unknownObjectCode)
        }
        guard rows.count == 1 else {
            throw OCPIError.invalid("session \(objectID) exists at several tenants; name one with OCPI-to-country-code and OCPI-to-party-id")
        }
        guard let tenant = TenantID(countryCode: try row.decode(0), partyID: try row.decode(1)) else {
            throw OCPIError.notFound("unknown session \(objectID)", code: unknownObjectCode)
        }
        let status = SessionStatus(rawValue: try row.decode(2))
        let capable = try row.decode(3, as: Bool.self)
        let profileTariffs = Set(try row.decode(4, as: [String].self))
        let headers = routing.responseHeaders(answeringTenant: tenant)
        func answer(_ response: ChargingPreferencesResponse, _ message: String? = nil) throws -> Response {
            try OCPIEnvelope.response(OCPIResponse(data: response, statusMessage: message), headers: headers)
        }
        guard capable else {
            return try OCPIEnvelope.response(
                OCPIResponse(
                    data: ChargingPreferencesResponse.notPossible, statusCode: .invalidOrMissingParameters,
                    statusMessage: "the EVSE of session \(objectID) is not CHARGING_PREFERENCES_CAPABLE"),
                status: .notFound, headers: headers)
        }
        guard status != .completed, status != .invalid else {
            return try answer(.notPossible, "session \(objectID) has ended (\(status.rawValue))")
        }
        let profile = preferences.profileType.rawValue
        guard profile == "REGULAR" || profileTariffs.contains("PROFILE_" + profile) else {
            return try answer(.profileTypeNotSupported, "the connector of session \(objectID) lists no PROFILE_\(profile) tariff")
        }
        let json = String(decoding: try OCPIJSON.encoder.encode(preferences), as: UTF8.self)
        var response = ChargingPreferencesResponse.accepted
        var message: String?
        if let client, let link = try await CommandStore(pool: pool).backoffice(of: tenant), let base = link.sessionsURL {
            (response, message) = await passOn(json, sessionID: objectID, to: base, link: link, tenant: tenant, access: access, client: client, version: version)
        }
        try await pool.query(
            SessionStatements.keepPreferences(tenant: tenant, sessionID: objectID, peer: access.peerID, preferences: json, response: response))
        return try answer(response, message)
    }

    /// The back-office's answer to the preferences, or NOT_POSSIBLE and why when it cannot be had.
    static func passOn(
        _ json: String, sessionID: String, to base: String, link: BackofficeLink, tenant: TenantID, access: PeerAccess, client: PeerClient,
        version: VersionNumber
    ) async -> (ChargingPreferencesResponse, String?) {
        let url = PercentEncoding.url(base, appending: [sessionID, "charging_preferences"])
        let headers = OutboundRouting.headers(from: access.readerParties.count == 1 ? access.readerParties.first : nil, to: PartyCode(tenant))
        do {
            let answer = try await client.call(
                .PUT, url, token: PeerToken(value: link.token, format: .base64), json: Array(json.utf8), headers: headers,
                as: ChargingPreferencesResponse.self)
            guard let response = answer.data, response.isKnown(in: version) else {
                return (.notPossible, "the charge point operator's system gave no valid answer")
            }
            return (response, nil)
        } catch {
            return (.notPossible, "the charge point operator's system could not be reached; try again later")
        }
    }
}
