#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A Decimal's sign, significand and exponent, read without going through its text.
///
/// FoundationEssentials keeps these fields internal, and its only public routes to the digits (`description`,
/// `Codable`) cost about 4 µs each, most of a pricing's time when every reported number is rounded. The fields are
/// laid out in a fixed 20-byte record (the NSDecimal layout): exponent, length and flags, then eight 16-bit words of
/// significand. Where the flags sit differs between swift-foundation and Apple's Foundation, so the layout is
/// recognised once, from values with known fields, and when neither arrangement matches `read` returns nil and
/// callers take the text route.
enum DecimalParts {
    struct Parts {
        var significand: UInt128
        var exponent: Int
        var negative: Bool
    }

    private enum Layout {
        /// swift-foundation: byte 1 holds length << 4 | isNegative << 3 | isCompact << 2.
        case swiftFoundation
        /// Apple's NSDecimal bit fields: byte 1 holds length in its low 4 bits, isNegative at bit 4.
        case bitFields
    }

    private static let layout: Layout? = {
        guard MemoryLayout<Decimal>.size == 20 else { return nil }
        let probes: [(String, UInt128, Int, Bool)] = [
            ("-123.45", 12_345, -2, true), ("4294967296.5", 42_949_672_965, -1, false),
            ("0.000000000000000000000000000001", 1, -30, false),
            ("79228162514264337593543950335", (1 << 96) - 1, 0, false),
        ]
        for candidate in [Layout.swiftFoundation, .bitFields] {
            let recognised = probes.allSatisfy { text, significand, exponent, negative in
                guard let value = Decimal(string: text), let parts = read(value, as: candidate) else { return false }
                return parts.significand == significand && parts.exponent == exponent && parts.negative == negative
            }
            if recognised { return candidate }
        }
        return nil
    }()

    /// The parts of `value`; nil for NaN, or when the layout was not recognised.
    static func read(_ value: Decimal) -> Parts? {
        guard let layout, !value.isNaN else { return nil }
        return read(value, as: layout)
    }

    private static func read(_ value: Decimal, as layout: Layout) -> Parts? {
        withUnsafeBytes(of: value) { bytes -> Parts? in
            let exponent = Int(Int8(bitPattern: bytes[0]))
            let flags = bytes[1]
            let length: Int
            let negative: Bool
            switch layout {
            case .swiftFoundation:
                length = Int(flags >> 4)
                negative = flags & 0b1000 != 0
            case .bitFields:
                length = Int(flags & 0b1111)
                negative = flags & 0b1_0000 != 0
            }
            guard length <= 8 else { return nil }
            var significand: UInt128 = 0
            for index in stride(from: length - 1, through: 0, by: -1) {
                significand = significand << 16 | UInt128(bytes.load(fromByteOffset: 4 + index * 2, as: UInt16.self))
            }
            return Parts(significand: significand, exponent: exponent, negative: negative)
        }
    }
}
