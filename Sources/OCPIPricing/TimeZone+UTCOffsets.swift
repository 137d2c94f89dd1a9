// The one file of OCPIPricing that imports all of Foundation: named time zones (Europe/Amsterdam) need its ICU data,
// which FoundationEssentials lacks. Everything else in the pricer stays on FoundationEssentials.
import Foundation
import OCPIModel

extension TimeZone: UTCOffsets {
    public func secondsFromUTC(at instant: DateTime) -> Int {
        // Whole milliseconds as a Double are exact far beyond any date OCPI allows; this is time, never money.
        secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant.millisecondsSinceEpoch) / 1000))
    }
}

/// Named time zones for modules that do not import Foundation themselves (storage prices CDRs).
public enum NamedTimeZones {
    /// The IANA zone (`Europe/Berlin`); nil when there is none by that name.
    public static func offsets(_ identifier: String) -> (any UTCOffsets)? {
        TimeZone(identifier: identifier)
    }
}
