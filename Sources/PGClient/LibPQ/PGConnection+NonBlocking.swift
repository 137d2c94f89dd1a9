import CLibPQ

/// libpq's asynchronous calls, for a statement that waits for its answer without holding a thread (`PGSession`
/// sends, then waits on `PGSocketReactor`). None of these block.
extension PGConnection {
    /// Sends `query` without waiting for the answer. Only statements already prepared on this connection take this
    /// path; false means "run it with `execute`", which prepares it first.
    func sendPrepared(_ query: PGQuery) throws(PGError) -> Bool {
        let conn = try liveHandle()
        // Over TLS, bytes OpenSSL has already decrypted are invisible to epoll, so a wait on the socket could hang:
        // such connections take the blocking path, where libpq checks OpenSSL's buffer itself.
        guard query.prepare, PQsslInUse(conn) == 0, let name = preparedNames[query.sql] else { return false }
        let sent = query.withBindPointers { count, values in PQsendQueryPrepared(conn, name, count, values, nil, nil, 0) }
        guard sent == 1 else { throw failure(conn) }
        return true
    }

    /// Writes what libpq still holds for the socket; false while some is left (wait until it is writable).
    func flushOutput() throws(PGError) -> Bool {
        let conn = try liveHandle()
        switch PQflush(conn) {
        case 0: return true
        case 1: return false
        default: throw failure(conn)
        }
    }

    /// Reads what arrived into libpq's buffer without parsing it: while a statement is still being sent.
    func absorbInput() throws(PGError) {
        let conn = try liveHandle()
        guard PQconsumeInput(conn) != 0 else { throw failure(conn) }
    }

    /// Reads what arrived on the socket. Returns the statement's result once libpq has all of it, nil while it
    /// needs more (wait until the socket is readable).
    func readResult() throws(PGError) -> PGResult? {
        let conn = try liveHandle()
        guard PQconsumeInput(conn) != 0 else { throw failure(conn) }
        while PQisBusy(conn) == 0 {
            guard let next = PQgetResult(conn) else {
                // The statement is complete: one result, then NULL.
                let result = pendingResult
                pendingResult = nil
                return PGResult(try check(result, conn: conn))
            }
            if pendingResult == nil { pendingResult = next } else { PQclear(next) }
        }
        return nil
    }
}

extension PGConnection {
    /// Sends plain SQL without waiting for its answer, which `consumeNotifications` reads later. For the listener's
    /// heartbeat: a connection that may have gone silent must never hold the listener in a blocking call.
    func sendWithoutWaiting(_ query: PGQuery) throws(PGError) {
        let conn = try liveHandle()
        guard PQsendQuery(conn, query.sql) == 1 else { throw failure(conn) }
        _ = try flushOutput()
    }
}
