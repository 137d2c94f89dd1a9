/// The isolation and access mode a transaction starts with.
public struct PGTransactionMode: Sendable, Hashable {
    let beginStatement: String

    public static let readCommitted = PGTransactionMode(beginStatement: "BEGIN")
    public static let repeatableRead = PGTransactionMode(beginStatement: "BEGIN ISOLATION LEVEL REPEATABLE READ")
    /// A consistent snapshot for several reads, such as a page and its total count.
    public static let readOnlySnapshot = PGTransactionMode(beginStatement: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    public static let serializable = PGTransactionMode(beginStatement: "BEGIN ISOLATION LEVEL SERIALIZABLE")
}
