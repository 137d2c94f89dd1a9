import CLibPQ
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection: owns exactly one `PGconn *`, closed in `deinit`.
///
/// Every method blocks on the network, so callers run them on a thread of their own (see `PGPool`), never on
/// Swift's cooperative pool. The type is `@unchecked Sendable` because exclusivity is guaranteed by the pool: a
/// connection is leased to one task at a time and handed between threads only at lease boundaries.
public final class PGConnection: @unchecked Sendable {
    private(set) var handle: OpaquePointer?
    /// Statements prepared on this connection, by SQL text.
    private(set) var preparedNames: [String: String] = [:]
    /// The result of a statement sent without waiting, held until libpq reports the statement complete.
    var pendingResult: OpaquePointer?
    /// Set when a failure showed the connection is unusable.
    private(set) var isBroken = false

    /// Opens a connection (blocking).
    /// - Parameters:
    ///   - conninfo: a libpq connection string (`host=… dbname=…`) or URI (`postgresql://…`).
    ///   - defaults: further libpq connection parameters (`keepalives_idle`, say); the conninfo overrides them.
    public init(conninfo: String, applicationName: String = "ocpi-cpo", defaults: [(String, String)] = []) throws(PGError) {
        // Defaults come first so that the caller's conninfo, expanded from `dbname`, overrides them.
        let keywords = ["connect_timeout", "application_name"] + defaults.map(\.0) + ["dbname"]
        let values = ["5", applicationName] + defaults.map(\.1) + [conninfo]
        let conn: OpaquePointer? = withCStrings(keywords) { keys in
            withCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let conn else { throw PGError(.connectionFailed, message: "out of memory") }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(conn))
            PQfinish(conn)
            throw PGError(.connectionFailed, message: message)
        }
        self.handle = conn
        // Statements sent with PQsendQueryPrepared never block on a full socket buffer; PQexec* block regardless.
        PQsetnonblocking(conn, 1)
        // Timestamps travel as ISO text in UTC and floats exactly, whatever the server's defaults are; notices
        // ("relation already exists, skipping") would go to stderr, so only warnings and worse are sent.
        try execute(
            PGQuery(
                unsafeSQL: "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3; SET client_min_messages = warning"))
    }

    deinit {
        if let pendingResult { PQclear(pendingResult) }
        if let handle { PQfinish(handle) }
    }

    /// Closes the connection now; later calls fail with `connectionClosed`.
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
        isBroken = true
    }

    /// Runs one statement (blocking). Statements are prepared once per connection and reused, so a query that is
    /// run often is parsed and planned once.
    @discardableResult
    public func execute(_ query: PGQuery) throws(PGError) -> PGResult {
        let conn = try liveHandle()
        let result: OpaquePointer?
        if query.prepare {
            let name: String
            if let known = preparedNames[query.sql] {
                name = known
            } else {
                name = "s\(preparedNames.count + 1)"
                let prepared = PQprepare(conn, name, query.sql, Int32(query.binds.count), nil)
                try check(prepared, conn: conn)
                PQclear(prepared)
                preparedNames[query.sql] = name
            }
            result = query.withBindPointers { count, values in
                PQexecPrepared(conn, name, count, values, nil, nil, 0)
            }
        } else if query.binds.isEmpty {
            result = PQexec(conn, query.sql)
        } else {
            result = query.withBindPointers { count, values in
                PQexecParams(conn, query.sql, count, nil, values, nil, nil, 0)
            }
        }
        return PGResult(try check(result, conn: conn))
    }

    /// Whether the connection can take a statement: libpq still sees it open, no transaction is left over, and
    /// nothing arrived while it sat idle. A server that shuts down or restarts sends a FATAL message and closes the
    /// socket, which makes it readable; an idle pooled connection expects nothing else, so any input means "drop it".
    /// Does not block.
    public func isUsable() -> Bool {
        guard let conn = handle, !isBroken, PQstatus(conn) == CONNECTION_OK else { return false }
        guard PQtransactionStatus(conn) == PQTRANS_IDLE else { return false }
        var descriptor = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }

    /// Whether a transaction is open or failed on this connection.
    var isInTransaction: Bool {
        guard let conn = handle else { return false }
        return PQtransactionStatus(conn) != PQTRANS_IDLE
    }

    /// The socket, for waiting on notifications.
    var socket: Int32 {
        guard let conn = handle else { return -1 }
        return PQsocket(conn)
    }

    /// Reads whatever arrived on the socket and returns the pending notifications (blocking only as long as data is
    /// already there). The result of a statement sent with `sendWithoutWaiting` is read and dropped here; its error,
    /// if any, is thrown.
    func consumeNotifications() throws(PGError) -> [PGNotification] {
        let conn = try liveHandle()
        guard PQconsumeInput(conn) != 0, PQstatus(conn) == CONNECTION_OK else {
            isBroken = true
            throw failure(conn)
        }
        while PQisBusy(conn) == 0, let result = PQgetResult(conn) {
            PQclear(try check(result, conn: conn))
        }
        var notifications: [PGNotification] = []
        while let notify = PQnotifies(conn) {
            let channel = String(cString: notify.pointee.relname)
            let payload = String(cString: notify.pointee.extra)
            notifications.append(PGNotification(channel: channel, payload: payload))
            PQfreemem(notify)
        }
        return notifications
    }

    /// The handle of a connection that is open and has not failed.
    func liveHandle() throws(PGError) -> OpaquePointer {
        guard let handle, !isBroken else { throw PGError(.connectionClosed, message: "connection is closed") }
        return handle
    }

    /// The error for a libpq call that failed without a result; the connection is marked broken when libpq says it
    /// is no longer usable.
    func failure(_ conn: OpaquePointer) -> PGError {
        if PQstatus(conn) != CONNECTION_OK { isBroken = true }
        return PGError(isBroken ? .connectionClosed : .unexpectedResult, message: Self.trimmed(PQerrorMessage(conn)))
    }

    /// Turns a libpq result into either itself or a typed error, in one place.
    @discardableResult
    func check(_ result: OpaquePointer?, conn: OpaquePointer) throws(PGError) -> OpaquePointer {
        guard let result else { throw failure(conn) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return result
        default:
            let field = { (code: Int32) -> String? in
                guard let value = PQresultErrorField(result, code) else { return nil }
                return String(cString: value)
            }
            var error = PGError(
                .server,
                sqlState: field(CLIBPQ_DIAG_SQLSTATE),
                message: field(CLIBPQ_DIAG_MESSAGE_PRIMARY) ?? Self.trimmed(PQresultErrorMessage(result)),
                detail: field(CLIBPQ_DIAG_MESSAGE_DETAIL),
                hint: field(CLIBPQ_DIAG_MESSAGE_HINT),
                constraint: field(CLIBPQ_DIAG_CONSTRAINT_NAME)
            )
            PQclear(result)
            if PQstatus(conn) != CONNECTION_OK {
                isBroken = true
                if error.sqlState == nil { error.code = .connectionClosed }
            }
            if error.isConnectionFailure { isBroken = true }
            throw error
        }
    }

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown libpq error" }
        var text = String(cString: message)
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}

/// A `NOTIFY` received on a listening connection.
public struct PGNotification: Sendable, Hashable {
    public var channel: String
    public var payload: String

    public init(channel: String, payload: String) {
        self.channel = channel
        self.payload = payload
    }
}

/// Calls `body` with a NULL-terminated array of C strings that live for the duration of the call.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let duplicated = strings.map { strdup($0) }
    defer { duplicated.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = duplicated.map { UnsafePointer($0) }
    pointers.append(nil)
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
