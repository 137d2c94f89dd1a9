import CivilTime

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An OCPI DateTime: an instant in UTC with millisecond resolution.
///
/// OCPI sends `YYYY-MM-DDTHH:MM:SS[.sss]Z` (string(25)). We read what peers really send (no `Z`, offsets, more
/// decimals) and keep milliseconds only, so what we store is exactly what we serve and a peer that echoes our value
/// back never looks older than the stored one.
public struct DateTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The current time, truncated to milliseconds.
    public static func now() -> DateTime {
        DateTime(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }

    public static func < (lhs: DateTime, rhs: DateTime) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// The OCPI form: `2024-01-31T12:00:00Z`, with `.sss` only when there are milliseconds.
    public var description: String {
        let (days, rest) = millisecondsSinceEpoch.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, dayMillis) = rest < 0 ? (days - 1, rest + 86_400_000) : (days, rest)
        let date = CivilCalendar.date(fromDays: day)
        let seconds = dayMillis / 1000
        var text = ""
        text.reserveCapacity(24)
        text += Self.pad(date.year, 4) + "-" + Self.pad(date.month, 2) + "-" + Self.pad(date.day, 2)
        text += "T" + Self.pad(seconds / 3600, 2) + ":" + Self.pad(seconds / 60 % 60, 2) + ":" + Self.pad(seconds % 60, 2)
        let millis = dayMillis % 1000
        if millis != 0 { text += "." + Self.pad(millis, 3) }
        return text + "Z"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Parses an RFC 3339 date-time as OCPI peers send it; nil when it is not one.
    public init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        func digits(_ width: Int) -> Int64? {
            guard bytes.count >= width else { return nil }
            var value: Int64 = 0
            for byte in bytes.prefix(width) {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            bytes = bytes.dropFirst(width)
            return value
        }
        func take(_ allowed: String) -> Bool {
            guard let first = bytes.first, allowed.utf8.contains(first) else { return false }
            bytes = bytes.dropFirst()
            return true
        }
        guard let year = digits(4), take("-"), let month = digits(2), take("-"), let day = digits(2),
            take("Tt "), let hour = digits(2), take(":"), let minute = digits(2), take(":"), let second = digits(2)
        else { return nil }
        guard (1...12).contains(month), (1...CivilCalendar.daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var millis: Int64 = 0
        if take(".") {
            var scale: Int64 = 100
            var count = 0
            while let byte = bytes.first, byte >= 48, byte <= 57 {
                millis += Int64(byte - 48) * scale
                scale /= 10
                count += 1
                bytes = bytes.dropFirst()
            }
            guard count > 0 else { return nil }
        }
        var offsetMinutes: Int64 = 0
        if take("Zz") {
            // UTC
        } else if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            bytes = bytes.dropFirst()
            guard let hours = digits(2) else { return nil }
            _ = take(":")
            guard let minutes = digits(2), hours < 24, minutes < 60 else { return nil }
            offsetMinutes = (hours * 60 + minutes) * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        guard bytes.isEmpty else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetMinutes * 60
        let value = seconds * 1000 + millis
        // Years 1900 to 9999 in UTC: anything else is a typo, and year 0 cannot even be stored.
        guard value >= Self.earliest, value < Self.latest else { return nil }
        self.millisecondsSinceEpoch = value
    }

    /// 1900-01-01T00:00:00Z.
    static let earliest: Int64 = -2_208_988_800_000
    /// 10000-01-01T00:00:00Z.
    static let latest: Int64 = 253_402_300_800_000

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = DateTime(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not an RFC 3339 date-time between 1900 and 9999, such as 2024-01-31T12:00:00Z"
            )
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension DateTime {
    /// How far ahead of the platform's clock a peer's `last_updated` may be (5 minutes). A later one is refused: an
    /// object stamped in the far future could never be corrected by its owner's later writes.
    public static let peerClockTolerance: Int64 = 5 * 60 * 1000

    /// Whether this is further ahead of the platform's clock than `peerClockTolerance`.
    public var isAheadOfPeerClockTolerance: Bool {
        millisecondsSinceEpoch > DateTime.now().millisecondsSinceEpoch + Self.peerClockTolerance
    }
}
