#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import OCPIModel
import OCPIStorage
import PGClient

/// pgbench equivalents of the two writes, built from the statements the service sends (`ObjectStatements`,
/// `OutboxRecorder.statement`): lock, read the stored document, update the document with its two renderings,
/// record the outbox row, in one transaction. This is the plain document write, the limit the service's writes are
/// measured against. The documents the service would pass as parameters are read from `bench_templates`, because
/// pgbench would take their `:` for variables.
extension Scripts {
    static func pgPutLocation(_ fixture: BenchFixture) -> String {
        pgWrite(fixture, change: .replaced, subIDs: [])
    }

    static func pgPatchEVSE(_ fixture: BenchFixture) -> String {
        pgWrite(fixture, change: .patched(fields: ["last_updated", "status"]), subIDs: ["E1"])
    }

    static func pgWrite(_ fixture: BenchFixture, change: ObjectChange.Kind, subIDs: [String]) -> String {
        pgPrelude(fixture) + pgWrite(Locations.self, change: change, subIDs: subIDs, id: idExpression, templatePrefix: "")
    }

    /// The plain document write of any module: `id` is the pgbench expression of the object's id (`:t` picks the
    /// tenant), the documents come from `bench_templates` under `{templatePrefix}document` and so on.
    static func pgWrite<Module: DataModule>(
        _ module: Module.Type, change: ObjectChange.Kind, subIDs: [String], id: String, templatePrefix: String
    ) -> String {
        let address = ObjectAddress(tenant: BenchFixture.tenants[0], ids: ["X"] + subIDs)
        let template = { (name: String) in "(SELECT body FROM bench_templates WHERE name = '\(templatePrefix + name)')" }
        let update = ObjectStatements<Module>.update(
            .init(tenant: address.tenant, id: address.objectID, document: PGJSON("{}"), doc221: "", doc230: "", shared: true, lastUpdated: .now()))
        let record = OutboxRecorder.statement(
            ObjectChange(module: Module.id, address: address, kind: change, lastUpdated: .now(), visibility: .init(before: true, after: true)))
        let tenant = [1: countryExpression, 2: partyExpression]
        let lock = "'\(Module.id.rawValue)/' || (ARRAY['DE*BN1', 'NL*BN2', 'FR*BN3'])[:t] || '/' || lower(\(id))"
        return [
            "BEGIN;",
            pgbench(ObjectStatements<Module>.lock(address), [1: lock]),
            pgbench(ObjectStatements<Module>.load(address), tenant.merging([3: id]) { $1 }),
            pgbench(update, [1: template("document"), 2: template("doc_221"), 3: template("doc_230"), 5: "now()", 6: countryExpression, 7: partyExpression, 8: id]),
            pgbench(record, tenant.merging([4: id, 8: "now()"]) { $1 }),
            "COMMIT;",
        ].joined(separator: "\n")
    }

    /// A statement as a pgbench line: each `$n` becomes the expression given for it, or the statement's own
    /// parameter as a literal.
    static func pgbench(_ query: PGQuery, _ expressions: [Int: String]) -> String {
        var sql = query.sql
        for index in stride(from: query.binds.count, through: 1, by: -1) {
            let value = expressions[index] ?? query.binds[index - 1].map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL"
            sql = sql.replacingOccurrences(of: "$\(index)", with: "(\(value))")
        }
        return sql.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") + ";"
    }
}
