#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// ocpi:draft: `SessionDraft`, the form a request body takes, is generated from this type (Plugins/DraftGenerator).
/// One charging session at a tenant's EVSE, as the CPO reports it while it runs: created by PUT, changed by PATCH
/// (which appends `charging_periods`), never deleted; COMPLETED or INVALID is final.
///
/// 2.2.1 and 2.3.0 have the same fields; only Price's shape differs. Stored in 2.3.0's shape, the superset:
/// `total_cost` as `before_taxes` and `taxes` whatever shape the body used (see `Session+Rendering.swift`).
public struct Session: Codable, Sendable, Hashable {
    /// CiString(2), the tenant's (the CPO that owns the session).
    public var countryCode: String
    /// CiString(3), the tenant's.
    public var partyID: String
    /// CiString(36), unique within the tenant, kept exactly as first written.
    public var id: String
    /// When the session became ACTIVE; while PENDING, when it was created.
    public var startDateTime: DateTime
    /// When the session ended (charging may have ended earlier).
    public var endDateTime: DateTime?
    /// kWh charged so far. Not negative.
    public var kwh: Decimal
    /// The token the session was started with.
    public var cdrToken: CdrToken
    /// The method of authorization; may change during the session (a reservation by COMMAND, then WHITELIST).
    public var authMethod: AuthMethod
    /// CiString(36): the last reference the eMSP gave (authorize, StartSession or ReserveNow).
    public var authorizationReference: String?
    /// CiString(36): the Location's id.
    public var locationID: String
    /// CiString(36): the EVSE's uid; `#NA` only for a reservation without an EVSE assigned yet.
    public var evseUID: String
    /// CiString(36): the Connector's id; `#NA` only for a reservation without a connector assigned yet.
    public var connectorID: String
    /// string(255): the kWh meter.
    public var meterID: String?
    /// ISO 4217, three capital letters.
    public var currency: String
    /// In time order. A PATCH appends to them; a PUT replaces them (omitted: none).
    public var chargingPeriods: [ChargingPeriod]?
    /// What the eMSP pays the CPO so far; omitted means unknown, not free.
    public var totalCost: Price?
    public var status: SessionStatus
    public var lastUpdated: DateTime

    public init(
        countryCode: String, partyID: String, id: String, startDateTime: DateTime, endDateTime: DateTime? = nil,
        kwh: Decimal, cdrToken: CdrToken, authMethod: AuthMethod, authorizationReference: String? = nil,
        locationID: String, evseUID: String, connectorID: String, meterID: String? = nil, currency: String,
        chargingPeriods: [ChargingPeriod]? = nil, totalCost: Price? = nil, status: SessionStatus,
        lastUpdated: DateTime
    ) {
        self.countryCode = countryCode
        self.partyID = partyID
        self.id = id
        self.startDateTime = startDateTime
        self.endDateTime = endDateTime
        self.kwh = kwh
        self.cdrToken = cdrToken
        self.authMethod = authMethod
        self.authorizationReference = authorizationReference
        self.locationID = locationID
        self.evseUID = evseUID
        self.connectorID = connectorID
        self.meterID = meterID
        self.currency = currency
        self.chargingPeriods = chargingPeriods
        self.totalCost = totalCost
        self.status = status
        self.lastUpdated = lastUpdated
    }

    enum CodingKeys: String, CodingKey {
        case countryCode = "country_code"
        case partyID = "party_id"
        case id
        case startDateTime = "start_date_time"
        case endDateTime = "end_date_time"
        case kwh
        case cdrToken = "cdr_token"
        case authMethod = "auth_method"
        case authorizationReference = "authorization_reference"
        case locationID = "location_id"
        case evseUID = "evse_uid"
        case connectorID = "connector_id"
        case meterID = "meter_id"
        case currency
        case chargingPeriods = "charging_periods"
        case totalCost = "total_cost"
        case status
        case lastUpdated = "last_updated"
    }
}
