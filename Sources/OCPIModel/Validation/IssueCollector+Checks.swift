/// The OCPI base types (types.asciidoc) as checks. Lengths count Unicode code points, as JSON Schema's `maxLength`
/// and PostgreSQL's `varchar(n)` do.
extension IssueCollector {
    /// CiString(n): printable ASCII only, at most `max` characters (no limit when nil).
    mutating func ciString(_ value: String?, _ field: String, max: Int?) {
        guard let value else { return }
        if !value.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) {
            add(field, "must contain printable ASCII characters only")
        }
        if let max, value.unicodeScalars.count > max {
            add(field, "must be at most \(max) characters")
        }
    }

    /// An identifier (CiString): also non-empty, because it ends up in URLs and keys.
    mutating func identifier(_ value: String?, _ field: String, max: Int) {
        guard let value else { return }
        if value.isEmpty { add(field, "must not be empty") }
        ciString(value, field, max: max)
    }

    /// string(n): printable UTF-8, no control characters, at most `max` characters.
    mutating func string(_ value: String?, _ field: String, max: Int) {
        guard let value else { return }
        if value.unicodeScalars.contains(where: \.isControl) {
            add(field, "must not contain control characters (such as line breaks or tabs)")
        }
        if value.unicodeScalars.count > max {
            add(field, "must be at most \(max) characters")
        }
    }

    /// URL: string(255) that is an absolute URL (scheme, then no white space), because clients fetch it as is.
    mutating func url(_ value: String?, _ field: String) {
        guard let value else { return }
        string(value, field, max: 255)
        let scalars = Array(value.unicodeScalars)
        let schemeEnd = scalars.firstIndex(of: ":") ?? 0
        let schemeOK = schemeEnd > 0 && scalars[0].isASCIILetter
            && scalars[..<schemeEnd].allSatisfy { $0.isASCIIAlphanumeric || "+-.".unicodeScalars.contains($0) }
        if !schemeOK || schemeEnd == scalars.count - 1 || scalars.contains(where: { $0 == " " }) {
            add(field, "must be an absolute URL such as https://example.com/image.png")
        }
    }

    /// An enum value acceptable to this version.
    mutating func value<E: OCPIEnum>(_ value: E?, _ field: String) {
        if let value, let rule = value.rule(for: version) { add(field, rule) }
    }

    /// Each enum value of a list.
    mutating func values<E: OCPIEnum>(_ values: [E]?, _ field: String) {
        for (index, value) in (values ?? []).enumerated() {
            self.value(value, "\(field)[\(index)]")
        }
    }

    /// A number that may not be negative (amounts, sizes, durations).
    mutating func nonNegative<N: Comparable & ExpressibleByIntegerLiteral>(_ value: N?, _ field: String) {
        if let value, value < 0 { add(field, "must not be negative") }
    }

    /// No two entries share a CiString key (compared case-insensitively).
    mutating func unique(_ keys: [String], list: String, key: String, scope: String) {
        var seen: [String: Int] = [:]
        for (index, value) in keys.enumerated() {
            let folded = value.lowercased()
            if let first = seen[folded] {
                add("\(list)[\(index)].\(key)", "must be unique within the \(scope) (same as \(list)[\(first)].\(key))")
            } else {
                seen[folded] = index
            }
        }
    }
}

extension Unicode.Scalar {
    /// Unicode general category Cc (C0, DEL, C1): what the spec means by "non-printable characters like carriage
    /// returns, tabs, line breaks".
    var isControl: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }

    var isASCIIAlphanumeric: Bool {
        ("0"..."9").contains(self) || ("a"..."z").contains(self) || ("A"..."Z").contains(self)
    }

    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
