#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds one object from a draft while collecting every issue: fields that failed to decode, required fields that
/// are missing (filled with placeholders so that the rest can still be checked), nested objects' issues, and
/// finally the validation of the assembled object, minus what an earlier issue already reports.
struct DraftAssembly {
    let context: ObjectContext
    var issues: IssueCollector

    init(_ context: ObjectContext) {
        self.context = context
        issues = IssueCollector(version: context.version)
    }

    var speaks2_3: Bool { issues.speaks2_3 }

    /// Takes the draft's decoding issues, except those of fields the version does not have: to a 2.2.1 body the
    /// 2.3.0 fields are unknown fields, which are never a reason to refuse.
    mutating func decoded(_ found: [ValidationError.Issue], fieldsAddedIn2_3_0: Set<String>) {
        issues.add(found.filter { speaks2_3 || !fieldsAddedIn2_3_0.contains(Self.topField($0.field)) }, under: "")
    }

    /// A required field's value, or `placeholder` after recording that it is missing (unless it was present but
    /// malformed, which is already recorded).
    mutating func required<T>(_ value: T?, _ field: String, placeholder: T) -> T {
        if let value { return value }
        if !reported(field) { issues.add(field, "is required") }
        return placeholder
    }

    /// Whether an issue about `field` itself is already recorded.
    func reported(_ field: String) -> Bool {
        issues.issues.contains { $0.field == field }
    }

    /// last_updated of a complete object: the body's, else the context's default, else an issue.
    mutating func lastUpdated(_ value: DateTime?) -> DateTime {
        if let value = value ?? context.defaultLastUpdated { return value }
        if !reported("last_updated") { issues.add("last_updated", "is required") }
        return DateTime(millisecondsSinceEpoch: 0)
    }

    /// last_updated of a PATCH: the body's, else the context's default, else nil after an issue.
    mutating func patchLastUpdated(_ value: DateTime?) -> DateTime? {
        if let value = value ?? context.defaultLastUpdated { return value }
        if !reported("last_updated") {
            issues.add("last_updated", "is required in a PATCH")
        }
        return nil
    }

    /// Records `id must match the URL` when a PATCH body names another object.
    mutating func matches(_ value: String?, _ current: String, _ field: String) {
        if let value, value.lowercased() != current.lowercased() { issues.add(field, "must match the URL") }
    }

    /// A PATCH list entry (`entry`, such as `evses[0]`) that cannot be merged because its `key` is missing: reported
    /// as the entry's decoding issue for the key when it was malformed, else as required.
    mutating func unmergeable(_ entry: String, key: String, decodingIssues: [ValidationError.Issue]) {
        let malformed = decodingIssues.filter { $0.field == key }
        let reported = malformed.isEmpty ? [ValidationError.Issue(field: key, rule: "is required")] : malformed
        issues.add(reported, under: entry)
    }

    /// A point in the spec's form, recording issues under `field`; kept as written when it cannot be normalised.
    mutating func normalized(_ point: GeoLocation?, _ field: String) -> GeoLocation? {
        guard let point else { return nil }
        var result = point
        issues.within(field) { result = point.normalized(into: &$0) }
        return result
    }

    /// All issues: those collected so far, then the validation's that they do not already cover.
    func finish(validating check: (inout IssueCollector) -> Void) -> [ValidationError.Issue] {
        var validation = IssueCollector(version: context.version)
        check(&validation)
        return issues.issues + validation.issues.removingCovered(by: issues.issues)
    }

    /// All issues of a PATCH result. What the body changed must obey the request's version; what it left alone is
    /// checked against 2.3.0, the superset, so that data stored through 2.3.0 never blocks an unrelated 2.2.1 PATCH.
    func finishPatch<T: Encodable>(from original: T, to result: T, validating check: (inout IssueCollector) -> Void) -> [ValidationError.Issue] {
        var superset = IssueCollector(version: .v2_3_0)
        check(&superset)
        var validation = superset.issues
        if context.version < .v2_3_0 {
            var strict = IssueCollector(version: context.version)
            check(&strict)
            let changed = Self.changedFields(from: original, to: result)
            validation += strict.issues.filter { changed.contains(Self.topField($0.field)) && !validation.contains($0) }
        }
        return issues.issues + validation.removingCovered(by: issues.issues)
    }

    /// The top-level JSON fields whose values differ between two encodings.
    static func changedFields<T: Encodable>(from original: T, to result: T) -> Set<String> {
        Set(JSONValue.changedKeys(encoding: original, result) ?? [])
    }

    /// `evses` of `evses[0].uid`.
    static func topField(_ path: String) -> String {
        String(path.prefix { $0 != "." && $0 != "[" })
    }
}

/// The latest of an object's own last_updated and its children's: the spec's rule that a parent's last_updated
/// moves with every change below it.
func latest(_ own: DateTime, _ children: some Sequence<DateTime>) -> DateTime {
    children.reduce(own, max)
}
