import Foundation
import OCPIModel
@testable import OCPIPricing
import Testing

/// The pricer's fast rounding must agree with OCPIModel's reference `rounded(scale:)` (half away from zero).
@Suite("Rounding")
struct DecimalRoundingTests {
    @Test("Half away from zero at 4 decimals, on exact values and on 38-digit quotients")
    func examples() {
        let cases: [(String, String)] = [
            ("0.00005", "0.0001"), ("0.00004999", "0"), ("-0.00005", "-0.0001"), ("2.44445", "2.4445"),
            ("1.99995", "2"), ("-1.99995", "-2"), ("5.125", "5.125"), ("12.3", "12.3"), ("0", "0"),
            ("99999999999999.99995", "100000000000000"),
        ]
        for (value, expected) in cases {
            #expect(dec(value).reported == dec(expected), "\(value)")
        }
        #expect((dec("3") / dec("1.21")).reported == dec("2.4793"))
        #expect((dec("2") / 3).reported == dec("0.6667"))
        #expect((dec("-2") / 3).reported == dec("-0.6667"))
    }

    @Test("Agrees with rounded(scale:) on many values, at scales 0 to 6")
    func agreesWithReference() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let numerator = Decimal(Int.random(in: -10_000_000...10_000_000, using: &generator))
            let denominator = Decimal(Int.random(in: 1...9_999, using: &generator))
            let value = numerator / denominator
            for scale in 0...6 {
                #expect(value.roundedHalfAwayFromZero(scale: scale) == value.rounded(scale: scale), "\(value) at \(scale)")
            }
        }
    }

    @Test("The significand is read without the text route on this platform")
    func fastRoute() throws {
        let parts = try #require(DecimalParts.read(dec("-98765.4321")))
        #expect(parts.significand == 987_654_321 && parts.exponent == -4 && parts.negative)
        let third = try #require(DecimalParts.read(dec("1") / 3))
        #expect(third.exponent < -30 && !third.negative)
    }

    @Test("Ceiling")
    func ceiling() {
        #expect(dec("2.0001").ceiling == 3)
        #expect(dec("2.5").ceiling == 3)
        #expect(dec("2").ceiling == 2)
        #expect(dec("-2.5").ceiling == -2)
        #expect(dec("2400.000").ceiling == 2400)
    }
}
