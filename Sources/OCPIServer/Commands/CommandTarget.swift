#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel
import OCPIStorage

/// What a command acts on, found among what the calling peer may see, or the CommandResponse that refuses it
/// before anything is forwarded (as the spec gives them: REJECTED with 2003 for an unknown location, UNKNOWN_SESSION
/// for a session that is not the peer's).
struct CommandTarget: Sendable {
    var tenant: TenantID
    /// The EMSP party it is done for: the token's party, the session's, the reservation's.
    var party: PartyCode
    /// For the operator: `LOC1/E1/1`, a session id, a reservation id.
    var subject: String
    /// The reservation id the back-office knows, for RESERVE_NOW and CANCEL_RESERVATION.
    var backofficeReservation: String?
}

/// A command refused before it reached a tenant's back-office.
struct CommandRefusal: Error, Sendable {
    var response: CommandResponse
    var code: OCPIStatusCode

    init(_ result: CommandResponseType, _ text: String, code: OCPIStatusCode = .success) {
        self.response = .refusal(result, text)
        self.code = code
    }
}

/// Finds a command's target for a peer: its location (shared, at a tenant in its scope), EVSE and connector; its
/// session (one of the peer's parties'); its reservation (made by one of the peer's parties).
struct CommandTargets: Sendable {
    let locations: ObjectStore<Locations>
    let sessions: ObjectStore<Sessions>
    let store: CommandStore

    func find(_ command: CommandType, _ body: CommandRequest, token: Token?, access: PeerAccess, scope: TenantScope) async throws -> CommandTarget {
        switch command {
        case .startSession, .reserveNow, .unlockConnector:
            let tenant = try await location(body, command: command, scope: scope)
            var party = access.readerParties.first
            if let token {
                let owner = PartyCode(countryCode: token.countryCode, partyID: token.partyID)
                guard access.readerParties.contains(owner) else {
                    throw CommandRefusal(.rejected, "token \(token.uid) belongs to \(owner), not to a party this connection speaks for: an EMSP may only use its own tokens")
                }
                party = owner
            }
            guard let party else {
                throw CommandRefusal(.rejected, "this connection speaks for no EMSP party yet (the operator names them with set_peer_parties.sql)")
            }
            if command == .unlockConnector, let evse = body.evseUID, let connector = body.connectorID,
                try await store.otherPartysLiveSession(
                    tenant: tenant, location: body.locationID ?? "", evse: evse, connector: connector, parties: access.readerParties)
            {
                throw CommandRefusal(.rejected, "another EMSP's session is live at connector \(connector); it is not unlocked for this connection")
            }
            let subject = [body.locationID, body.evseUID, body.connectorID].compactMap { $0 }.joined(separator: "/")
            return CommandTarget(tenant: tenant, party: party, subject: subject, backofficeReservation: nil)
        case .stopSession:
            let id = body.sessionID ?? ""
            guard case .found(let tenant, let json) = try await sessions.sharedJSON(ids: [id], scope: scope, parties: access.readerParties, version: .v2_3_0),
                let session = try? OCPIJSON.decoder.decode(JSONValue.self, from: Data(json.utf8)),
                let country = session["cdr_token"]?["country_code"]?.string, let partyID = session["cdr_token"]?["party_id"]?.string
            else {
                throw CommandRefusal(.unknownSession, "no session \(id) of this connection's EMSP parties at the tenants it may reach")
            }
            return CommandTarget(tenant: tenant, party: PartyCode(countryCode: country, partyID: partyID), subject: id, backofficeReservation: nil)
        case .cancelReservation:
            let id = body.reservationID ?? ""
            let tenants: [TenantID]? = switch scope {
            case .all: nil
            case .tenants(let list): list
            }
            guard let found = try await store.reservation(id, parties: access.readerParties, tenants: tenants) else {
                throw CommandRefusal(.rejected, "no reservation \(id) of this connection's EMSP parties at the tenants it may reach")
            }
            return CommandTarget(tenant: found.tenant, party: found.party, subject: id, backofficeReservation: found.backofficeID)
        default:
            throw CommandRefusal(.notSupported, "command \(command) is not supported")
        }
    }

    /// The tenant of the command's location, after checking its EVSE and connector (and, for START_SESSION, that a
    /// connector is named where the EVSE requires one).
    func location(_ body: CommandRequest, command: CommandType, scope: TenantScope) async throws -> TenantID {
        let id = body.locationID ?? ""
        let tenant: TenantID
        let location: JSONValue
        switch try await locations.sharedJSON(ids: [id], scope: scope, parties: [], version: .v2_3_0) {
        case .found(let found, let json):
            tenant = found
            location = try OCPIJSON.decoder.decode(JSONValue.self, from: Data(json.utf8))
        case .notFound:
            throw CommandRefusal(.rejected, "unknown location \(id)", code: .unknownLocation)
        case .ambiguous(let tenants):
            throw CommandRefusal(
                .rejected, "location \(id) exists at several tenants (\(tenants.map(\.description).joined(separator: ", "))); name one with OCPI-to-country-code and OCPI-to-party-id",
                code: .invalidOrMissingParameters)
        }
        guard let uid = body.evseUID else { return tenant }
        guard let evse = location["evses"]?.array?.first(where: { $0["uid"]?.string?.lowercased() == uid.lowercased() }) else {
            throw CommandRefusal(.rejected, "unknown EVSE \(uid) at location \(id)", code: .unknownLocation)
        }
        let capabilities = Set((evse["capabilities"]?.array ?? []).compactMap(\.string))
        if let connector = body.connectorID {
            guard evse["connectors"]?.array?.contains(where: { $0["id"]?.string?.lowercased() == connector.lowercased() }) == true else {
                throw CommandRefusal(.rejected, "unknown connector \(connector) of EVSE \(uid) at location \(id)", code: .unknownLocation)
            }
        } else if command == .startSession, capabilities.contains("START_SESSION_CONNECTOR_REQUIRED") {
            throw CommandRefusal(.rejected, "EVSE \(uid) requires connector_id to start a session (START_SESSION_CONNECTOR_REQUIRED)")
        }
        return tenant
    }
}
