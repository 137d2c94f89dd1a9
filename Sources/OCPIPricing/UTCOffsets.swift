import OCPIModel

/// A Location's time zone as the pricer needs it: the offset from UTC in force at an instant. Tariff restrictions
/// are in the Location's local time, and that offset changes twice a year where daylight saving time applies, so a
/// single number will not do. `TimeZone` conforms (TimeZone+UTCOffsets.swift); tests may use a fixed offset.
public protocol UTCOffsets: Sendable {
    /// Seconds to add to UTC to get the local wall-clock time at `instant` (Amsterdam: 3600 in winter, 7200 in
    /// summer).
    func secondsFromUTC(at instant: DateTime) -> Int
}

/// An offset that never changes: UTC itself, or a zone without daylight saving time.
public struct FixedUTCOffset: UTCOffsets, Hashable {
    public var seconds: Int

    public init(seconds: Int) {
        self.seconds = seconds
    }

    public static let utc = FixedUTCOffset(seconds: 0)

    public func secondsFromUTC(at instant: DateTime) -> Int { seconds }
}
