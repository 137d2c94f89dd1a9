import OCPIModel

/// What a session looks like to the pricer: when it started and ended, its charging periods, and the Location's
/// time zone that restrictions are read in.
///
/// Periods are in time order; each runs from its `start_date_time` to the next one's, the last until
/// `endDateTime`. Quantities come from the periods' dimension volumes: ENERGY in kWh; TIME, PARKING_TIME and
/// RESERVATION_TIME in hours. MIN/MAX_POWER (kW) and MIN/MAX_CURRENT (A) are what power and current restrictions
/// compare.
public struct PricingInput: Sendable {
    /// The Location's time zone.
    public var timeZone: any UTCOffsets
    /// The session's start (for a reservation, when the reservation started): min_duration and max_duration count
    /// from here.
    public var startDateTime: DateTime
    /// nil while the session is still going: then the last period has no known end, and a reservation without
    /// charging has not expired yet.
    public var endDateTime: DateTime?
    public var chargingPeriods: [ChargingPeriod]

    public init(
        timeZone: any UTCOffsets, startDateTime: DateTime, endDateTime: DateTime? = nil,
        chargingPeriods: [ChargingPeriod]
    ) {
        self.timeZone = timeZone
        self.startDateTime = startDateTime
        self.endDateTime = endDateTime
        self.chargingPeriods = chargingPeriods
    }
}
