#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Decimal {
    /// This amount rounded half away from zero to `scale` decimals (scale ≥ 0). Money is `Decimal` throughout (never
    /// binary floating point), and rounding happens only where a rule says so.
    ///
    /// FoundationEssentials exposes no rounding for `Decimal`, so this works on its plain-notation digits, which are
    /// exact.
    public func rounded(scale: Int) -> Decimal {
        precondition(scale >= 0, "scale must not be negative")
        let text = description
        let negative = text.hasPrefix("-")
        let unsigned = negative ? text.dropFirst() : Substring(text)
        guard let point = unsigned.firstIndex(of: ".") else { return self }
        let fraction = unsigned[unsigned.index(after: point)...]
        guard fraction.count > scale else { return self }
        var digits = Array((unsigned[..<point] + fraction.prefix(scale)).utf8).map { Int($0) - 48 }
        let roundsUp = Int(fraction.utf8[fraction.utf8.index(fraction.utf8.startIndex, offsetBy: scale)]) - 48 >= 5
        if roundsUp {
            var index = digits.count - 1
            while index >= 0 {
                if digits[index] == 9 { digits[index] = 0; index -= 1 } else { digits[index] += 1; break }
            }
            if index < 0 { digits.insert(1, at: 0) }
        }
        let integerCount = digits.count - scale
        var result = negative ? "-" : ""
        result += digits[..<integerCount].map(String.init).joined()
        if scale > 0 { result += "." + digits[integerCount...].map(String.init).joined() }
        return Decimal(string: result) ?? self
    }
}
