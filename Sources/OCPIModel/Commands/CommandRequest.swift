#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The body of a command, for any of the five: StartSession, StopSession, ReserveNow, CancelReservation and
/// UnlockConnector share `response_url` and name their objects with the same fields, so one type reads them all and
/// `checked(for:version:)` says which fields each needs. The body itself is relayed as the EMSP wrote it (with our
/// `response_url`), so fields we do not know pass through.
public struct CommandRequest: Decodable, Sendable {
    public var responseURL: String?
    /// StartSession, ReserveNow: the driver's token, as its EMSP holds it.
    public var token: TokenDraft?
    public var locationID: String?
    public var evseUID: String?
    public var connectorID: String?
    public var authorizationReference: String?
    /// StopSession.
    public var sessionID: String?
    /// ReserveNow.
    public var expiryDate: DateTime?
    /// ReserveNow, CancelReservation.
    public var reservationID: String?

    enum CodingKeys: String, CodingKey {
        case responseURL = "response_url"
        case token
        case locationID = "location_id"
        case evseUID = "evse_uid"
        case connectorID = "connector_id"
        case authorizationReference = "authorization_reference"
        case sessionID = "session_id"
        case expiryDate = "expiry_date"
        case reservationID = "reservation_id"
    }

    /// The fields `command` needs, checked per the spec of `version`; the token, built, when the command carries one.
    public func checked(for command: CommandType, version: VersionNumber) throws(ValidationError) -> Token? {
        var issues = IssueCollector(version: version)
        func require(_ value: Any?, _ field: String) {
            if value == nil { issues.add(field, "is required for \(command)") }
        }
        require(responseURL, "response_url")
        issues.url(responseURL, "response_url")
        var built: Token?
        switch command {
        case .startSession, .reserveNow:
            require(token, "token")
            require(locationID, "location_id")
            if let token {
                do {
                    built = try Token(draft: token, context: ObjectContext(version: version, defaultLastUpdated: nil, timeZones: nil))
                } catch {
                    issues.add(error.issues, under: "token")
                }
            }
            if command == .startSession, connectorID != nil, evseUID == nil {
                issues.add("evse_uid", "is required when connector_id is given")
            }
            if command == .reserveNow {
                require(expiryDate, "expiry_date")
                require(reservationID, "reservation_id")
            }
        case .stopSession:
            require(sessionID, "session_id")
        case .cancelReservation:
            require(reservationID, "reservation_id")
        case .unlockConnector:
            require(locationID, "location_id")
            require(evseUID, "evse_uid")
            require(connectorID, "connector_id")
        default:
            break
        }
        for (value, field) in [
            (locationID, "location_id"), (evseUID, "evse_uid"), (connectorID, "connector_id"), (sessionID, "session_id"),
            (reservationID, "reservation_id"),
        ] {
            issues.identifier(value, field, max: 36)
            if let value, !URLSegment.isAddressable(value) {
                issues.add(field, "must be printable ASCII without '/', and not '.' or '..'")
            }
        }
        issues.ciString(authorizationReference, "authorization_reference", max: 36)
        if !issues.issues.isEmpty { throw ValidationError(issues: issues.issues) }
        return built
    }
}
