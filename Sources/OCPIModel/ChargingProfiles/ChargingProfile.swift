#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A limit on how fast a session may charge, over time: what an EMSP or a smart-charging provider asks the charger
/// to follow (SetChargingProfile) and what the charger reports it follows (ActiveChargingProfile).
public struct ChargingProfile: Codable, Sendable, Hashable {
    public var startDateTime: DateTime?
    /// Seconds.
    public var duration: Int?
    public var chargingRateUnit: ChargingRateUnit
    public var minChargingRate: Decimal?
    public var chargingProfilePeriod: [ChargingProfilePeriod]?

    enum CodingKeys: String, CodingKey {
        case startDateTime = "start_date_time"
        case duration
        case chargingRateUnit = "charging_rate_unit"
        case minChargingRate = "min_charging_rate"
        case chargingProfilePeriod = "charging_profile_period"
    }

    func check(_ issues: inout IssueCollector) {
        issues.nonNegative(duration, "duration")
        issues.value(chargingRateUnit, "charging_rate_unit")
        issues.nonNegative(minChargingRate, "min_charging_rate")
        var previous = -1
        issues.each(chargingProfilePeriod, "charging_profile_period") { issues, period in
            issues.nonNegative(period.startPeriod, "start_period")
            issues.nonNegative(period.limit, "limit")
        }
        for (index, period) in (chargingProfilePeriod ?? []).enumerated() {
            if period.startPeriod <= previous {
                issues.add("charging_profile_period[\(index)].start_period", "must be later than the period before")
            }
            previous = period.startPeriod
        }
    }
}

/// One step of a ChargingProfile: from `start_period` seconds after its start, at most `limit`.
public struct ChargingProfilePeriod: Codable, Sendable, Hashable {
    public var startPeriod: Int
    public var limit: Decimal

    enum CodingKeys: String, CodingKey {
        case startPeriod = "start_period"
        case limit
    }
}

/// W: total power; A: current per phase. A closed enum in both versions.
public struct ChargingRateUnit: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let known: Set<String> = ["W", "A"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}

/// A peer's `PUT /chargingprofiles/{session_id}` body.
public struct SetChargingProfile: Codable, Sendable, Hashable {
    public var chargingProfile: ChargingProfile
    public var responseURL: String

    enum CodingKeys: String, CodingKey {
        case chargingProfile = "charging_profile"
        case responseURL = "response_url"
    }

    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { issues in
            issues.within("charging_profile") { chargingProfile.check(&$0) }
            issues.url(responseURL, "response_url")
        }
    }
}

/// The profile a charger follows for a session now: what a back-office reports after a successful Set.
public struct ActiveChargingProfile: Codable, Sendable, Hashable {
    public var startDateTime: DateTime
    public var chargingProfile: ChargingProfile

    enum CodingKeys: String, CodingKey {
        case startDateTime = "start_date_time"
        case chargingProfile = "charging_profile"
    }

    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { issues in
            issues.within("charging_profile") { chargingProfile.check(&$0) }
        }
    }
}

/// The immediate answer to a charging-profile request.
public struct ChargingProfileResponse: Codable, Sendable, Hashable {
    public var result: ChargingProfileResponseType
    public var timeout: Int

    public init(result: ChargingProfileResponseType, timeout: Int) {
        self.result = result
        self.timeout = timeout
    }

    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { issues in
            issues.value(result, "result")
            issues.nonNegative(timeout, "timeout")
        }
    }
}

public struct ChargingProfileResponseType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let accepted = Self(rawValue: "ACCEPTED")
    public static let notSupported = Self(rawValue: "NOT_SUPPORTED")
    public static let rejected = Self(rawValue: "REJECTED")
    public static let unknownSession = Self(rawValue: "UNKNOWN_SESSION")
    public static let known: Set<String> = ["ACCEPTED", "NOT_SUPPORTED", "REJECTED", "TOO_OFTEN", "UNKNOWN_SESSION"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}

/// The result a back-office reports later (ActiveChargingProfileResult, ChargingProfileResult, ClearProfileResult:
/// one shape, `profile` only in the first).
public struct ChargingProfileResult: Codable, Sendable, Hashable {
    public var result: ChargingProfileResultType
    public var profile: ActiveChargingProfile?

    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { issues in
            issues.value(result, "result")
            if let profile { issues.within("profile") { profile.chargingProfile.check(&$0) } }
        }
    }
}

public struct ChargingProfileResultType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let known: Set<String> = ["ACCEPTED", "REJECTED", "UNKNOWN"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
