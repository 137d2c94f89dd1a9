#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// ocpi:draft: `CDRDraft`, the form a request body takes, is generated from this type (Plugins/DraftGenerator).
/// A Charge Detail Record: the final, sealed account of one charging session (or of a reservation that never
/// charged), which the eMSP is billed by. Never changed once sent: a correction is a credit CDR (`credit`,
/// `credit_reference_id`, negated `total_cost`) followed by a new CDR. Location, tariffs and token are as they were at
/// the session's start.
///
/// 2.2.1 and 2.3.0 have the same fields; only Price's shape (and the tariffs') differs. Stored in 2.3.0's shape, the
/// superset: every cost as `before_taxes` and `taxes` (see `CDR+Rendering.swift`).
public struct CDR: Codable, Sendable, Hashable {
    /// CiString(2), the tenant's (the CPO that owns the CDR).
    public var countryCode: String
    /// CiString(3), the tenant's.
    public var partyID: String
    /// CiString(39), unique within the tenant; at most 36 characters unless this is a credit CDR.
    public var id: String
    /// The session's start, or the reservation's.
    public var startDateTime: DateTime
    public var endDateTime: DateTime
    /// CiString(36): the Session this CDR is for; omitted only without a Sessions module or for a reservation that
    /// never became a session.
    public var sessionID: String?
    public var cdrToken: CdrToken
    /// The last method used during the session.
    public var authMethod: AuthMethod
    /// CiString(36): the eMSP's authorization reference.
    public var authorizationReference: String?
    public var cdrLocation: CdrLocation
    /// string(255).
    public var meterID: String?
    /// ISO 4217, three capital letters.
    public var currency: String
    /// The tariffs relevant to the session, as they were at its start.
    public var tariffs: [Tariff]?
    /// At least one, in time order.
    public var chargingPeriods: [ChargingPeriod]
    /// The meter's signed readings, kept exactly as received.
    public var signedData: SignedData?
    /// The sum of every cost; negated amounts in a credit CDR.
    public var totalCost: Price
    /// Fixed costs (a start fee), except parking's and reservation's.
    public var totalFixedCost: Price?
    /// kWh.
    public var totalEnergy: Decimal
    public var totalEnergyCost: Price?
    /// Hours, charging and not charging.
    public var totalTime: Decimal
    public var totalTimeCost: Price?
    /// Hours without energy transfer; part of `total_time`.
    public var totalParkingTime: Decimal?
    public var totalParkingCost: Price?
    public var totalReservationCost: Price?
    /// string(255): for people, such as why the session stopped.
    public var remark: String?
    /// CiString(39): the invoice this CDR will be on.
    public var invoiceReferenceID: String?
    /// true: a credit CDR, which needs `credit_reference_id`.
    public var credit: Bool?
    /// CiString(39): the id of the CDR this one credits.
    public var creditReferenceID: String?
    /// true: a session at the driver's home charger, whose energy is compensated to the driver.
    public var homeChargingCompensation: Bool?
    /// In practice the creation time: CDRs do not change.
    public var lastUpdated: DateTime

    public init(
        countryCode: String, partyID: String, id: String, startDateTime: DateTime, endDateTime: DateTime,
        sessionID: String? = nil, cdrToken: CdrToken, authMethod: AuthMethod, authorizationReference: String? = nil,
        cdrLocation: CdrLocation, meterID: String? = nil, currency: String, tariffs: [Tariff]? = nil,
        chargingPeriods: [ChargingPeriod], signedData: SignedData? = nil, totalCost: Price,
        totalFixedCost: Price? = nil, totalEnergy: Decimal, totalEnergyCost: Price? = nil, totalTime: Decimal,
        totalTimeCost: Price? = nil, totalParkingTime: Decimal? = nil, totalParkingCost: Price? = nil,
        totalReservationCost: Price? = nil, remark: String? = nil, invoiceReferenceID: String? = nil,
        credit: Bool? = nil, creditReferenceID: String? = nil, homeChargingCompensation: Bool? = nil,
        lastUpdated: DateTime
    ) {
        self.countryCode = countryCode
        self.partyID = partyID
        self.id = id
        self.startDateTime = startDateTime
        self.endDateTime = endDateTime
        self.sessionID = sessionID
        self.cdrToken = cdrToken
        self.authMethod = authMethod
        self.authorizationReference = authorizationReference
        self.cdrLocation = cdrLocation
        self.meterID = meterID
        self.currency = currency
        self.tariffs = tariffs
        self.chargingPeriods = chargingPeriods
        self.signedData = signedData
        self.totalCost = totalCost
        self.totalFixedCost = totalFixedCost
        self.totalEnergy = totalEnergy
        self.totalEnergyCost = totalEnergyCost
        self.totalTime = totalTime
        self.totalTimeCost = totalTimeCost
        self.totalParkingTime = totalParkingTime
        self.totalParkingCost = totalParkingCost
        self.totalReservationCost = totalReservationCost
        self.remark = remark
        self.invoiceReferenceID = invoiceReferenceID
        self.credit = credit
        self.creditReferenceID = creditReferenceID
        self.homeChargingCompensation = homeChargingCompensation
        self.lastUpdated = lastUpdated
    }

    enum CodingKeys: String, CodingKey {
        case countryCode = "country_code"
        case partyID = "party_id"
        case id
        case startDateTime = "start_date_time"
        case endDateTime = "end_date_time"
        case sessionID = "session_id"
        case cdrToken = "cdr_token"
        case authMethod = "auth_method"
        case authorizationReference = "authorization_reference"
        case cdrLocation = "cdr_location"
        case meterID = "meter_id"
        case currency, tariffs
        case chargingPeriods = "charging_periods"
        case signedData = "signed_data"
        case totalCost = "total_cost"
        case totalFixedCost = "total_fixed_cost"
        case totalEnergy = "total_energy"
        case totalEnergyCost = "total_energy_cost"
        case totalTime = "total_time"
        case totalTimeCost = "total_time_cost"
        case totalParkingTime = "total_parking_time"
        case totalParkingCost = "total_parking_cost"
        case totalReservationCost = "total_reservation_cost"
        case remark
        case invoiceReferenceID = "invoice_reference_id"
        case credit
        case creditReferenceID = "credit_reference_id"
        case homeChargingCompensation = "home_charging_compensation"
        case lastUpdated = "last_updated"
    }
}
