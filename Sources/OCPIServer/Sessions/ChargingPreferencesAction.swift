#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import OCPIModel
import OCPIStorage
import PGClient

/// `PUT /sessions/{session_id}/charging_preferences`, the Sessions Sender's one write: an EMSP passes on its
/// driver's preferences for a session of one of its tokens. The answer follows the spec: ACCEPTED (stored, and
/// used to choose a `PROFILE_*` tariff when the CDR is priced); NOT_POSSIBLE with HTTP 404 and 2001 when the EVSE
/// lacks `CHARGING_PREFERENCES_CAPABLE`; NOT_POSSIBLE when the session has ended; PROFILE_TYPE_NOT_SUPPORTED when
/// the connector lists no tariff of that profile (REGULAR is always supported). Passing accepted preferences on to
/// the back-office comes with the Commands module; until then the tenant reads them from
/// `session_charging_preferences`.
extension Sessions: PeerActions {
    static let method = WriteMethod.put
    static let names: Set<String> = ["charging_preferences"]

    static func perform(
        _ name: String, request: Request, access: PeerAccess, objectID: String, pool: PGPool, version: VersionNumber
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
        try await pool.query(
            SessionStatements.keepPreferences(tenant: tenant, sessionID: objectID, peer: access.peerID, preferences: json, response: .accepted))
        return try answer(.accepted)
    }
}
