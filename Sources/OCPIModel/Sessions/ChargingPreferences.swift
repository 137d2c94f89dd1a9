#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// ocpi:draft: `ChargingPreferencesDraft`, the form a request body takes, is generated from this type (Plugins/DraftGenerator).
/// What a driver wants from a running session, sent by the eMSP with a PUT on the CPO's
/// `sessions/{session_id}/charging_preferences`; answered with a ChargingPreferencesResponse. Same in both versions.
public struct ChargingPreferences: Codable, Sendable, Hashable {
    /// Each type the CPO supports has a Tariff of the matching TariffType.
    public var profileType: ProfileType
    /// The driver's estimate of when they leave.
    public var departureTime: DateTime?
    /// kWh the driver wants charged. Not negative.
    public var energyNeed: Decimal?
    /// Whether the EV may be discharged while the other preferences are still met. Omitted means false.
    public var dischargeAllowed: Bool?

    public init(
        profileType: ProfileType, departureTime: DateTime? = nil, energyNeed: Decimal? = nil,
        dischargeAllowed: Bool? = nil
    ) {
        self.profileType = profileType
        self.departureTime = departureTime
        self.energyNeed = energyNeed
        self.dischargeAllowed = dischargeAllowed
    }

    enum CodingKeys: String, CodingKey {
        case profileType = "profile_type"
        case departureTime = "departure_time"
        case energyNeed = "energy_need"
        case dischargeAllowed = "discharge_allowed"
    }
}
