/// The isolation and access mode a transaction starts with.
public struct PGTransactionMode: Sendable, Hashable {
    let beginStatement: String

    public static let readCommitted = PGTransactionMode(beginStatement: "BEGIN")
    public static let repeatableRead = PGTransactionMode(beginStatement: "BEGIN ISOLATION LEVEL REPEATABLE READ")
    /// A consistent snapshot for several reads, such as a page and its total count.
    public static let readOnlySnapshot = PGTransactionMode(beginStatement: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    public static let serializable = PGTransactionMode(beginStatement: "BEGIN ISOLATION LEVEL SERIALIZABLE")

    /// Transaction control is prepared like any statement, so that after its first use on a connection it too
    /// waits on the socket rather than on a pool thread (PostgreSQL binds COMMIT and ROLLBACK even in a failed
    /// transaction).
    var begin: PGQuery { PGQuery(stringLiteral: beginStatement) }
    static let commit: PGQuery = "COMMIT"
    static let rollback: PGQuery = "ROLLBACK"
}
