#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel

// The price call answers a session with its breakdown: about 70 lines and 400 numbers for a day's session. Encoded
// with Foundation's JSONEncoder that cost about 3 ms of CPU (generic Codable dispatch, and `Decimal.description`
// at about 4 µs a number), twenty times the pricing itself. This writes the same JSON directly: the same keys,
// sorted as `OCPIJSON.encoder` sorts them, absent optionals left out, numbers formatted from their digits.

extension PricedSession {
    /// This session as JSON, Prices in the shape `version` uses, with `extra` string fields (such as the time zone
    /// the session was priced in) merged in key order.
    public func json(for version: VersionNumber, extra: [(key: String, value: String)] = []) -> String {
        var out = JSONText()
        var fields: [(String, (inout JSONText) -> Void)] = [
            ("breakdown", { out in out.array(breakdown) { out, part in part.write(to: &out) } }),
            ("currency", { $0.string(currency) }),
            ("reservation_expired", { $0.bool(reservationExpired) }),
            ("tariff_id", { $0.string(tariffID) }),
            ("total_cost", { totalCost.write(to: &$0, for: version) }),
            ("total_energy", { $0.number(totalEnergy) }),
            ("total_energy_cost", { totalEnergyCost.write(to: &$0, for: version) }),
            ("total_fixed_cost", { totalFixedCost.write(to: &$0, for: version) }),
            ("total_parking_cost", { totalParkingCost.write(to: &$0, for: version) }),
            ("total_parking_time", { $0.number(totalParkingTime) }),
            ("total_reservation_cost", { totalReservationCost.write(to: &$0, for: version) }),
            ("total_reservation_time", { $0.number(totalReservationTime) }),
            ("total_time", { $0.number(totalTime) }),
            ("total_time_cost", { totalTimeCost.write(to: &$0, for: version) }),
        ]
        for (key, value) in extra { fields.append((key, { $0.string(value) })) }
        out.object(fields.sorted { $0.0 < $1.0 })
        return out.text
    }
}

extension PricedPart {
    func write(to out: inout JSONText) {
        var fields: [(String, (inout JSONText) -> Void)] = []
        if let component { fields.append(("component", { $0.integer(component) })) }
        fields.append(("cost", { $0.number(cost) }))
        fields.append(("cost_before_taxes", { $0.number(costBeforeTaxes) }))
        if let countsIn { fields.append(("counts_in", { $0.string(countsIn.rawValue) })) }
        if let dimension { fields.append(("dimension", { $0.string(dimension.rawValue) })) }
        if let element { fields.append(("element", { $0.integer(element) })) }
        fields.append(("kind", { $0.string(kind.rawValue) }))
        if let period { fields.append(("period", { $0.integer(period) })) }
        if let quantity { fields.append(("quantity", { $0.number(quantity) })) }
        if let startDateTime { fields.append(("start_date_time", { $0.string(startDateTime.description) })) }
        fields.append(("tax", { $0.number(tax) }))
        if let unitPrice { fields.append(("unit_price", { $0.number(unitPrice) })) }
        if let vat { fields.append(("vat", { $0.number(vat) })) }
        out.object(fields)
    }
}

extension Price {
    func write(to out: inout JSONText, for version: VersionNumber) {
        if version >= .v2_3_0 {
            var fields: [(String, (inout JSONText) -> Void)] = [("before_taxes", { $0.number(beforeTaxes) })]
            if !taxes.isEmpty { fields.append(("taxes", { out in out.array(taxes) { out, tax in tax.write(to: &out) } })) }
            out.object(fields)
        } else {
            out.object([("excl_vat", { $0.number(beforeTaxes) }), ("incl_vat", { $0.number(afterTaxes) })])
        }
    }
}

extension TaxAmount {
    func write(to out: inout JSONText) {
        var fields: [(String, (inout JSONText) -> Void)] = []
        if let accountNumber { fields.append(("account_number", { $0.string(accountNumber) })) }
        fields.append(("amount", { $0.number(amount) }))
        fields.append(("name", { $0.string(name) }))
        if let percentage { fields.append(("percentage", { $0.number(percentage) })) }
        out.object(fields)
    }
}

/// JSON text written in order: objects take their fields already in key order.
struct JSONText {
    private(set) var text = ""

    init() {
        text.reserveCapacity(16_384)
    }

    mutating func object(_ fields: [(String, (inout JSONText) -> Void)]) {
        text.append("{")
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { text.append(",") }
            string(key)
            text.append(":")
            value(&self)
        }
        text.append("}")
    }

    mutating func array<Element>(_ elements: [Element], _ write: (inout JSONText, Element) -> Void) {
        text.append("[")
        for (index, element) in elements.enumerated() {
            if index > 0 { text.append(",") }
            write(&self, element)
        }
        text.append("]")
    }

    mutating func bool(_ value: Bool) { text.append(value ? "true" : "false") }

    mutating func integer(_ value: Int) { text.append(String(value)) }

    /// A Decimal in plain notation, from its digits (`Decimal.description` when they cannot be read).
    mutating func number(_ value: Decimal) {
        guard let parts = DecimalParts.read(value) else {
            text.append(value.description)
            return
        }
        if parts.significand == 0 {
            text.append("0")
            return
        }
        var digits = String(parts.significand)
        var exponent = parts.exponent
        // Trailing zeros of a fraction say nothing: 2.50 is written 2.5.
        while exponent < 0, digits.hasSuffix("0") {
            digits.removeLast()
            exponent += 1
        }
        if parts.negative { text.append("-") }
        if exponent >= 0 {
            text.append(digits)
            text.append(String(repeating: "0", count: exponent))
        } else {
            let fraction = -exponent
            if digits.count > fraction {
                let point = digits.index(digits.endIndex, offsetBy: -fraction)
                text.append(contentsOf: digits[..<point])
                text.append(".")
                text.append(contentsOf: digits[point...])
            } else {
                text.append("0.")
                text.append(String(repeating: "0", count: fraction - digits.count))
                text.append(digits)
            }
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped. Most strings need none of that and are
    /// copied whole.
    mutating func string(_ value: String) {
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            text.append("\"")
            text.append(value)
            text.append("\"")
            return
        }
        text.append("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text.append("\\\"")
            case "\\": text.append("\\\\")
            case "\n": text.append("\\n")
            case "\r": text.append("\\r")
            case "\t": text.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text.append("\"")
    }
}
