extension TokenType {
    /// The `type` query parameter of a Tokens URL: RFID when absent (as the spec says), else a TokenType of
    /// `version`, at most 36 printable ASCII characters without '/' (it becomes part of a key and of URLs we call).
    public static func parameter(_ value: String?, version: VersionNumber) throws(ValidationError) -> TokenType {
        let type = value.map { TokenType(rawValue: $0).normalized } ?? .rfid
        var issues = IssueCollector(version: version)
        issues.value(type, "type")
        if type.rawValue.utf8.count > 36 || type.rawValue.contains("/") || !type.rawValue.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) {
            issues.add("type", "must be a TokenType of at most 36 printable ASCII characters, without '/'")
        }
        if !issues.issues.isEmpty { throw ValidationError(issues: issues.issues) }
        return type
    }
}

extension TokenType {
    /// A known value written in another case (`rfid`) as the spec writes it (`RFID`); any other value as it is. A
    /// 2.3.0 OpenEnum would otherwise keep `rfid` as a custom type beside `RFID`.
    public var normalized: TokenType {
        let upper = rawValue.uppercased()
        return Self.known.contains(upper) ? TokenType(rawValue: upper) : self
    }
}
