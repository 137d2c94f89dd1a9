import CivilTime

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A `timestamptz` with PostgreSQL's own resolution, microseconds since the Unix epoch, so values round-trip exactly
/// (a `Date` is a `Double` and cannot promise that).
public struct PGTimestamp: PGEncodable, PGDecodable, Hashable, Comparable {
    public var microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) { self.microsecondsSinceEpoch = microsecondsSinceEpoch }

    public init(_ date: Date) {
        self.microsecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    public var date: Date { Date(timeIntervalSince1970: Double(microsecondsSinceEpoch) / 1_000_000) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch }

    /// ISO 8601 in UTC with six decimals, which PostgreSQL parses for every date/time type.
    public var pgText: String? {
        let (days, micros) = microsecondsSinceEpoch.quotientAndRemainder(dividingBy: 86_400_000_000)
        let (day, dayMicros) = micros < 0 ? (days - 1, micros + 86_400_000_000) : (days, micros)
        let (y, m, d) = CivilCalendar.date(fromDays: day)
        let seconds = dayMicros / 1_000_000
        let fraction = dayMicros % 1_000_000
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(fraction, 6))Z"
    }

    /// Parses the ISO output style (`2024-01-31 12:00:00.5+00`), the only one our sessions use.
    public init(pgText: String) throws(PGDecodingFailure) {
        let bytes = Array(pgText.utf8)
        var index = 0
        func number(_ width: Int) throws(PGDecodingFailure) -> Int64 {
            guard index + width <= bytes.count else { throw PGDecodingFailure("'\(pgText)' is not a timestamp") }
            var value: Int64 = 0
            for _ in 0..<width {
                let digit = bytes[index]
                guard digit >= 48, digit <= 57 else { throw PGDecodingFailure("'\(pgText)' is not a timestamp") }
                value = value * 10 + Int64(digit - 48)
                index += 1
            }
            return value
        }
        func expect(_ characters: String) throws(PGDecodingFailure) {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else {
                throw PGDecodingFailure("'\(pgText)' is not a timestamp")
            }
            index += 1
        }
        let year = try number(4); try expect("-")
        let month = try number(2); try expect("-")
        let day = try number(2); try expect(" T")
        let hour = try number(2); try expect(":")
        let minute = try number(2); try expect(":")
        let second = try number(2)
        var micros: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100_000
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                micros += Int64(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds: Int64 = 0
        if index < bytes.count {
            let sign: Int64
            switch bytes[index] {
            case UInt8(ascii: "+"): sign = 1
            case UInt8(ascii: "-"): sign = -1
            case UInt8(ascii: "Z"): sign = 0
            default: throw PGDecodingFailure("'\(pgText)' has an unreadable offset")
            }
            index += 1
            if sign != 0 {
                var parts: [Int64] = [try number(2)]
                while index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                    index += 1
                    parts.append(try number(2))
                }
                offsetSeconds = sign * (parts[0] * 3600 + (parts.count > 1 ? parts[1] * 60 : 0) + (parts.count > 2 ? parts[2] : 0))
            }
        }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        self.microsecondsSinceEpoch = seconds * 1_000_000 + micros
    }
}

extension Date: PGEncodable, PGDecodable {
    public var pgText: String? { PGTimestamp(self).pgText }
    public init(pgText: String) throws(PGDecodingFailure) {
        self = try PGTimestamp(pgText: pgText).date
    }
}

