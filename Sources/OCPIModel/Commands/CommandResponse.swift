/// The immediate answer to a command (`data` of the answer to the EMSP's POST, and of the back-office's answer to
/// ours).
public struct CommandResponse: Codable, Sendable, Hashable {
    public var result: CommandResponseType
    /// Seconds the EMSP should wait for the result.
    public var timeout: Int
    public var message: [DisplayText]?

    public init(result: CommandResponseType, timeout: Int, message: [DisplayText]? = nil) {
        self.result = result
        self.timeout = timeout
        self.message = message
    }

    /// A refusal with an English explanation.
    public static func refusal(_ result: CommandResponseType, _ text: String) -> CommandResponse {
        CommandResponse(result: result, timeout: 0, message: [DisplayText(language: "en", text: String(text.prefix(512)))])
    }

    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { issues in
            issues.value(result, "result")
            issues.nonNegative(timeout, "timeout")
            issues.each(message, "message") { issues, text in text.check(&issues) }
        }
    }
}

/// What happened at the charger: POSTed by the back-office to the response_url we gave it, and by us to the EMSP's.
public struct CommandResult: Codable, Sendable, Hashable {
    public var result: CommandResultType
    public var message: [DisplayText]?

    public init(result: CommandResultType, message: [DisplayText]? = nil) {
        self.result = result
        self.message = message
    }

    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { issues in
            issues.value(result, "result")
            issues.each(message, "message") { issues, text in text.check(&issues) }
        }
    }
}
