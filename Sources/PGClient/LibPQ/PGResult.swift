import CLibPQ

/// The rows a statement returned. Owns one `PGresult *` (freed in `deinit`) and reads values in place, so a large
/// result is not copied before it is decoded. Immutable after creation, hence safe to share.
public final class PGResult: @unchecked Sendable {
    private let handle: OpaquePointer
    public let rowCount: Int
    public let columnCount: Int

    init(_ handle: OpaquePointer) {
        self.handle = handle
        self.rowCount = Int(PQntuples(handle))
        self.columnCount = Int(PQnfields(handle))
    }

    deinit { PQclear(handle) }

    /// Rows changed by an INSERT, UPDATE or DELETE (0 for other statements).
    public var affectedRows: Int {
        guard let text = PQcmdTuples(handle) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    /// The command tag, such as `INSERT 0 1` or `COMMIT`.
    public var commandTag: String {
        guard let text = PQcmdStatus(handle) else { return "" }
        return String(cString: text)
    }

    public func columnName(_ index: Int) -> String {
        String(cString: PQfname(handle, Int32(index)))
    }

    /// The column's index by name, or nil.
    public func columnIndex(_ name: String) -> Int? {
        let index = Int(PQfnumber(handle, name))
        return index < 0 ? nil : index
    }

    func isNull(row: Int, column: Int) -> Bool {
        PQgetisnull(handle, Int32(row), Int32(column)) == 1
    }

    func string(row: Int, column: Int) -> String? {
        if isNull(row: row, column: column) { return nil }
        return String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
    }

    /// The rows, each decodable by column index.
    public var rows: [PGRow] { (0..<rowCount).map { PGRow(result: self, index: $0) } }

    /// The first row, if any.
    public var first: PGRow? { rowCount > 0 ? PGRow(result: self, index: 0) : nil }
}

/// One row of a `PGResult`.
public struct PGRow: Sendable {
    let result: PGResult
    public let index: Int

    /// Decodes a column by position.
    public func decode<T: PGDecodable>(_ column: Int, as type: T.Type = T.self, file: String = #fileID, line: Int = #line) throws(PGError) -> T {
        guard column < result.columnCount else {
            throw PGError(.decoding, message: "column \(column) out of range (\(result.columnCount) columns)", file: file, line: line)
        }
        guard let text = result.string(row: index, column: column) else {
            if let nullable = T.self as? any PGOptionalDecodable.Type, let none = nullable.pgNull as? T { return none }
            throw PGError(.decoding, message: "column \(result.columnName(column)) is NULL, expected \(T.self)", file: file, line: line)
        }
        do {
            return try T(pgText: text)
        } catch {
            throw PGError(.decoding, message: "column \(result.columnName(column)): \(error.message)", file: file, line: line)
        }
    }

    /// Decodes a column by name.
    public func decode<T: PGDecodable>(_ name: String, as type: T.Type = T.self, file: String = #fileID, line: Int = #line) throws(PGError) -> T {
        guard let column = result.columnIndex(name) else {
            throw PGError(.decoding, message: "no column named \(name)", file: file, line: line)
        }
        return try decode(column, as: type, file: file, line: line)
    }
}
