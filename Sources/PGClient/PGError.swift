/// A failure talking to PostgreSQL.
///
/// Like postgres-nio's `PSQLError`, the kind of failure is a `Code` that can grow without breaking callers, and the
/// server's diagnostics travel in typed fields. `description` never contains SQL text, bound values or connection
/// strings, so an error can be logged as it is.
public struct PGError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, independent of the server's wording.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable, Hashable {
            case connectionFailed
            case connectionClosed
            case server
            case unexpectedResult
            case decoding
            case poolClosed
            case poolTimeout
            case migration
        }

        let base: Base

        /// A connection could not be opened.
        public static let connectionFailed = Code(base: .connectionFailed)
        /// A connection broke while in use (the server went away or restarted).
        public static let connectionClosed = Code(base: .connectionClosed)
        /// The server refused a statement; see `sqlState` and `serverMessage`.
        public static let server = Code(base: .server)
        /// libpq returned a result the caller did not expect (for example rows where none were asked for).
        public static let unexpectedResult = Code(base: .unexpectedResult)
        /// A column could not be read as the requested Swift type.
        public static let decoding = Code(base: .decoding)
        /// The pool has been shut down.
        public static let poolClosed = Code(base: .poolClosed)
        /// No connection became free within the pool's wait limit.
        public static let poolTimeout = Code(base: .poolTimeout)
        /// A schema migration could not be applied.
        public static let migration = Code(base: .migration)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The five-character SQLSTATE reported by the server, for example `23505` (unique violation).
    public var sqlState: String?
    /// The server's primary message, or libpq's for client-side failures.
    public var serverMessage: String?
    public var detail: String?
    public var hint: String?
    /// The constraint a violation names, when the server reports one.
    public var constraint: String?
    public var file: String
    public var line: Int

    public init(
        _ code: Code,
        sqlState: String? = nil,
        message: String? = nil,
        detail: String? = nil,
        hint: String? = nil,
        constraint: String? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.sqlState = sqlState
        self.serverMessage = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.file = file
        self.line = line
    }

    /// True when the connection that produced this error can no longer be used.
    public var isConnectionFailure: Bool {
        if code == .connectionFailed || code == .connectionClosed { return true }
        guard let state = sqlState else { return false }
        // Class 08: connection exception; 57P01-57P03: the server is shutting down or restarting.
        return state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03"
    }

    /// True for a unique-constraint violation.
    public var isUniqueViolation: Bool { sqlState == "23505" }

    public var description: String {
        var text = "PGError(\(code)"
        if let sqlState { text += ", sqlState: \(sqlState)" }
        if let serverMessage { text += ", message: \(serverMessage)" }
        if let constraint { text += ", constraint: \(constraint)" }
        return text + ")"
    }
}
