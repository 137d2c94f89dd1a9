/// Gathers validation issues while walking an object, keeping track of the JSON path, so that every check names its
/// field exactly as the client wrote it and no check stops the others.
struct IssueCollector {
    /// The OCPI version whose rules apply (enum values, 2.3.0-only fields).
    let version: VersionNumber
    private(set) var issues: [ValidationError.Issue] = []
    private var path = ""

    init(version: VersionNumber) {
        self.version = version
    }

    /// Runs `check` under the rules of `version` and throws every issue it records.
    static func validate(_ version: VersionNumber, _ check: (inout IssueCollector) -> Void) throws(ValidationError) {
        var issues = IssueCollector(version: version)
        check(&issues)
        if !issues.issues.isEmpty { throw ValidationError(issues: issues.issues) }
    }

    /// Whether the 2.3.0 rules apply: OpenEnums, and the fields 2.3.0 added.
    var speaks2_3: Bool { version >= .v2_3_0 }

    mutating func add(_ field: String, _ rule: String) {
        issues.append(ValidationError.Issue(field: Self.join(path, field), rule: rule))
    }

    /// Adds issues found elsewhere (a nested build), whose fields are relative to `field`.
    mutating func add(_ nested: [ValidationError.Issue], under field: String) {
        let base = Self.join(path, field)
        issues += nested.map { ValidationError.Issue(field: Self.join(base, $0.field), rule: $0.rule) }
    }

    /// Runs `body` with `field` appended to the path.
    mutating func within(_ field: String, _ body: (inout IssueCollector) -> Void) {
        let saved = path
        path = Self.join(path, field)
        body(&self)
        path = saved
    }

    /// Runs `body` for each element of an optional list, with `field[index]` appended to the path.
    mutating func each<Element>(_ items: [Element]?, _ field: String, _ body: (inout IssueCollector, Element) -> Void) {
        for (index, item) in (items ?? []).enumerated() {
            within("\(field)[\(index)]") { body(&$0, item) }
        }
    }

    /// `a` + `b` as a JSON path: `a.b`, or `a[0]` when `b` is an index.
    static func join(_ base: String, _ field: String) -> String {
        if base.isEmpty { return field }
        if field.isEmpty { return base }
        return field.hasPrefix("[") ? base + field : base + "." + field
    }
}

extension [ValidationError.Issue] {
    /// Drops issues about a field (or anything inside it) that an earlier issue already reports, so that a missing
    /// or malformed field is not also reported as, say, too short.
    func removingCovered(by earlier: [ValidationError.Issue]) -> [ValidationError.Issue] {
        let covered = Set(earlier.map(\.field))
        return filter { issue in
            var field = issue.field
            while true {
                if covered.contains(field) { return false }
                guard let cut = field.lastIndex(where: { $0 == "." || $0 == "[" }) else { return true }
                field = String(field[..<cut])
            }
        }
    }
}
