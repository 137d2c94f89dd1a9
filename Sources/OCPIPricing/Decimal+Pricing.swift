#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel

extension Decimal {
    /// OCPI's number precision: 4 decimals.
    static let reportedScale = 4

    /// This amount as the pricer reports it: rounded half away from zero to 4 decimals (see `PricedSession`).
    var reported: Decimal { roundedHalfAwayFromZero(scale: Self.reportedScale) }

    /// The smallest integer not below this value.
    var ceiling: Decimal {
        if exponent >= 0 { return self }
        let nearest = roundedHalfAwayFromZero(scale: 0)
        return nearest < self ? nearest + 1 : nearest
    }

    /// This minus `other`, skipping the arithmetic when `other` is zero (Decimal arithmetic is slow).
    func minus(_ other: Decimal) -> Decimal { other.isZero ? self : self - other }

    /// Greater than zero, without a Decimal comparison.
    var isPositive: Bool { !isZero && sign == .plus }

    /// Rounded half away from zero to `scale` decimals: the result of OCPIModel's `rounded(scale:)`, computed on the
    /// significand (see `DecimalParts`) instead of the text, because pricing rounds every number it reports.
    func roundedHalfAwayFromZero(scale: Int) -> Decimal {
        guard exponent < -scale else { return self }
        guard let parts = DecimalParts.read(self) else { return rounded(scale: scale) }
        let dropped = -scale - parts.exponent
        // The significand is below 2^128 < 10^39: dropping 39 digits or more leaves less than half a unit.
        guard dropped <= 38 else { return 0 }
        var divisor: UInt128 = 1
        for _ in 0..<dropped { divisor *= 10 }
        var (quotient, remainder) = parts.significand.quotientAndRemainder(dividingBy: divisor)
        if remainder >= divisor - remainder { quotient += 1 }
        guard quotient != 0 else { return 0 }
        guard quotient <= UInt64.max else { return rounded(scale: scale) }
        var newExponent = -scale
        while newExponent < 0, quotient % 10 == 0 {
            quotient /= 10
            newExponent += 1
        }
        let magnitude = Decimal(sign: .plus, exponent: newExponent, significand: Decimal(UInt64(quotient)))
        return parts.negative ? -magnitude : magnitude
    }
}
