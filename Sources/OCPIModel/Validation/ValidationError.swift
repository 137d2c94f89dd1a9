/// Everything wrong with one request body, reported at once so that a client can fix all of it in one round trip.
///
/// Servers answer it with HTTP 200 and the OCPI `status_code` in `code` (2001 unless stated otherwise), and
/// `message` as `status_message`.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One problem: where it is (`field`, the JSON path as the client wrote it, such as
    /// `evses[0].connectors[1].max_voltage`) and what is expected there (`rule`, such as `is required`).
    public struct Issue: Sendable, Hashable, CustomStringConvertible {
        public var field: String
        public var rule: String

        public init(field: String, rule: String) {
            self.field = field
            self.rule = rule
        }

        /// `field rule`, or only the rule when the issue concerns the whole body.
        public var description: String { field.isEmpty ? rule : "\(field) \(rule)" }
    }

    public var issues: [Issue]
    public var code: OCPIStatusCode

    public init(issues: [Issue], code: OCPIStatusCode = .invalidOrMissingParameters) {
        self.issues = issues
        self.code = code
    }

    /// How many issues `message` spells out; a status message is read by people, not parsed.
    static let messageIssueLimit = 5

    /// The issues joined with `; `, at most five of them, then `(and N more)`.
    public var message: String {
        let shown = issues.prefix(Self.messageIssueLimit).map(\.description).joined(separator: "; ")
        let hidden = issues.count - Self.messageIssueLimit
        return hidden > 0 ? "\(shown) (and \(hidden) more)" : shown
    }

    public var description: String { message }
}
