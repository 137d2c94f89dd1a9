/// Coordinates as clients really write them. The spec's regexes (5 to 7 decimals) and lengths (string(10) and
/// string(11)) disagree with each other (`-12.1234567` has 11 characters) and with what many clients send
/// (`52.5200`). Any decimal number in range is accepted; a value that already satisfies both rules is kept exactly as
/// written, anything else is rewritten with exactly 6 decimals, which always satisfies both.
extension GeoLocation {
    /// This point in the spec's form, or the issues (`latitude`, `longitude`) when a value is not a decimal number
    /// in range.
    public func normalized() throws(ValidationError) -> GeoLocation {
        var point = self
        try IssueCollector.validate(.v2_3_0) { point = normalized(into: &$0) }
        return point
    }

    /// As `normalized()`, recording issues instead of throwing; a value that cannot be normalised is kept as
    /// written.
    func normalized(into issues: inout IssueCollector) -> GeoLocation {
        var point = self
        if let value = DecimalDegrees.latitude.normalized(latitude) {
            point.latitude = value
        } else {
            issues.add("latitude", DecimalDegrees.latitude.rangeRule)
        }
        if let value = DecimalDegrees.longitude.normalized(longitude) {
            point.longitude = value
        } else {
            issues.add("longitude", DecimalDegrees.longitude.rangeRule)
        }
        return point
    }

    /// The strict check of a stored or served point: the spec's regex, length and range.
    func check(_ issues: inout IssueCollector) {
        DecimalDegrees.latitude.check(latitude, "latitude", &issues)
        DecimalDegrees.longitude.check(longitude, "longitude", &issues)
    }
}

/// One axis of a WGS 84 coordinate as decimal degrees in text.
struct DecimalDegrees {
    let limit: Int
    let integerDigits: Int
    let maxLength: Int

    static let latitude = DecimalDegrees(limit: 90, integerDigits: 2, maxLength: 10)
    static let longitude = DecimalDegrees(limit: 180, integerDigits: 3, maxLength: 11)

    var rangeRule: String { "must be a decimal number between -\(limit) and \(limit), such as 52.520000" }

    var formatRule: String {
        "must match -?[0-9]{1,\(integerDigits)}\\.[0-9]{5,7} in at most \(maxLength) characters"
    }

    /// A decimal number taken apart: `[+-]digits[.digits]`.
    private struct Parts {
        var negative = false
        var explicitPlus = false
        var integer: [UInt8] = []
        var hasPoint = false
        var fraction: [UInt8] = []
    }

    private func parse(_ text: String) -> Parts? {
        var parts = Parts()
        var bytes = Array(text.utf8)[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            parts.negative = sign == UInt8(ascii: "-")
            parts.explicitPlus = !parts.negative
            bytes = bytes.dropFirst()
        }
        while let byte = bytes.first, (48...57).contains(byte) {
            parts.integer.append(byte - 48)
            bytes = bytes.dropFirst()
        }
        if bytes.first == UInt8(ascii: ".") {
            parts.hasPoint = true
            bytes = bytes.dropFirst()
            while let byte = bytes.first, (48...57).contains(byte) {
                parts.fraction.append(byte - 48)
                bytes = bytes.dropFirst()
            }
        }
        guard bytes.isEmpty, !(parts.integer.isEmpty && parts.fraction.isEmpty) else { return nil }
        return parts
    }

    private func inRange(_ parts: Parts) -> Bool {
        let significant = parts.integer.drop(while: { $0 == 0 })
        guard significant.count <= 3 else { return false }
        let whole = significant.reduce(0) { $0 * 10 + Int($1) }
        return whole < limit || (whole == limit && parts.fraction.allSatisfy { $0 == 0 })
    }

    /// Whether `text` satisfies the spec as it stands: regex, length and range.
    func isCanonical(_ text: String) -> Bool {
        guard let parts = parse(text), inRange(parts) else { return false }
        return !parts.explicitPlus && parts.hasPoint && (1...integerDigits).contains(parts.integer.count)
            && (5...7).contains(parts.fraction.count) && text.utf8.count <= maxLength
    }

    /// `text` when canonical, else the same number rounded (half up) to 6 decimals; nil when not a number in range.
    func normalized(_ text: String) -> String? {
        if isCanonical(text) { return text }
        guard let parts = parse(text), inRange(parts) else { return nil }
        let fraction = parts.fraction + Array(repeating: 0, count: max(0, 7 - parts.fraction.count))
        var digits = Array(parts.integer.drop(while: { $0 == 0 })) + fraction.prefix(6)
        if fraction[6] >= 5 {
            var index = digits.count - 1
            while index >= 0, digits[index] == 9 {
                digits[index] = 0
                index -= 1
            }
            if index >= 0 { digits[index] += 1 } else { digits.insert(1, at: 0) }
        }
        let whole = digits.dropLast(6).map(String.init).joined()
        let decimals = digits.suffix(6).map(String.init).joined()
        let sign = parts.negative && digits.contains(where: { $0 != 0 }) ? "-" : ""
        return sign + (whole.isEmpty ? "0" : whole) + "." + decimals
    }

    func check(_ text: String, _ field: String, _ issues: inout IssueCollector) {
        if isCanonical(text) { return }
        issues.add(field, normalized(text) == nil ? rangeRule : formatRule)
    }
}
