#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import OCPIModel
import OCPIStorage
import PGClient

/// The Tariffs module's hot paths: a peer's list page, an owner's PUT, and pricing (in `PricingBench`). Each tenant
/// gets `perTenant` tariffs, `T-00001`… (the locations' connectors list `TARIFF-AC` and `TARIFF-DC`, which are
/// seeded too).
struct TariffBench {
    static let perTenant = 400

    static func tariffID(_ number: Int) -> String {
        "T-" + String(format: "%05d", number)
    }

    /// A realistic 2.3.0 tariff: day and night energy prices, a charging-time price after two hours, parking, a
    /// start fee, limits.
    static func body(tenant: Int, id: String) -> String {
        let key = BenchFixture.tenants[tenant]
        return #"""
            {"country_code": "\#(key.countryCode)", "party_id": "\#(key.partyID)", "id": "\#(id)", "currency": "EUR", "type": "REGULAR",
             "tax_included": "NO", "tariff_alt_text": [{"language": "en", "text": "0.39/kWh by day, 0.29/kWh by night, 1.00 start fee"}],
             "min_price": {"before_taxes": 1.00, "after_taxes": 1.21}, "max_price": {"before_taxes": 80.00},
             "elements": [
               {"price_components": [{"type": "FLAT", "price": 1.00, "vat": 21, "step_size": 1}]},
               {"price_components": [{"type": "ENERGY", "price": 0.29, "vat": 21, "step_size": 1}],
                "restrictions": {"start_time": "22:00", "end_time": "07:00"}},
               {"price_components": [{"type": "TIME", "price": 3.00, "vat": 21, "step_size": 60}],
                "restrictions": {"min_duration": 7200}},
               {"price_components": [{"type": "ENERGY", "price": 0.39, "vat": 21, "step_size": 1},
                                     {"type": "PARKING_TIME", "price": 6.00, "vat": 21, "step_size": 300}]}]}
            """#
    }

    /// Creates every tenant's tariffs through the writer, as a PUT would.
    static func seed(_ pool: PGPool) async throws {
        let writer = ObjectWriter<Tariffs>(pool: pool)
        let context = ObjectContext(version: .v2_3_0, defaultLastUpdated: .now(), timeZones: nil)
        for tenant in 0..<3 {
            for id in ["TARIFF-AC", "TARIFF-DC"] + (1...perTenant).map(tariffID) {
                let draft = try OCPIJSON.decoder.decode(TariffDraft.self, from: Data(body(tenant: tenant, id: id).utf8))
                let address = ObjectAddress(tenant: BenchFixture.tenants[tenant], ids: [id])
                _ = try await writer.write(ObjectWrite(method: .put, address: address, body: draft, context: context))
            }
        }
    }

    /// The documents the service would write for a tariff PUT, for the pgbench script.
    static func storeTemplates(_ pool: PGPool) async throws {
        let draft = try OCPIJSON.decoder.decode(TariffDraft.self, from: Data(body(tenant: 0, id: tariffID(1)).utf8))
        let tariff = try Tariff(draft: draft, context: ObjectContext(version: .v2_3_0, defaultLastUpdated: .now(), timeZones: nil))
        let encode = { (value: any Encodable) in String(decoding: try OCPIJSON.encoder.encode(value), as: UTF8.self) }
        try await pool.query("INSERT INTO bench_templates VALUES ('tariff_document', \(try encode(tariff)))")
        try await pool.query("INSERT INTO bench_templates VALUES ('tariff_doc_221', \(try encode(tariff.rendered(for: .v2_2_1))))")
        try await pool.query("INSERT INTO bench_templates VALUES ('tariff_doc_230', \(try encode(tariff.rendered(for: .v2_3_0))))")
    }

    static let idExpression = "'T-' || lpad(:n::text, 5, '0')"

    static let luaPrelude = """
        local tenants = {{"DE", "BN1"}, {"NL", "BN2"}, {"FR", "BN3"}}
        math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
        local function pick()
          local t = math.random(1, 3)
          return t, string.format("T-%05d", math.random(1, \(perTenant)))
        end

        """

    static let pgPrelude = """
        \\set t random(1, 3)
        \\set n random(1, \(perTenant))

        """

    /// GET /tariffs?limit=100 as a '*' peer.
    static func wrkPage(_ fixture: BenchFixture) -> String {
        """
        local headers = {["Authorization"] = "\(Scripts.authorization(fixture.peerToken))"}
        request = function()
          return wrk.format("GET", "/ocpi/cpo/2.3.0/tariffs?limit=100", headers)
        end
        """
    }

    static func pgPage() -> String {
        Scripts.pgbench(
            ObjectStore<Tariffs>.sharedPageStatement(scope: .all, request: PageRequest(offset: 0, limit: 100), version: .v2_3_0), [:])
    }

    /// PUT of a whole tariff by its owner (a random existing tariff: a replace).
    static func wrkPut() -> String {
        let template = body(tenant: 0, id: tariffID(1))
            .replacingOccurrences(of: "%", with: "%%")
            .replacingOccurrences(of: "\"\(tariffID(1))\"", with: "\"%s\"")
            .replacingOccurrences(of: "\"country_code\": \"DE\", \"party_id\": \"BN1\"", with: "\"country_code\": \"%s\", \"party_id\": \"%s\"")
            .replacingOccurrences(of: "\n", with: " ")
        return luaPrelude + """
            local tokens = {"\(Scripts.authorization(BenchFixture.ownerToken(0)))", "\(Scripts.authorization(BenchFixture.ownerToken(1)))", "\(Scripts.authorization(BenchFixture.ownerToken(2)))"}
            local template = [[\(template)]]
            request = function()
              local t, id = pick()
              local body = string.format(template, tenants[t][1], tenants[t][2], id)
              return wrk.format("PUT", "/ocpi/cpo/2.3.0/tariffs/" .. tenants[t][1] .. "/" .. tenants[t][2] .. "/" .. id,
                {["Authorization"] = tokens[t], ["Content-Type"] = "application/json"}, body)
            end
            """
    }

    static func pgPut() -> String {
        pgPrelude + Scripts.pgWrite(Tariffs.self, change: .replaced, subIDs: [], id: idExpression, templatePrefix: "tariff_")
    }
}
